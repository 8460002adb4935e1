// Reads what a rank appends to its log and keeps the `@openclaw {json}` metric lines it prints.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { METRIC_PREFIX, parseMetricLine } from '../src/core/metric-line';
import type { MetricSample__Output as MetricSample } from '../proto/generated/openclaw/agent/v1/MetricSample';

const PREFIX = Buffer.from(METRIC_PREFIX);
/** Bytes read per poll, so one chatty rank cannot stall the agent. */
const READ_PER_POLL = 8 * 2 ** 20;
/** A longer line is not a metric line: its start is dropped. */
const MAX_LINE = 64 * 1024;

export class MetricTail {
  private offset = 0;
  private partial = Buffer.alloc(0);

  constructor(
    private readonly path: string,
    private readonly rank: number,
    private readonly emit: (sample: Omit<MetricSample, 'seq' | 'attempt'>) => void,
  ) {}

  /** Reads what was appended since the last call; returns the bytes read. */
  poll(): number {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch {
      return 0;
    }
    try {
      const size = fstatSync(fd).size;
      const want = Math.min(size - this.offset, READ_PER_POLL);
      if (want <= 0) return 0;
      const buf = Buffer.allocUnsafe(want);
      const n = readSync(fd, buf, 0, want, this.offset);
      this.offset += n;
      this.scan(buf.subarray(0, n));
      return n;
    } finally {
      closeSync(fd);
    }
  }

  private scan(chunk: Buffer): void {
    let data = this.partial.length ? Buffer.concat([this.partial, chunk]) : chunk;
    const lastNl = data.lastIndexOf(0x0a);
    const complete = lastNl >= 0 ? data.subarray(0, lastNl) : Buffer.alloc(0);
    const rest = lastNl >= 0 ? data.subarray(lastNl + 1) : data;
    this.partial = rest.length > MAX_LINE ? Buffer.alloc(0) : Buffer.from(rest);
    // Only lines holding the prefix are decoded: a log of megabytes costs one indexOf scan.
    let at = complete.indexOf(PREFIX);
    while (at >= 0) {
      const start = complete.lastIndexOf(0x0a, at) + 1;
      let end = complete.indexOf(0x0a, at);
      if (end < 0) end = complete.length;
      const parsed = parseMetricLine(complete.subarray(start, end).toString('utf8'));
      if (parsed) this.emit({ rank: this.rank, atMs: Date.now(), values: parsed.values, source: 'printed' });
      at = complete.indexOf(PREFIX, end);
    }
    data = Buffer.alloc(0);
  }
}
