/**
 * Shortest job first (non-preemptive): waiting jobs with the least estimated work start first;
 * a job that does not fit is skipped for smaller ones. Jobs without an estimate go last.
 */
import type { JobView, Policy } from '../api';
import { bestFit, type PlacementStrategy } from '../placement';
import { KeyedOrder, placeInOrder, thenArrival } from './common';

export const remainingOf = (j: JobView): number => j.remainingSeconds ?? Number.POSITIVE_INFINITY;

export function sjf(options: { placement?: PlacementStrategy } = {}): Policy {
  const place = options.placement ?? bestFit;
  const order = thenArrival(remainingOf);
  const queue = new KeyedOrder();
  return {
    name: 'sjf',
    description: 'Shortest job first: the waiting job with the least estimated work starts first; no preemption.',
    schedule(input) {
      if (input.waiting.length === 0 || input.cluster.freeCount() === 0) return input.plan.decisions;
      placeInOrder(input, queue.sync(input.waiting, remainingOf), place, false, (j) => `shortest waiting job (${fmt(remainingOf(j))})`);
      return input.plan.decisions;
    },
    explain(job, { waiting }) {
      const ahead = waiting.filter((w) => w !== job && order(w, job) < 0).length;
      return ahead ? `${ahead} shorter waiting job${ahead === 1 ? '' : 's'} go first` : undefined;
    },
  };
}

export function fmt(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'length unknown';
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
