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
import type { ClusterView, Decision, JobOrder, JobView, Policy, SchedulingInput } from '../api';
import { bestFit, type PlacementStrategy } from '../placement';
import { mergedTimeShareRound, placeInOrder, pruneToRunning, type RunningInOrder } from './common';
import { TimedRunningOrder } from './timed-running-order';
import { TimerHeap } from './timer-heap';
import { WaitingQueue } from './waiting-queue';

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
  /**
   * The running jobs in LAS order, moved only when their queue changes (the waiting ones are in
   * `queue`); kept once sortRunning is first asked for.
   */
  private runningJobs: TimedRunningOrder | undefined;
  /** The waiting jobs in LAS order, kept between rounds. */
  private readonly queue: WaitingQueue;
  /** When waiting jobs with some service are promoted to the first queue for starving (a min-heap). */
  private readonly promotions = new TimerHeap();
  private now = 0;

  constructor(
    readonly thresholds: readonly number[] = DEFAULT_LAS_THRESHOLDS,
    readonly starvationFactor = 2,
    readonly minRunSeconds = DEFAULT_LAS_MIN_RUN_SECONDS,
  ) {
    this.queue = new WaitingQueue(
      (j) => this.queueOf(j, this.now),
      (j, q) => {
        if (q > 0 && j.attainedService > 0) this.promotions.push(this.promotedAt(j), j);
      },
    );
  }

  /** When a waiting job's wait reaches `starvationFactor` × its run (queueOf's test). */
  private promotedAt(job: JobView): number {
    const ran = job.attainedService / Math.max(1, job.request.gpus);
    return (job.waitingSince ?? this.stoppedAt.get(job.id) ?? job.arrival) + this.starvationFactor * ran;
  }

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
    while (q < this.thresholds.length && service >= this.thresholds[q]!) q++;
    return q;
  }

  /** The running jobs in LAS order, and their queues (after `waiting` this round). */
  sortRunning(running: readonly JobView[], cluster: ClusterView): RunningInOrder {
    this.runningJobs ??= new TimedRunningOrder(
      (j) => this.queueOf(j, this.now),
      (j) => this.nextQueueChange(j),
    );
    return this.runningJobs.sync(running, this.now, cluster);
  }

  /**
   * When a running job's queue may next change: its minimum run ends, or its service (growing by
   * the devices it holds each second) reaches the next limit.
   */
  private nextQueueChange(job: JobView): number {
    const now = this.now;
    if (this.minRunSeconds > 0) {
      const started = this.startedAt.get(job.id);
      if (started !== undefined && now - started < this.minRunSeconds) return started + this.minRunSeconds;
    }
    const rate = Math.max(job.request.gpus, job.devices.length);
    if (rate <= 0) return Number.POSITIVE_INFINITY;
    const service = job.attainedService;
    for (const limit of this.thresholds) if (service < limit) return now + (limit - service) / rate;
    return Number.POSITIVE_INFINITY;
  }

  /**
   * The waiting jobs in LAS order, kept between rounds: updated from the round's changes, the last
   * round's decisions, and the promotions of starving jobs that fell due.
   */
  waiting(input: SchedulingInput): JobOrder {
    this.now = input.now;
    if (!input.changes) this.promotions.clear();
    this.runningJobs?.changes(input);
    const jobs = this.queue.update(input);
    const retry: JobView[] = [];
    // A little slack: queueOf's own test decides; a job not yet promoted is looked at next round.
    while (this.promotions.size > 0 && this.promotions.peekTime() <= input.now + 1e-6 * Math.max(1, Math.abs(input.now))) {
      const job = this.promotions.pop();
      if (!this.queue.has(job)) continue;
      if (this.queueOf(job, input.now) === 0) this.queue.rekey(job);
      else retry.push(job);
    }
    for (const j of retry) this.promotions.push(this.promotedAt(j), j);
    return jobs;
  }

  /** The smallest request waiting (after `waiting`). */
  get smallestWaiting(): number {
    return this.queue.smallest;
  }

  /** Notes this round's preemptions and placements. */
  observe(decisions: readonly Decision[], now: number, running: readonly JobView[]): void {
    // Placed jobs are found in the queue before it lets them go.
    const runningJobs = this.runningJobs;
    const placed = runningJobs && new Map<string, JobView>();
    if (runningJobs && placed) {
      for (const d of decisions) {
        // A running job moved to other devices (las-hetero) is found among the running.
        const job = d.kind === 'place' ? (this.queue.byIdOf(d.job) ?? runningJobs.byIdOf(d.job)) : undefined;
        if (job) placed.set(d.job, job);
      }
    }
    this.queue.settle(decisions, running, runningJobs && ((id) => runningJobs.byIdOf(id)));
    pruneToRunning(this.startedAt, running, decisions.length + 64);
    for (const d of decisions) {
      if (d.kind === 'preempt') {
        this.stoppedAt.set(d.job, now);
        this.startedAt.delete(d.job);
      } else if (d.kind === 'place') {
        this.stoppedAt.delete(d.job);
        this.startedAt.set(d.job, now);
      }
    }
    // After the start times: a job started now is keyed within its minimum run.
    if (runningJobs && placed) runningJobs.settle(decisions, (id) => placed.get(id));
  }

  describe(job: JobView, now: number): string {
    return `in LAS queue ${this.queueOf(job, now)} of ${this.thresholds.length + 1} (${Math.round(job.attainedService)} device-seconds so far); jobs in lower queues or earlier in this one go first, and it is promoted if it waits ${this.starvationFactor}× as long as it has run`;
  }
}

export function lasRound(input: SchedulingInput, place: PlacementStrategy, queues: LasQueues, label: string): void {
  const queueOf = (j: JobView) => queues.queueOf(j, input.now);
  const waiting = queues.waiting(input);
  if (input.trigger === 'round') {
    // The kept queue merged with the running jobs: a waiting job's queue is its key in `waiting`.
    const running = queues.sortRunning(input.running, input.cluster);
    mergedTimeShareRound(
      input,
      waiting,
      running,
      queueOf,
      place,
      (j) => `${label}: other jobs have less attained service (this one: queue ${queueOf(j)})`,
      (j) => `${label}: queue ${queueOf(j)}, arrival order within it`,
      queues.smallestWaiting,
    );
  } else if (input.cluster.freeCount() >= queues.smallestWaiting) {
    placeInOrder(input, waiting, place, false, (j) => `${label}: queue ${queueOf(j)}, next in line for free devices`, queues.smallestWaiting);
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
      else queues.waiting(input); // keeps the queue in step with the changes
      return input.plan.decisions;
    },
    explain(job, { now }) {
      return queues.describe(job, now);
    },
  };
}
