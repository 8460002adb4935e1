/** `openclaw logs JOB [--follow] [--rank N] [--tail BYTES]`: a job's rank output, from the state folder. */
import type { Command } from 'commander';
import { readLogs } from '../controller/log-files';
import { DEFAULT_STATE_DIR, reportError, UsageError } from './cli-errors';
import type { LogChunk } from '../controller/api';
import { findJob, jobEndWatcher, openStateDir, pickJob } from './job-lookup';
import { withServer } from './server-client';

interface LogsFlags {
  stateDir: string;
  cluster?: string;
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
    .option('-c, --cluster <file>', "a control plane's cluster file (backend: server)")
    .option('-f, --follow', 'keep printing new output until the job ends')
    .option('--rank <n>', 'only this rank')
    .option('--tail <bytes>', 'start this many bytes before the end')
    .action(async (id: string, flags: LogsFlags) => {
      try {
        const rank = flags.rank === undefined ? undefined : Number(flags.rank);
        if (rank !== undefined && !(Number.isInteger(rank) && rank >= 0)) throw new UsageError(`--rank: expected a rank number, got ${JSON.stringify(flags.rank)}`);
        const tail = flags.tail === undefined ? undefined : Number(flags.tail);
        if (tail !== undefined && !(Number.isInteger(tail) && tail >= 0)) throw new UsageError(`--tail: expected a number of bytes, got ${JSON.stringify(flags.tail)}`);
        const abort = new AbortController();
        process.once('SIGINT', () => abort.abort());
        const options = { follow: flags.follow, rank, tailBytes: tail, signal: abort.signal };
        if (flags.cluster) {
          await withServer(flags.cluster, (c) => print(c.logs(pickJob(c.jobs(), id, `the control plane at ${c.address}`).id, options)));
          return;
        }
        const state = openStateDir(flags.stateDir);
        const job = findJob(state, id);
        await print(readLogs(state, job.id, options, jobEndWatcher(state, job)));
      } catch (err) {
        process.exitCode = reportError(err);
      }
    });
}

async function print(chunks: AsyncIterable<LogChunk>): Promise<void> {
  let attempt = 0;
  for await (const chunk of chunks) {
    if (chunk.attempt !== undefined && chunk.attempt !== attempt) {
      attempt = chunk.attempt;
      if (attempt > 1) process.stdout.write(`--- attempt ${attempt} ---\n`);
    }
    const lines = chunk.text.endsWith('\n') ? chunk.text.slice(0, -1).split('\n') : chunk.text.split('\n');
    process.stdout.write(lines.map((l) => `[rank ${chunk.rank}] ${l}\n`).join(''));
  }
}
