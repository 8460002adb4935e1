/** `openclaw logs JOB [--follow] [--rank N] [--tail BYTES]`: a job's rank output, from the state folder. */
import type { Command } from 'commander';
import { readLogs } from '../controller/log-files';
import { DEFAULT_STATE_DIR, reportError, UsageError } from './cli-errors';
import { findJob, jobEndWatcher, openStateDir } from './job-lookup';

interface LogsFlags {
  stateDir: string;
  follow?: boolean;
  rank?: string;
  tail?: string;
}

export function registerLogs(program: Command): void {
  program
    .command('logs')
    .description("show a job's logs")
    .argument('<job>', 'job id (or a unique prefix)')
    .option('--state-dir <dir>', 'folder of the journal that `openclaw run` used', DEFAULT_STATE_DIR)
    .option('-f, --follow', 'keep printing new output until the job ends')
    .option('--rank <n>', 'only this rank')
    .option('--tail <bytes>', 'start this many bytes before the end')
    .action(async (id: string, flags: LogsFlags) => {
      try {
        const state = openStateDir(flags.stateDir);
        const job = findJob(state, id);
        const rank = flags.rank === undefined ? undefined : Number(flags.rank);
        if (rank !== undefined && !(Number.isInteger(rank) && rank >= 0)) throw new UsageError(`--rank: expected a rank number, got ${JSON.stringify(flags.rank)}`);
        const tail = flags.tail === undefined ? undefined : Number(flags.tail);
        if (tail !== undefined && !(Number.isInteger(tail) && tail >= 0)) throw new UsageError(`--tail: expected a number of bytes, got ${JSON.stringify(flags.tail)}`);
        const isDone = jobEndWatcher(state, job);
        const abort = new AbortController();
        process.once('SIGINT', () => abort.abort());
        let attempt = 0;
        for await (const chunk of readLogs(state, job.id, { follow: flags.follow, rank, tailBytes: tail, signal: abort.signal }, isDone)) {
          if (chunk.attempt !== undefined && chunk.attempt !== attempt) {
            attempt = chunk.attempt;
            if (attempt > 1) process.stdout.write(`--- attempt ${attempt} ---\n`);
          }
          const lines = chunk.text.endsWith('\n') ? chunk.text.slice(0, -1).split('\n') : chunk.text.split('\n');
          process.stdout.write(lines.map((l) => `[rank ${chunk.rank}] ${l}\n`).join(''));
        }
      } catch (err) {
        process.exitCode = reportError(err);
      }
    });
}
