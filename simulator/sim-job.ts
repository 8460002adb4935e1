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
  // Declared and set in this order, which is the object's layout: the fields that policies read of
  // every running job at every time-sharing round come first and share the object's first cache
  // lines (a round visits thousands of jobs, and each line not in cache is a miss).
  state: 'waiting' | 'running';
  devices: readonly number[];
  readonly request: JobRequest;
  readonly id: string;
  readonly arrival: number;
  /** Its throughputs by model (fixed per job: its profile and size; looked up on first read). */
  private rates: Readonly<Record<string, number>> | undefined;
  phase: Phase;
  /** Device-seconds before the current segment. */
  serviceBase: number;
  /** When the current segment started, when its start/restore overhead ends, and when it completes. */
  segStart: number;
  private readonly ctx: JobContext;
  /** When it last started waiting: arrival, preemption or failure. */
  waitingSince: number;
  /** Position in the simulator's running list. */
  runIndex: number;
  readonly index: number;
  readonly user: string;
  readonly priority: number;
  readonly profile: Profile;
  readonly totalSteps: number;
  readonly checkpointEvery: number;
  readonly maxRestarts: number;
  restarts: number;
  preemptions: number;
  /** Steps done before the current run segment. */
  stepsDone: number;
  productiveFrom: number;
  endAt: number;
  /** Steps/s in the current segment. */
  rate: number;
  /** Bumped whenever the job stops, so that its scheduled completion is recognised as stale. */
  epoch: number;
  firstStart: number;
  end: number;
  lostGpuSeconds: number;
  /** Sorted distinct device models it ran on, joined by "+". */
  models: string;
  /** Steps/s it is estimated to run at while waiting (fixed per job; computed on first read). */
  private estRate: number;

  constructor(index: number, id: string, arrival: number, request: JobRequest, user: string, priority: number, profile: Profile, totalSteps: number, checkpointEvery: number, maxRestarts: number, ctx: JobContext) {
    this.state = 'waiting';
    this.devices = EMPTY;
    this.request = request;
    this.id = id;
    this.arrival = arrival;
    this.rates = undefined;
    this.phase = Phase.Pending;
    this.serviceBase = 0;
    this.segStart = 0;
    this.ctx = ctx;
    this.waitingSince = 0;
    this.runIndex = -1;
    this.index = index;
    this.user = user;
    this.priority = priority;
    this.profile = profile;
    this.totalSteps = totalSteps;
    this.checkpointEvery = checkpointEvery;
    this.maxRestarts = maxRestarts;
    this.restarts = 0;
    this.preemptions = 0;
    this.stepsDone = 0;
    this.productiveFrom = 0;
    this.endAt = 0;
    this.rate = 0;
    this.epoch = 0;
    this.firstStart = -1;
    this.end = -1;
    this.lostGpuSeconds = 0;
    this.models = '';
    this.estRate = -1;
  }

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
