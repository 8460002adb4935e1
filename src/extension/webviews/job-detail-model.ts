/**
 * What a job detail panel is sent, from the controller: the job with the clock its times are on,
 * its metric samples (new ones while the panel is open), and its checkpoints. No `vscode` here: the
 * host forwards the messages, and tests drive this with a real controller.
 */
import type { Controller, ControllerChange } from '../../controller/api';
import type { JobRecord, MetricSample } from '../../core/job';
import type { JobDetailToWebview } from '../../protocol/job-detail';

/** New metric samples are gathered over this many milliseconds into one message. */
const METRICS_FLUSH_MS = 100;

export interface JobDetailSink {
  /** The page is listening (it sent `ready`): before that, nothing is sent but the full state on ready. */
  ready(): boolean;
  post(message: JobDetailToWebview): void;
}

export class JobDetailFeed {
  /** The last sample the page has, as an object of the controller's (bounded) list. */
  private lastSent: MetricSample | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** What the checkpoint list was last sent for: the job's checkpointing state and newest checkpoint. */
  private checkpointKey: string | undefined;
  /** Jobs overlaid on the charts, refreshed while they report. */
  private compared: string[] = [];
  private compareTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly controller: () => Controller | undefined,
    readonly jobId: string,
    private readonly sink: JobDetailSink,
  ) {}

  /** The full state, on every `ready` of the page. */
  async sendAll(): Promise<void> {
    const c = this.controller();
    const job = c?.job(this.jobId);
    if (!c || !job) {
      this.sink.post({ type: 'gone', jobId: this.jobId });
      return;
    }
    const samples = c.metrics(this.jobId);
    this.lastSent = samples[samples.length - 1];
    this.sink.post(this.jobMessage(c, job));
    this.sink.post({ type: 'metrics', samples: [...samples], reset: true });
    if (this.compared.length) this.sendCompared();
    await this.sendCheckpoints();
  }

  /** Overlays these jobs' series on the charts (an empty list clears them). */
  compareWith(jobIds: readonly string[]): void {
    this.compared = jobIds.filter((id) => id !== this.jobId);
    if (this.sink.ready()) this.sendCompared();
  }

  private sendCompared(): void {
    const c = this.controller();
    if (!c) return;
    const jobs = this.compared.flatMap((id) => {
      const job = c.job(id);
      return job ? [{ id, name: job.spec.name === c.job(this.jobId)?.spec.name ? job.id : job.spec.name, samples: [...c.metrics(id)] }] : [];
    });
    this.sink.post({ type: 'compare', jobs });
  }

  onChange(change: ControllerChange): void {
    if (!this.sink.ready()) return;
    const c = this.controller();
    if (!c) return;
    if (change.kind === 'job' && change.job.id === this.jobId) {
      this.sink.post(this.jobMessage(c, change.job));
      // Listing checkpoints is I/O (an RPC to an agent): only when the newest one or the state changed,
      // not on every step a job reports.
      const key = `${change.job.state === 'checkpointing'}|${change.job.lastCheckpoint?.path ?? ''}|${change.job.lastCheckpoint?.complete ?? ''}`;
      if (key !== this.checkpointKey) {
        this.checkpointKey = key;
        void this.sendCheckpoints();
      }
      this.scheduleMetrics();
    } else if ((change.kind === 'job' || change.kind === 'log') && this.compared.includes(change.kind === 'job' ? change.job.id : change.jobId)) {
      // Compared jobs are re-sent whole, at most once a second: they are context, not the subject.
      this.compareTimer ??= setTimeout(() => {
        this.compareTimer = undefined;
        if (this.sink.ready()) this.sendCompared();
      }, 1000);
    } else if (change.kind === 'job-removed' && change.jobId === this.jobId) {
      this.sink.post({ type: 'gone', jobId: this.jobId });
    } else if (change.kind === 'log' && change.jobId === this.jobId) {
      // A backend reports a metric right after the line it came from: read the samples a moment later.
      this.scheduleMetrics();
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.compareTimer) clearTimeout(this.compareTimer);
    this.timer = undefined;
    this.compareTimer = undefined;
  }

  /**
   * The controller keeps each job's samples (a bounded list, oldest first), whatever the backend:
   * the simulator reports metrics without `@openclaw` lines, so the list is read, not the log.
   */
  private scheduleMetrics(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flushMetrics();
    }, METRICS_FLUSH_MS);
  }

  private flushMetrics(): void {
    const c = this.controller();
    if (!c || !this.sink.ready()) return;
    const samples = c.metrics(this.jobId);
    if (samples.length === 0 || samples[samples.length - 1] === this.lastSent) return;
    const from = this.lastSent ? samples.lastIndexOf(this.lastSent) : -1;
    this.lastSent = samples[samples.length - 1];
    // The last sample sent has left the bounded list (or a new attempt started it afresh): send it all.
    if (from < 0) this.sink.post({ type: 'metrics', samples: [...samples], reset: true });
    else this.sink.post({ type: 'metrics', samples: samples.slice(from + 1), reset: false });
  }

  private async sendCheckpoints(): Promise<void> {
    const c = this.controller();
    if (!c) return;
    const checkpoints = await c.checkpoints(this.jobId).catch(() => []);
    this.sink.post({ type: 'checkpoints', checkpoints: [...checkpoints] });
  }

  private jobMessage(c: Controller, job: JobRecord): JobDetailToWebview {
    if (job.backend !== 'simulator') return { type: 'job', job, now: Date.now(), clock: 'wall' };
    return { type: 'job', job, now: simulatedNow(c, job), clock: 'simulated' };
  }
}

/**
 * The simulator's clock runs ahead of the wall clock, and the controller does not expose it: the
 * latest simulated instant it has reported (a transition of any job, this job's newest metric or
 * checkpoint) stands for "now", as in the Jobs view.
 */
function simulatedNow(c: Controller, job: JobRecord): number {
  let now = 0;
  for (const j of c.jobs()) {
    const last = j.history[j.history.length - 1];
    if (last && last.at > now) now = last.at;
  }
  const samples = c.metrics(job.id);
  const newest = samples[samples.length - 1];
  if (newest && newest.at > now) now = newest.at;
  if (job.lastCheckpoint && job.lastCheckpoint.mtimeMs > now) now = job.lastCheckpoint.mtimeMs;
  return now;
}
