/**
 * `openclaw cancel JOB [--state-dir DIR | --cluster FILE]`: asks the manager that runs the job to
 * cancel it (its ranks are torn down). Without a running manager, the request waits for the next
 * one. With a control plane's cluster file, the control plane cancels it (the owner's or an admin's).
 */
import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { isTerminal } from '../core/job-state';
import { DEFAULT_STATE_DIR, reportError } from './cli-errors';
import { findJob, openStateDir, pickJob } from './job-lookup';
import { withServer } from './server-client';

export function registerCancel(program: Command): void {
  program
    .command('cancel')
    .description('cancel a job')
    .argument('<job>', 'job id (or a unique prefix)')
    .option('--state-dir <dir>', 'folder of the journal that `openclaw run` used', DEFAULT_STATE_DIR)
    .option('-c, --cluster <file>', "a control plane's cluster file (backend: server)")
    .option('--no-wait', 'return without waiting for the job to stop')
    .action(async (id: string, flags: { stateDir: string; cluster?: string; wait: boolean }) => {
      try {
        if (flags.cluster) {
          const line = await withServer(flags.cluster, async (c) => {
            const job = pickJob(c.jobs(), id, `the control plane at ${c.address}`);
            if (isTerminal(job.state)) return `job ${job.id} already ${job.state}`;
            await c.cancel(job.id, `cancelled by ${c.user} with \`openclaw cancel\``);
            if (!flags.wait) return `job ${job.id}: cancel requested`;
            const end = await c.waitForEnd(job.id, AbortSignal.timeout(60_000));
            return `job ${job.id} ${end.state}`;
          });
          process.stdout.write(line + '\n');
          return;
        }
        const state = openStateDir(flags.stateDir);
        const job = findJob(state, id);
        if (isTerminal(job.state)) {
          process.stdout.write(`job ${job.id} already ${job.state}\n`);
          return;
        }
        state.request({ kind: 'cancel', jobId: job.id, reason: 'cancelled with `openclaw cancel`' });
        if (state.liveManager() === undefined) {
          process.stdout.write(`job ${job.id}: no manager is running on ${state.root}; it is cancelled when \`openclaw run\` starts there again\n`);
          return;
        }
        if (!flags.wait) {
          process.stdout.write(`job ${job.id}: cancel requested\n`);
          return;
        }
        const deadline = Date.now() + 60_000;
        let size = -1;
        while (Date.now() < deadline) {
          const s = statSync(state.journalPath).size;
          if (s !== size) {
            size = s;
            const now = findJob(state, job.id);
            if (isTerminal(now.state)) {
              process.stdout.write(`job ${job.id} ${now.state}\n`);
              return;
            }
          }
          await new Promise((r) => setTimeout(r, 200));
        }
        process.stdout.write(`job ${job.id}: cancel requested; the manager has not finished it after 60 s\n`);
        process.exitCode = 1;
      } catch (err) {
        process.exitCode = reportError(err);
      }
    });
}
