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
import type { Decision, JobView, Policy } from '../api';
import { bestFit, type PlacementStrategy } from '../placement';
import { byArrival, fillRound, mergedTimeShareRound, pruneToRunning, thenArrival } from './common';
import { RunningOrder } from './running-order';
import { WaitingQueue } from './waiting-queue';
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
  /** The running jobs in SRTF order, kept between rounds. */
  const runningOrder = new RunningOrder();
  const waitingQueue = new WaitingQueue(remainingOf);
  /**
   * Each running job this policy started: when, and its whole work in seconds at the rate its
   * waiting estimate assumed (that estimate over the work it had left). A running job's own
   * remaining time is not comparable with waiting jobs' estimates: on slower devices than the
   * estimate's, or spread, or with checkpoint pauses counted, it looks longer than a waiting job
   * with the same work left, is preempted by it, and once waiting looks short again.
   */
  const started = new Map<string, { readonly at: number; readonly work: number }>();
  /** A running job's remaining work in the waiting estimates' seconds (its own time left when not known). */
  const workLeft = (j: JobView, s: { readonly work: number } | undefined): number =>
    s === undefined || !Number.isFinite(s.work) ? remainingOf(j) : s.work * Math.max(0, 1 - j.progress);
  return {
    name: 'srtf',
    description: 'Shortest remaining time first: the jobs with the least work left run, preempting longer ones when the gain exceeds the preemption cost.',
    schedule(input) {
      const { now, plan } = input;
      // Waiting jobs' estimates do not change while they wait: their order is kept between rounds.
      runningOrder.changes(input);
      const shortestFirst = waitingQueue.update(input);
      if (shortestFirst.length === 0) return plan.decisions;
      // A running job's key is its remaining time less the gain a preemption must bring, or -∞
      // while it is within its quantum: waiting jobs pass it only when worth the save and restore.
      const key = (j: JobView): number => {
        if (j.state !== 'running') return remainingOf(j);
        // One lookup a job: this runs for every running job at most rounds.
        const s = started.get(j.id);
        if (quantum > 0 && now - (s?.at ?? Number.NEGATIVE_INFINITY) < quantum) return Number.NEGATIVE_INFINITY;
        return workLeft(j, s) - gain;
      };
      /** Notes this round's decisions: the waiting queue, and when each job it started began. */
      const settle = (): readonly Decision[] => {
        pruneToRunning(started, input.running, 64);
        // Placed jobs are found in the queue before it lets them go: their work is its estimate.
        for (const d of plan.decisions) {
          if (d.kind === 'place') {
            const job = waitingQueue.byIdOf(d.job);
            const work = job ? remainingOf(job) / Math.max(1e-9, 1 - job.progress) : Number.NaN;
            started.set(d.job, { at: now, work });
          } else if (d.kind === 'preempt') started.delete(d.job);
        }
        runningOrder.settle(plan.decisions, (id) => waitingQueue.byIdOf(id));
        waitingQueue.settle(plan.decisions, input.running);
        return plan.decisions;
      };
      const head = shortestFirst.at(0);
      const free = input.cluster.freeCount();
      const placeReason = (j: JobView): string => `among the shortest remaining (${fmt(remainingOf(j))})`;
      // One waiting job with devices free for it: every running job keeps its devices (the full
      // order would choose them all), so the round is that job's alone and no running job is read.
      if (shortestFirst.length === 1 && free >= head!.request.gpus) {
        fillRound(input, shortestFirst, place, placeReason, waitingQueue.smallest);
        return settle();
      }
      // The running jobs in SRTF order: the last of them, and whether the shortest waiting job comes before it.
      const headKey = remainingOf(head!);
      const running = runningOrder.sync(input.running, key);
      const n = running.jobs.length;
      const last = n > 0 ? running.jobs.at(n - 1) : undefined;
      const lastKey = n > 0 ? running.keys[n - 1]! : Number.NEGATIVE_INFINITY;
      const someLonger = lastKey > headKey;
      // A full cluster where no waiting job beats a running one: nothing can change.
      if (free === 0 && !someLonger) return plan.decisions;
      const d = headKey - lastKey;
      const passes = last !== undefined && (d < 0 || (!(d > 0) && byArrival(head!, last) < 0));
      if (!passes) {
        // No waiting job comes before a running one: every running job keeps its devices.
        fillRound(input, shortestFirst, place, placeReason, waitingQueue.smallest);
      } else {
        const preemptReason = (j: JobView): string => `shorter jobs are waiting (this one has ${fmt(remainingOf(j))} left)`;
        mergedTimeShareRound(input, shortestFirst, running.jobs, key, place, preemptReason, placeReason, waitingQueue.smallest, running.keys);
      }
      return settle();
    },
    explain(job, { waiting }) {
      const ahead = waiting.filter((w) => w !== job && order(w, job) < 0).length;
      return ahead ? `${ahead} waiting job${ahead === 1 ? '' : 's'} with less work left go first` : undefined;
    },
  };
}
