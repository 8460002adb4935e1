/**
 * Shortest remaining time first (preemptive SJF): the jobs with the least estimated work left hold
 * the devices; a new, shorter job preempts the running job with the most work left.
 *
 * Against thrashing: a preemption costs the victim a checkpoint save and a later restore, so a
 * waiting job displaces a running one only when it is shorter by more than that cost
 * (`minGainSeconds`, by default the simulator's default save + restore, 10 s + 20 s), and a job
 * that started less than `minRunSeconds` ago is not preempted at all. Without them, jobs whose
 * remaining times cross flip back and forth and pay the save/restore on every flip.
 */
import type { JobView, Policy } from '../api';
import { bestFit, type PlacementStrategy } from '../placement';
import { allJobs, KeyedOrder, thenArrival, timeShareRound } from './common';
import { fmt, remainingOf } from './sjf';

export interface SrtfOptions {
  placement?: PlacementStrategy;
  /** Seconds of work a waiting job must save over a running one to preempt it (default 30: save + restore). */
  minGainSeconds?: number;
  /** Seconds a job runs before it may be preempted (default 0). */
  minRunSeconds?: number;
}

export const DEFAULT_PREEMPTION_COST_SECONDS = 30;

export function srtf(options: SrtfOptions = {}): Policy {
  const place = options.placement ?? bestFit;
  const gain = options.minGainSeconds ?? DEFAULT_PREEMPTION_COST_SECONDS;
  const quantum = options.minRunSeconds ?? 1800;
  const order = thenArrival(remainingOf);
  const jobs = new KeyedOrder();
  /** When this policy last started each running job. */
  const startedAt = new Map<string, number>();
  return {
    name: 'srtf',
    description: 'Shortest remaining time first: the jobs with the least work left run, preempting longer ones when the gain exceeds the preemption cost.',
    schedule(input) {
      const { now, plan } = input;
      if (input.waiting.length === 0) return plan.decisions;
      // A running job's key is its remaining time less the gain a preemption must bring, or -∞
      // while it is within its quantum: waiting jobs pass it only when worth the save and restore.
      const key = (j: JobView): number => {
        const r = remainingOf(j);
        if (j.state !== 'running') return r;
        if (quantum > 0 && now - (startedAt.get(j.id) ?? Number.NEGATIVE_INFINITY) < quantum) return Number.NEGATIVE_INFINITY;
        return r - gain;
      };
      // A full cluster where no waiting job beats a running one: nothing can change.
      if (input.cluster.freeCount() === 0) {
        let shortestWaiting = Number.POSITIVE_INFINITY;
        for (const j of input.waiting) shortestWaiting = Math.min(shortestWaiting, remainingOf(j));
        if (!input.running.some((r) => key(r) > shortestWaiting)) return plan.decisions;
      }
      const ordered = jobs.sync(allJobs(input), key);
      timeShareRound(
        input,
        ordered,
        place,
        (j) => `shorter jobs are waiting (this one has ${fmt(remainingOf(j))} left)`,
        (j) => `among the shortest remaining (${fmt(remainingOf(j))})`,
      );
      // Start times of jobs that have since ended are dropped now and then, so the map stays small.
      if (startedAt.size > 2 * input.running.length + 64) {
        const keep = new Map<string, number>();
        for (const r of input.running) {
          const t = startedAt.get(r.id);
          if (t !== undefined) keep.set(r.id, t);
        }
        startedAt.clear();
        for (const [id, t] of keep) startedAt.set(id, t);
      }
      for (const d of plan.decisions) {
        if (d.kind === 'place') startedAt.set(d.job, now);
        else if (d.kind === 'preempt') startedAt.delete(d.job);
      }
      return plan.decisions;
    },
    explain(job, { waiting }) {
      const ahead = waiting.filter((w) => w !== job && order(w, job) < 0).length;
      return ahead ? `${ahead} waiting job${ahead === 1 ? '' : 's'} with less work left go first` : undefined;
    },
  };
}
