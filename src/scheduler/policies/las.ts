/**
 * Tiresias' discretised two-dimensional least-attained-service (2D-LAS). A job's attained service
 * is device-seconds (devices × time run: both dimensions at once). Jobs fall into a few priority
 * queues by that service; lower queues go first, FIFO by arrival within a queue. Every round
 * (time-sharing, 360 s by default) the queues are re-evaluated and jobs that have fallen behind
 * are preempted; between rounds free devices are filled in the same order.
 *
 * Starvation: a job that has waited more than `starvationFactor` × the time it has run since it
 * last stopped is promoted to the first queue, as Tiresias does.
 */
import type { JobView, Policy, SchedulingInput } from '../api';
import { bestFit, type PlacementStrategy } from '../placement';
import { allJobs, byArrival, placeInOrder, sortBy, timeShareRound } from './common';

export interface LasOptions {
  placement?: PlacementStrategy;
  /** Queue limits in device-seconds; jobs with less service than limits[i] are in queue i. */
  thresholds?: readonly number[];
  starvationFactor?: number;
  roundSeconds?: number;
}

/** 1 device-hour, 10 device-hours: three queues. */
export const DEFAULT_LAS_THRESHOLDS: readonly number[] = [3600, 36000];

export function lasQueue(job: JobView, now: number, thresholds: readonly number[], starvationFactor: number): number {
  const service = job.attainedService;
  if (job.state === 'waiting' && service > 0) {
    const ran = service / Math.max(1, job.request.gpus);
    const waited = now - (job.waitingSince ?? job.arrival);
    if (waited >= starvationFactor * ran) return 0;
  }
  let q = 0;
  while (q < thresholds.length && service >= thresholds[q]) q++;
  return q;
}

export function lasOrder(now: number, thresholds: readonly number[], starvationFactor: number): (a: JobView, b: JobView) => number {
  const queue = new Map<JobView, number>();
  const q = (j: JobView): number => {
    let v = queue.get(j);
    if (v === undefined) queue.set(j, (v = lasQueue(j, now, thresholds, starvationFactor)));
    return v;
  };
  return (a, b) => q(a) - q(b) || byArrival(a, b);
}

export function lasRound(input: SchedulingInput, place: PlacementStrategy, thresholds: readonly number[], starvationFactor: number, label: string): void {
  const order = lasOrder(input.now, thresholds, starvationFactor);
  const queueOf = (j: JobView) => lasQueue(j, input.now, thresholds, starvationFactor);
  if (input.trigger === 'round') {
    timeShareRound(
      input,
      sortBy(allJobs(input), order),
      place,
      (j) => `${label}: other jobs have less attained service (this one: queue ${queueOf(j)})`,
      (j) => `${label}: queue ${queueOf(j)}, arrival order within it`,
    );
  } else if (input.cluster.freeCount() > 0) {
    placeInOrder(input, sortBy(input.waiting, order), place, false, (j) => `${label}: queue ${queueOf(j)}, next in line for free devices`);
  }
}

export function las(options: LasOptions = {}): Policy {
  const place = options.placement ?? bestFit;
  const thresholds = options.thresholds ?? DEFAULT_LAS_THRESHOLDS;
  const starvationFactor = options.starvationFactor ?? 2;
  return {
    name: 'las',
    description: "Tiresias' discretised 2D least-attained-service: jobs with the least device-seconds so far go first, preempting others each round.",
    timeSharing: true,
    roundSeconds: options.roundSeconds ?? 360,
    schedule(input) {
      if (input.waiting.length > 0) lasRound(input, place, thresholds, starvationFactor, 'las');
      return input.plan.decisions;
    },
    explain(job, { now }) {
      const q = lasQueue(job, now, thresholds, starvationFactor);
      return `in LAS queue ${q} of ${thresholds.length + 1} (${Math.round(job.attainedService)} device-seconds so far); jobs in lower queues or earlier in this one go first, and it is promoted if it waits ${starvationFactor}× as long as it has run`;
    },
  };
}
