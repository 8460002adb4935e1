/**
 * `openclaw submit SPEC... --cluster FILE`: hands job specs to a team's control plane (a cluster
 * file with `backend: server`) and returns; the jobs run whether or not this terminal stays.
 * `openclaw jobs --cluster FILE` and `openclaw logs JOB --cluster FILE` follow them.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadJobSpec } from '../controller/spec-loader';
import { reportError, requireFile } from './cli-errors';
import { withServer } from './server-client';

export function registerSubmit(program: Command): void {
  program
    .command('submit')
    .description("submit job specs to a team's control plane and return")
    .argument('<specs...>', 'job specs (*.claw.yaml)')
    .requiredOption('-c, --cluster <file>', "the control plane's cluster file (backend: server)")
    .option('--json', 'print the job records as JSON')
    .action(async (specs: string[], flags: { cluster: string; json?: boolean }) => {
      try {
        // Every spec is checked before any is submitted: a typo in the tenth does not leave nine behind.
        const loaded = specs.map((s) => {
          requireFile(s);
          return { spec: loadJobSpec(resolve(s)), path: resolve(s) };
        });
        const jobs = await withServer(flags.cluster, async (c) => {
          const out = [];
          for (const s of loaded) out.push(await c.submit(s.spec, s.path));
          return out;
        });
        if (flags.json) process.stdout.write(JSON.stringify(jobs, null, 2) + '\n');
        else for (const j of jobs) process.stdout.write(`submitted job ${j.id} (${j.state}${j.waitReason ? `: ${j.waitReason}` : ''})\n`);
      } catch (err) {
        process.exitCode = reportError(err);
      }
    });
}
