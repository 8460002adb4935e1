// Finds the TensorBoard event files a job writes (`events.out.tfevents.*` under its working,
// output and checkpoint folders) and reads them as they grow, turning their scalars into metric
// samples: what `torch.utils.tensorboard`, Lightning's and Keras' loggers and flax.metrics write,
// without the script printing anything for OpenClaw.
import { closeSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_FILE, EventFileReader, samplesByStep } from '../src/core/metrics/event-file';

export interface EventSample {
  atMs: number;
  step: number;
  values: Record<string, number>;
}

export interface EventFilesOptions {
  /** Folders looked through at most this deep (default 5). */
  maxDepth?: number;
  /** Directory entries looked at per discovery (default 20,000): a cap on the cost of a big tree. */
  maxEntries?: number;
  /** Event files followed at once (default 64). */
  maxFiles?: number;
  /** Bytes read per file per poll (default 8 MiB): one huge file cannot stall the agent. */
  readPerPoll?: number;
  /** Discovery runs at most this often (default 2 s); reading runs on every poll. */
  discoverEveryMs?: number;
}

/** Folders never looked into: they hold no event files a job writes, and can be huge. */
const SKIP = new Set(['node_modules', '.git', '__pycache__', '.venv', 'venv', 'site-packages', '.cache']);

interface Followed {
  offset: number;
  reader: EventFileReader;
  /** Records of this file skipped as corrupt so far. */
  corrupt: number;
}

export class EventFilesTail {
  private readonly files = new Map<string, Followed>();
  private lastDiscovery = -Infinity;

  constructor(
    private readonly roots: readonly string[],
    private readonly emit: (sample: EventSample) => void,
    private readonly options: EventFilesOptions = {},
  ) {}

  /**
   * Looks for new files (when due, or now with `discoverNow`) and reads what every followed file
   * gained; returns the bytes read.
   */
  poll(discoverNow = false): number {
    const now = Date.now();
    if (discoverNow || now - this.lastDiscovery >= (this.options.discoverEveryMs ?? 2000)) {
      this.lastDiscovery = now;
      this.discover();
    }
    let read = 0;
    for (const [path, f] of this.files) read += this.readMore(path, f);
    return read;
  }

  get followed(): readonly string[] {
    return [...this.files.keys()];
  }

  /** Records skipped as corrupt, over every file. */
  get corrupt(): number {
    let n = 0;
    for (const f of this.files.values()) n += f.corrupt;
    return n;
  }

  private discover(): void {
    const maxDepth = this.options.maxDepth ?? 5;
    const maxFiles = this.options.maxFiles ?? 64;
    let budget = this.options.maxEntries ?? 20_000;
    const seen = new Set<string>();
    const walk = (dir: string, depth: number): void => {
      if (budget <= 0 || seen.has(dir)) return;
      seen.add(dir);
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (--budget <= 0 || this.files.size >= maxFiles) return;
        const full = join(dir, e.name);
        if (e.isFile() && EVENT_FILE.test(e.name)) {
          if (!this.files.has(full)) this.files.set(full, { offset: 0, reader: new EventFileReader(), corrupt: 0 });
        } else if (e.isDirectory() && depth < maxDepth && !SKIP.has(e.name)) walk(full, depth + 1);
      }
    };
    for (const root of this.roots) walk(root, 0);
  }

  private readMore(path: string, f: Followed): number {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return 0;
    }
    try {
      const size = fstatSync(fd).size;
      const want = Math.min(size - f.offset, this.options.readPerPoll ?? 8 * 2 ** 20);
      if (want <= 0) return 0;
      const buf = Buffer.allocUnsafe(want);
      const n = readSync(fd, buf, 0, want, f.offset);
      f.offset += n;
      const { points, corrupt } = f.reader.push(buf.subarray(0, n));
      f.corrupt = corrupt;
      for (const sample of samplesByStep(points)) this.emit({ atMs: sample.atMs, step: sample.step, values: { step: sample.step, ...sample.values } });
      return n;
    } finally {
      closeSync(fd);
    }
  }
}
