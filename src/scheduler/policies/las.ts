/**
 * Tiresias' discretised two-dimensional least-attained-service (2D-LAS). A job's attained service
 * is device-seconds (devices × time run: both dimensions at once). Jobs fall into a few priority
 * queues by that service; lower queues go first, FIFO by arrival within a queue. Every round
 * (time-sharing, 360 s by default) the queues are re-evaluated and jobs that have fallen behind
 * are preempted; between rounds free devices are filled in the same order.
 *
 * Starvation: a job that has waited, since it last stopped, more than `starvationFactor` × the
 * time it has run is promoted to the first queue, as Tiresias does.
 */
import type { Decision, JobView, Policy, SchedulingInput } from '../api';
import { bestFit, type PlacementStrategy } from '../placement';
import { allJobs, KeyedOrder, placeInOrder, timeShareRound } from './common';

export interface LasOptions {
  placement?: PlacementStrategy;
  /** Queue limits in device-seconds; jobs with less service than limits[i] are in queue i. */
  thresholds?: readonly number[];
  starvationFactor?: number;
  roundSeconds?: number;
  /** Seconds a job this policy started runs before a round may preempt it (default 360). */
  minRunSeconds?: number;
}

/**
 * One round: a job started just before a round boundary, or promoted for starving (its service
 * puts it back in a high queue as soon as it runs), would otherwise be preempted seconds after it
 * started and pay a checkpoint save and restore for nothing.
 */
export const DEFAULT_LAS_MIN_RUN_SECONDS = 360;

/** 1 device-hour, 10 device-hours: three queues. */
export const DEFAULT_LAS_THRESHOLDS: readonly number[] = [3600, 36000];

/** The queues, and when each job last stopped (drivers may say so in JobView.waitingSince). */
export class LasQueues {
  /** When this policy last preempted each job that has not run since. */
  private readonly stoppedAt = new Map<string, number>();
  /** When this policy last started each job it placed that has not been preempted since. */
  private readonly startedAt = new Map<string, number>();
  /** Last round's order of the waiting jobs (slot 0) and of all jobs (slot 1), updated in place. */
  private readonly orders = [new KeyedOrder(), new KeyedOrder()];

  constructor(
    readonly thresholds: readonly number[] = DEFAULT_LAS_THRESHOLDS,
    readonly starvationFactor = 2,
    readonly minRunSeconds = DEFAULT_LAS_MIN_RUN_SECONDS,
  ) {}

  /** The job's queue; -1 (ahead of all) for a running job still within its minimum run. */
  queueOf(job: JobView, now: number): number {
    if (job.state === 'running' && this.minRunSeconds > 0) {
      const started = this.startedAt.get(job.id);
      if (started !== undefined && now - started < this.minRunSeconds) return -1;
    }
    const service = job.attainedService;
    if (job.state === 'waiting' && service > 0) {
      const ran = service / Math.max(1, job.request.gpus);
      const since = job.waitingSince ?? this.stoppedAt.get(job.id) ?? job.arrival;
      if (now - since >= this.starvationFactor * ran) return 0;
    }
    let q = 0;
    while (q < this.thresholds.length && service >= this.thresholds[q]) q++;
    return q;
  }

  /** Jobs in LAS order: lower queue first, then arrival. `slot` 1 for lists with running jobs. */
  sort(jobs: readonly JobView[], now: number, slot: 0 | 1 = 0): readonly JobView[] {
    return this.orders[slot].sync(jobs, (j) => this.queueOf(j, now));
  }

  /** Notes this round's preemptions and placements. */
  observe(decisions: readonly Decision[], now: number, running?: readonly JobView[]): void {
    // Start times of jobs that have since ended are dropped now and then, so the map stays small.
    if (running && this.startedAt.size > 2 * running.length + decisions.length + 64) {
      const keep = new Map<string, number>();
      for (const r of running) {
        const t = this.startedAt.get(r.id);
        if (t !== undefined) keep.set(r.id, t);
      }
      this.startedAt.clear();
      for (const [id, t] of keep) this.startedAt.set(id, t);
    }
    for (const d of decisions) {
      if (d.kind === 'preempt') {
        this.stoppedAt.set(d.job, now);
        this.startedAt.delete(d.job);
      } else if (d.kind === 'place') {
        this.stoppedAt.delete(d.job);
        this.startedAt.set(d.job, now);
      }
    }
  }

  describe(job: JobView, now: number): string {
    return `in LAS queue ${this.queueOf(job, now)} of ${this.thresholds.length + 1} (${Math.round(job.attainedService)} device-seconds so far); jobs in lower queues or earlier in this one go first, and it is promoted if it waits ${this.starvationFactor}× as long as it has run`;
  }
}

export function lasRound(input: SchedulingInput, place: PlacementStrategy, queues: LasQueues, label: string): void {
  const queueOf = (j: JobView) => queues.queueOf(j, input.now);
  if (input.trigger === 'round') {
    timeShareRound(
      input,
      queues.sort(allJobs(input), input.now, 1),
      place,
      (j) => `${label}: other jobs have less attained service (this one: queue ${queueOf(j)})`,
      (j) => `${label}: queue ${queueOf(j)}, arrival order within it`,
    );
  } else if (input.cluster.freeCount() > 0) {
    placeInOrder(input, queues.sort(input.waiting, input.now), place, false, (j) => `${label}: queue ${queueOf(j)}, next in line for free devices`);
  }
  queues.observe(input.plan.decisions, input.now, input.running);
}

export function las(options: LasOptions = {}): Policy {
  const place = options.placement ?? bestFit;
  const queues = new LasQueues(options.thresholds, options.starvationFactor, options.minRunSeconds);
  return {
    name: 'las',
    description: "Tiresias' discretised 2D least-attained-service: jobs with the least device-seconds so far go first, preempting others each round.",
    timeSharing: true,
    roundSeconds: options.roundSeconds ?? 360,
    schedule(input) {
      if (input.waiting.length > 0) lasRound(input, place, queues, 'las');
      return input.plan.decisions;
    },
    explain(job, { now }) {
      return queues.describe(job, now);
    },
  };
}
