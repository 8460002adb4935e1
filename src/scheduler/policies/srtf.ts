/**
 * Shortest remaining time first (preemptive SJF): the jobs with the least estimated work left hold
 * the devices; a new, shorter job preempts the running job with the most work left.
 */
import type { Policy } from '../api';
import { bestFit, type PlacementStrategy } from '../placement';
import { allJobs, sortByKey, thenArrival, timeShareRound } from './common';
import { fmt, remainingOf } from './sjf';

export function srtf(options: { placement?: PlacementStrategy } = {}): Policy {
  const place = options.placement ?? bestFit;
  const order = thenArrival(remainingOf);
  return {
    name: 'srtf',
    description: 'Shortest remaining time first: the jobs with the least work left run, preempting longer ones.',
    schedule(input) {
      if (input.waiting.length === 0) return input.plan.decisions;
      // A full cluster where no waiting job is shorter than a running one: nothing can change.
      if (input.cluster.freeCount() === 0) {
        let shortestWaiting = Number.POSITIVE_INFINITY;
        for (const j of input.waiting) shortestWaiting = Math.min(shortestWaiting, remainingOf(j));
        if (!input.running.some((r) => remainingOf(r) > shortestWaiting)) return input.plan.decisions;
      }
      const ordered = sortByKey(allJobs(input), remainingOf);
      timeShareRound(
        input,
        ordered,
        place,
        (j) => `shorter jobs are waiting (this one has ${fmt(remainingOf(j))} left)`,
        (j) => `among the shortest remaining (${fmt(remainingOf(j))})`,
      );
      return input.plan.decisions;
    },
    explain(job, { waiting }) {
      const ahead = waiting.filter((w) => w !== job && order(w, job) < 0).length;
      return ahead ? `${ahead} waiting job${ahead === 1 ? '' : 's'} with less work left go first` : undefined;
    },
  };
}
