/**
 * `openclaw jobs [--state-dir DIR | --cluster FILE] [--json]`: the jobs of a state folder, from its
 * journal, or of a team's control plane (a cluster file with `backend: server`), with their owners.
 */
import type { Command } from 'commander';
import { DEFAULT_STATE_DIR, reportError } from './cli-errors';
import { join } from 'node:path';
import type { JobRecord } from '../core/job';
import { openStateDir, readJobsChecked } from './job-lookup';
import { withServer } from './server-client';

export function registerJobs(program: Command): void {
  program
    .command('jobs')
    .description('list jobs')
    .option('--state-dir <dir>', 'folder of the journal that `openclaw run` used', DEFAULT_STATE_DIR)
    .option('-c, --cluster <file>', "a control plane's cluster file (backend: server): list its jobs, everyone's")
    .option('--json', 'print the job records as JSON')
    .action(async (flags: { stateDir: string; cluster?: string; json?: boolean }) => {
      try {
        if (flags.cluster) {
          const jobs = await withServer(flags.cluster, async (c) => c.jobs());
          printJobs(jobs, new Set(), flags.json, true);
          return;
        }
        const state = openStateDir(flags.stateDir);
        const { jobs, damage, inDoubt } = readJobsChecked(state);
        // Said on stderr, so that --json stays parseable.
        for (const line of damage) process.stderr.write(`warning: ${join(state.root, line)}\n`);
        for (const [id, d] of inDoubt) process.stderr.write(`warning: job ${id} may have ended after what the journal shows (line ${d.line} is damaged): its state is in doubt\n`);
        printJobs(jobs, new Set(inDoubt.keys()), flags.json, false);
      } catch (err) {
        process.exitCode = reportError(err);
      }
    });
}

function printJobs(jobs: readonly JobRecord[], inDoubt: ReadonlySet<string>, json: boolean | undefined, owners: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify(jobs, null, 2) + '\n');
    return;
  }
  if (jobs.length === 0) {
    process.stdout.write('no jobs\n');
    return;
  }
  const rows = [['ID', ...(owners ? ['OWNER'] : []), 'STATE', 'STEP', 'RESTARTS', 'NODES', 'SUBMITTED']];
  for (const j of jobs) {
    const step = j.step === undefined ? '-' : j.totalSteps ? `${j.step}/${j.totalSteps}` : String(j.step);
    const nodes = [...new Set(j.placement.map((r) => r.node))].join(',') || '-';
    const state = inDoubt.has(j.id) ? `${j.state}?` : j.state;
    rows.push([j.id, ...(owners ? [j.spec.user ?? '-'] : []), state, step, String(j.restarts), nodes, new Date(j.history[0]?.at ?? 0).toISOString().replace('T', ' ').slice(0, 19)]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) process.stdout.write(r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd() + '\n');
}
