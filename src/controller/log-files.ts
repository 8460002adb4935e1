/**
 * Rank output as the manager keeps it: one file per attempt and rank in the state folder, written
 * as lines arrive from the backend, read back by `Controller.logs` and by `openclaw logs` in
 * another process (tail and follow included).
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LogChunk, LogOptions } from './api';
import type { StateDir } from './state-dir';

export class LogMirror {
  private readonly fds = new Map<string, number>();

  constructor(private readonly state: StateDir) {}

  /** Appends a line; an `unterminated` one (the output's last, without a newline) is kept as it is. */
  write(jobId: string, attempt: number, rank: number, line: string, unterminated = false): void {
    const key = `${jobId}\0${attempt}\0${rank}`;
    let fd = this.fds.get(key);
    if (fd === undefined) {
      mkdirSync(this.state.logDir(jobId), { recursive: true });
      fd = openSync(this.state.logPath(jobId, attempt, rank), 'a');
      this.fds.set(key, fd);
    }
    writeSync(fd, unterminated || line.endsWith('\n') ? line : line + '\n');
  }

  /** Bytes written so far for one rank of one attempt (where a re-attached stream resumes). */
  size(jobId: string, attempt: number, rank: number): number {
    const path = this.state.logPath(jobId, attempt, rank);
    if (!existsSync(path)) return 0;
    const fd = openSync(path, 'r');
    try {
      return fstatSync(fd).size;
    } finally {
      closeSync(fd);
    }
  }

  closeJob(jobId: string): void {
    for (const [key, fd] of this.fds) {
      if (key.startsWith(`${jobId}\0`)) {
        closeSync(fd);
        this.fds.delete(key);
      }
    }
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}

interface LogFile {
  attempt: number;
  rank: number;
  path: string;
}

function listFiles(state: StateDir, jobId: string, rank: number | undefined): LogFile[] {
  const dir = state.logDir(jobId);
  if (!existsSync(dir)) return [];
  const out: LogFile[] = [];
  for (const name of readdirSync(dir)) {
    const m = /^a(\d+)-r(\d+)\.log$/.exec(name);
    if (!m) continue;
    const f = { attempt: Number(m[1]), rank: Number(m[2]), path: `${dir}/${name}` };
    if (rank === undefined || f.rank === rank) out.push(f);
  }
  return out.sort((a, b) => a.attempt - b.attempt || a.rank - b.rank);
}

const CHUNK = 64 * 1024;

/**
 * Reads (and with `follow`, keeps reading) a job's rank logs, attempt by attempt. Chunks end at a
 * line boundary. `isDone` says when the job has ended, so that following stops once drained.
 */
export async function* readLogs(state: StateDir, jobId: string, options: LogOptions, isDone: () => boolean, pollMs = 200): AsyncGenerator<LogChunk> {
  const offsets = new Map<string, number>();
  const buf = Buffer.allocUnsafe(CHUNK);
  let first = true;
  for (;;) {
    const done = isDone();
    let progressed = false;
    const files = listFiles(state, jobId, options.rank);
    const lastAttempt = files.reduce((m, f) => Math.max(m, f.attempt), 0);
    for (const f of files) {
      const fd = openSync(f.path, 'r');
      try {
        const size = fstatSync(fd).size;
        let offset = offsets.get(f.path);
        if (offset === undefined) {
          offset = 0;
          // The tail applies to what is there at the start, and only to the newest attempt.
          if (first && options.tailBytes !== undefined) offset = f.attempt === lastAttempt ? Math.max(0, size - options.tailBytes) : size;
          if (offset > 0) {
            // Start on a line boundary.
            const n = readSync(fd, buf, 0, Math.min(CHUNK, size - offset), offset);
            const nl = buf.subarray(0, n).indexOf(10);
            offset = nl >= 0 ? offset + nl + 1 : size;
          }
        }
        while (offset < size) {
          const n = readSync(fd, buf, 0, Math.min(CHUNK, size - offset), offset);
          if (n <= 0) break;
          let end = buf.subarray(0, n).lastIndexOf(10) + 1;
          // A line longer than a chunk goes out whole-chunk; a partial last line waits for its end.
          if (end === 0) end = n === CHUNK || done ? n : 0;
          if (end === 0) break;
          yield { rank: f.rank, attempt: f.attempt, offset, text: buf.toString('utf8', 0, end) };
          offset += end;
          progressed = true;
        }
        offsets.set(f.path, offset);
      } finally {
        closeSync(fd);
      }
    }
    first = false;
    if (!options.follow || options.signal?.aborted) return;
    if (done && !progressed) return;
    await sleep(pollMs, undefined, { signal: options.signal }).catch(() => undefined);
    if (options.signal?.aborted) return;
  }
}
