/**
 * A job inside the simulator: what policies see (a JobView) plus the bookkeeping of its progress.
 * Service, progress and remaining time are computed from the simulated clock when read, so the
 * simulator never touches every running job at every event.
 */
import { trainedSeconds } from '../src/core/lifecycle';
import type { JobRequest, JobView } from '../src/scheduler/api';
import type { Profile } from './perf/perf-model';

export const enum Phase {
  Pending = 0,
  Waiting = 1,
  Running = 2,
  Done = 3,
  Cancelled = 4,
  /** Lost more often than its restart budget allows. */
  Failed = 5,
}

const EMPTY: readonly number[] = Object.freeze([]);

/** The clock and models jobs read their live figures from. */
export interface JobContext {
  now: number;
  /** Seconds a checkpoint takes to write (training pauses meanwhile). */
  readonly saveSeconds: number;
  /** Steps/s of a waiting job on the cluster's default device, packed (for remaining-time estimates). */
  estimateRate(job: SimJob): number;
  throughputs(job: SimJob): Readonly<Record<string, number>>;
}

export class SimJob implements JobView {
  state: 'waiting' | 'running' = 'waiting';
  phase: Phase = Phase.Pending;
  devices: readonly number[] = EMPTY;
  restarts = 0;
  preemptions = 0;
  /** When it last started waiting: arrival, preemption or failure. */
  waitingSince = 0;
  /** Steps done before the current run segment. */
  stepsDone = 0;
  /** When the current segment started, when its start/restore overhead ends, and when it completes. */
  segStart = 0;
  productiveFrom = 0;
  endAt = 0;
  /** Steps/s in the current segment. */
  rate = 0;
  /** Device-seconds before the current segment. */
  serviceBase = 0;
  /** Bumped whenever the job stops, so that its scheduled completion is recognised as stale. */
  epoch = 0;
  firstStart = -1;
  end = -1;
  lostGpuSeconds = 0;
  /** Sorted distinct device models it ran on, joined by "+". */
  models = '';
  /** Position in the simulator's running list. */
  runIndex = -1;
  /** Steps/s it is estimated to run at while waiting (fixed per job; computed on first read). */
  private estRate = -1;
  /** Its throughputs by model (fixed per job: its profile and size; looked up on first read). */
  private rates: Readonly<Record<string, number>> | undefined = undefined;

  constructor(
    readonly index: number,
    readonly id: string,
    readonly arrival: number,
    readonly request: JobRequest,
    readonly user: string,
    readonly priority: number,
    readonly profile: Profile,
    readonly totalSteps: number,
    readonly checkpointEvery: number,
    readonly maxRestarts: number,
    private readonly ctx: JobContext,
  ) {}

  get gpus(): number {
    return this.request.gpus;
  }

  /** Steps done by time t (t within the current segment when running). */
  stepsAt(t: number): number {
    if (this.phase !== Phase.Running) return this.stepsDone;
    const elapsed = t - this.productiveFrom;
    if (elapsed <= 0) return this.stepsDone;
    return Math.min(this.totalSteps, this.stepsDone + trainedSeconds(elapsed, this.checkpointEvery, this.ctx.saveSeconds) * this.rate);
  }

  get attainedService(): number {
    return this.phase === Phase.Running ? this.serviceBase + (this.ctx.now - this.segStart) * this.request.gpus : this.serviceBase;
  }

  get progress(): number {
    return this.stepsAt(this.ctx.now) / this.totalSteps;
  }

  get remainingSeconds(): number | undefined {
    if (this.phase === Phase.Running) return Math.max(0, this.endAt - this.ctx.now);
    const left = this.totalSteps - this.stepsDone;
    if (this.estRate < 0) this.estRate = this.ctx.estimateRate(this);
    return this.estRate > 0 ? left / this.estRate : undefined;
  }

  get throughput(): Readonly<Record<string, number>> {
    // Heterogeneity-aware policies read it for every chosen job at every round.
    return (this.rates ??= this.ctx.throughputs(this));
  }
}
