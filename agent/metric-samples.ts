// The metric samples the agent keeps of one job: a bounded list whatever the rate a script prints
// them at. When full, the older three quarters are thinned to every other sample, so the list
// spans the whole run (coarser the further back) and memory stays flat under a flood.
import type { MetricSample__Output as MetricSample } from '../proto/generated/openclaw/agent/v1/MetricSample';

/** Samples kept per job (a sample is a few hundred bytes: at most a few MiB per job). */
export const MAX_SAMPLES_PER_JOB = 4096;

export class MetricSamples {
  private list: MetricSample[] = [];

  constructor(private readonly capacity = MAX_SAMPLES_PER_JOB) {}

  push(sample: MetricSample): void {
    this.list.push(sample);
    if (this.list.length > this.capacity) this.thin();
  }

  /** Every other sample of the older three quarters goes; the newest quarter stays whole. */
  private thin(): void {
    const recent = Math.floor(this.capacity / 4);
    const old = this.list.length - recent;
    const kept: MetricSample[] = [];
    for (let i = 0; i < old; i += 2) kept.push(this.list[i]!);
    for (let i = old; i < this.list.length; i++) kept.push(this.list[i]!);
    this.list = kept;
  }

  /** Samples after `sinceSeq` (of one attempt, unless 0), oldest first, at most `limit`. */
  since(sinceSeq: number, attempt: number, limit: number): MetricSample[] {
    const out: MetricSample[] = [];
    for (const s of this.list) {
      if ((s.seq ?? 0) <= sinceSeq || (attempt && s.attempt !== attempt)) continue;
      out.push(s);
      if (out.length >= limit) break;
    }
    return out;
  }

  get size(): number {
    return this.list.length;
  }
}
