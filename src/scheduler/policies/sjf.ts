/**
 * Shortest job first (non-preemptive): waiting jobs with the least estimated work start first;
 * a job that does not fit is skipped for smaller ones. Jobs without an estimate go last.
 */
import type { JobView, Policy } from '../api';
import { bestFit, type PlacementStrategy } from '../placement';
import { thenArrival } from './common';
import { placeFromQueue, WaitingQueue } from './waiting-queue';
import { formatDuration } from '../../core/duration';

export const remainingOf = (j: JobView): number => j.remainingSeconds ?? Number.POSITIVE_INFINITY;

export function sjf(options: { placement?: PlacementStrategy } = {}): Policy {
  const place = options.placement ?? bestFit;
  const order = thenArrival(remainingOf);
  // A waiting job's estimate does not change while it waits: the queue is kept between rounds.
  const queue = new WaitingQueue(remainingOf);
  return {
    name: 'sjf',
    description: 'Shortest job first: the waiting job with the least estimated work starts first; no preemption.',
    schedule(input) {
      placeFromQueue(input, queue, place, (j) => `shortest waiting job (${fmt(remainingOf(j))})`);
      return input.plan.decisions;
    },
    explain(job, { waiting }) {
      const ahead = waiting.filter((w) => w !== job && order(w, job) < 0).length;
      return ahead ? `${ahead} shorter waiting job${ahead === 1 ? '' : 's'} go first` : undefined;
    },
  };
}

export function fmt(seconds: number): string {
  return Number.isFinite(seconds) ? formatDuration(seconds) : 'length unknown';
}
