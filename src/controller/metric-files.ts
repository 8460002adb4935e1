/**
 * A job's metric samples as the manager keeps them on disk: every sample, one JSON line each, in
 * `jobs/<id>/metrics.jsonl` of the state folder. Memory holds a thinned copy (core/metrics/downsample);
 * `openclaw metrics` in another process reads this file, following it as it grows.
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MetricSample } from '../core/job';
import type { StateDir } from './state-dir';

/** Lines are written in batches: a chatty script costs one write per flush, not one per sample. */
const FLUSH_MS = 500;
const FLUSH_BYTES = 256 * 1024;

export class MetricMirror {
  private readonly pending = new Map<string, string[]>();
  private pendingBytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly state: StateDir) {}

  write(jobId: string, sample: MetricSample): void {
    const line = JSON.stringify(sample) + '\n';
    const list = this.pending.get(jobId) ?? [];
    list.push(line);
    this.pending.set(jobId, list);
    this.pendingBytes += line.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const [jobId, lines] of this.pending) {
      const path = this.state.metricsPath(jobId);
      mkdirSync(dirname(path), { recursive: true });
      const fd = openSync(path, 'a');
      try {
        writeSync(fd, lines.join(''));
      } finally {
        closeSync(fd);
      }
    }
    this.pending.clear();
    this.pendingBytes = 0;
  }
}

export interface MetricReadOptions {
  follow?: boolean;
  signal?: AbortSignal;
  pollMs?: number;
}

/** The samples on disk, oldest first, in batches; with `follow`, until `isDone` and drained. */
export async function* readMetricFile(state: StateDir, jobId: string, isDone: () => boolean, options: MetricReadOptions = {}): AsyncGenerator<MetricSample[]> {
  const path = state.metricsPath(jobId);
  let offset = 0;
  let partial = '';
  const buf = Buffer.allocUnsafe(256 * 1024);
  for (;;) {
    const done = isDone();
    let batch: MetricSample[] = [];
    if (existsSync(path)) {
      const fd = openSync(path, 'r');
      try {
        const size = fstatSync(fd).size;
        while (offset < size) {
          const n = readSync(fd, buf, 0, Math.min(buf.length, size - offset), offset);
          if (n <= 0) break;
          offset += n;
          partial = samplesOf(partial + buf.toString('utf8', 0, n), (s) => batch.push(s));
          if (batch.length >= 10_000) {
            yield batch;
            batch = [];
          }
        }
      } finally {
        closeSync(fd);
      }
    }
    if (batch.length) yield batch;
    if (!options.follow || options.signal?.aborted || done) return;
    await sleep(options.pollMs ?? 250, undefined, { signal: options.signal }).catch(() => undefined);
    if (options.signal?.aborted) return;
  }
}

/** Visits the samples of the whole lines of `text` (a damaged line is skipped); returns the unfinished last line. */
function samplesOf(text: string, visit: (s: MetricSample) => void): string {
  const lines = text.split('\n');
  const partial = lines.pop() ?? '';
  for (const l of lines) {
    const parsed = l ? MetricSample.safeParse(safeJson(l)) : undefined;
    if (parsed?.success) visit(parsed.data);
  }
  return partial;
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** Bytes of a job's metric file now (0 when it has none): what a restarted manager has yet to load. */
export function metricFileSize(state: StateDir, jobId: string): number {
  try {
    return statSync(state.metricsPath(jobId)).size;
  } catch {
    return 0;
  }
}

/** The samples in the first `upTo` bytes of a job's metric file, oldest first, visited one by one. */
export function forEachStoredSample(state: StateDir, jobId: string, upTo: number, visit: (s: MetricSample) => void): void {
  let fd: number;
  try {
    fd = openSync(state.metricsPath(jobId), 'r');
  } catch {
    return;
  }
  try {
    const buf = Buffer.allocUnsafe(1024 * 1024);
    let offset = 0;
    let partial = '';
    while (offset < upTo) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, upTo - offset), offset);
      if (n <= 0) break;
      offset += n;
      partial = samplesOf(partial + buf.toString('utf8', 0, n), visit);
    }
  } finally {
    closeSync(fd);
  }
}
