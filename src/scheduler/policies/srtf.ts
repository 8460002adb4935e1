/**
 * Shortest remaining time first (preemptive SJF): the jobs with the least estimated work left hold
 * the devices; a new, shorter job preempts the running job with the most work left.
 *
 * Against thrashing: a preemption costs the victim a checkpoint save and a later restore, so a
 * waiting job displaces a running one only when it is shorter by more than that cost
 * (`minGainSeconds`, by default the simulator's default save + restore, 10 s + 20 s), and a job
 * that started less than `minRunSeconds` ago is not preempted at all. Without them, jobs whose
 * remaining times cross flip back and forth and pay the save/restore on every flip.
 *
 * With `roundSeconds` (the built-in `srtf-rounds`) it preempts only at rounds, as Gavel does: a
 * round then reads the running jobs, and the calls between rounds only fill free devices.
 */
import type { Decision, JobView, Policy } from '../api';
import { bestFit, type PlacementStrategy } from '../placement';
import { fillRound, pruneToRunning, tailTimeShareRound, thenArrival } from './common';
import { RunningTail, type FallingKey } from './running-tail';
import { WaitingQueue } from './waiting-queue';
import { fmt, remainingOf } from './sjf';

export interface SrtfOptions {
  placement?: PlacementStrategy;
  /** Seconds of work a waiting job must save over a running one to preempt it (default 30: save + restore). */
  minGainSeconds?: number;
  /** Seconds a job runs before it may be preempted (default 1800). */
  minRunSeconds?: number;
  /**
   * Preempt only at rounds this many seconds apart (Gavel's round mechanism): between rounds a job
   * starts only on free devices. Unset (the default): a shorter job preempts as soon as it arrives.
   */
  roundSeconds?: number;
}

export const DEFAULT_PREEMPTION_COST_SECONDS = 30;

/** A running job srtf started: when, and its whole work in the waiting estimates' seconds. */
interface Started {
  readonly at: number;
  readonly work: number;
}

export function srtf(options: SrtfOptions = {}): Policy {
  const place = options.placement ?? bestFit;
  const gain = options.minGainSeconds ?? DEFAULT_PREEMPTION_COST_SECONDS;
  const quantum = options.minRunSeconds ?? 1800;
  const rounds = options.roundSeconds;
  if (rounds !== undefined && !(rounds > 0 && Number.isFinite(rounds))) throw new Error(`srtf: expected roundSeconds > 0 (finite), got ${rounds}`);
  const order = thenArrival(remainingOf);
  const waitingQueue = new WaitingQueue(remainingOf);
  /**
   * Each running job this policy started: when, and its whole work in seconds at the rate its
   * waiting estimate assumed (that estimate over the work it had left). A running job's own
   * remaining time is not comparable with waiting jobs' estimates: on slower devices than the
   * estimate's, or spread, or with checkpoint pauses counted, it looks longer than a waiting job
   * with the same work left, is preempted by it, and once waiting looks short again.
   */
  const started = new Map<string, Started>();
  /** A running job's remaining work in the waiting estimates' seconds (its own time left when not known). */
  const workLeft = (j: JobView, s: Started | undefined): number =>
    s === undefined || !Number.isFinite(s.work) ? remainingOf(j) : s.work * Math.max(0, 1 - j.progress);
  /**
   * The running jobs a waiting job may pass, kept between rounds: a running job's key is its work
   * left less the gain a preemption must bring (it only falls as the job runs), or -∞ while it is
   * within its quantum. Waiting jobs pass it only when worth the save and restore.
   */
  const runningKey: FallingKey<Started | undefined> = {
    about: (j) => started.get(j.id),
    key: (j, s) => workLeft(j, s) - gain,
    held: (s, now) => quantum > 0 && now - (s?.at ?? Number.NEGATIVE_INFINITY) < quantum,
    heldUntil: (s) => (s?.at ?? Number.NEGATIVE_INFINITY) + quantum,
  };
  const runningTail = new RunningTail(runningKey);
  const kind =
    rounds === undefined
      ? {
          name: 'srtf',
          description: 'Shortest remaining time first: the jobs with the least work left run, preempting longer ones when the gain exceeds the preemption cost.',
        }
      : {
          name: 'srtf-rounds',
          description: `Shortest remaining time first, preempting at rounds (every ${rounds} s, as in Gavel): between rounds a job starts only on free devices.`,
          timeSharing: true,
          roundSeconds: rounds,
        };
  return {
    ...kind,
    schedule(input) {
      const { now, plan } = input;
      // Waiting jobs' estimates do not change while they wait: their order is kept between rounds.
      runningTail.changes(input);
      const shortestFirst = waitingQueue.update(input);
      if (shortestFirst.length === 0) return plan.decisions;
      /** Notes this round's decisions: the waiting queue, and when each job it started began. */
      const settle = (): readonly Decision[] => {
        pruneToRunning(started, input.running, 64);
        // Placed jobs are found in the queue before it lets them go: their work is its estimate.
        const placed = new Map<string, JobView>();
        for (const d of plan.decisions) {
          if (d.kind === 'place') {
            const job = waitingQueue.byIdOf(d.job);
            if (job) placed.set(d.job, job);
            const work = job ? remainingOf(job) / Math.max(1e-9, 1 - job.progress) : Number.NaN;
            started.set(d.job, { at: now, work });
          } else if (d.kind === 'preempt') started.delete(d.job);
        }
        // Preempted jobs' views come from runningTail before it lets them go (no search of the running list).
        waitingQueue.settle(plan.decisions, input.running, (id) => runningTail.viewOf(id));
        runningTail.settle(plan.decisions, (id) => placed.get(id), now);
        return plan.decisions;
      };
      const head = shortestFirst.at(0);
      const free = input.cluster.freeCount();
      const placeReason = (j: JobView): string => `among the shortest remaining (${fmt(remainingOf(j))})`;
      // Between rounds (when preempting at rounds only) every running job keeps its devices: the
      // waiting jobs share the free ones, and no running job is read. As in las, only a round
      // preempts: a live manager's other calls ('manual': at start, retries) do not.
      if (rounds !== undefined && input.trigger !== 'round') {
        if (free < waitingQueue.smallest) return plan.decisions;
        fillRound(input, shortestFirst, place, placeReason, waitingQueue.smallest);
        return settle();
      }
      // One waiting job with devices free for it: every running job keeps its devices (the full
      // order would choose them all), so the round is that job's alone and no running job is read.
      if (shortestFirst.length === 1 && free >= head!.request.gpus) {
        fillRound(input, shortestFirst, place, placeReason, waitingQueue.smallest);
        return settle();
      }
      // The running jobs the shortest waiting job comes before, in order: the others keep their
      // devices whatever this round decides, and are not read.
      const headKey = remainingOf(head!);
      const tail = runningTail.after(input.running, now, head!, headKey);
      const n = tail.jobs.length;
      const someLonger = n > 0 && tail.keys[n - 1]! > headKey;
      // A full cluster where no waiting job beats a running one: nothing can change.
      if (free === 0 && !someLonger) return plan.decisions;
      if (n === 0) {
        // No waiting job comes before a running one: every running job keeps its devices.
        fillRound(input, shortestFirst, place, placeReason, waitingQueue.smallest);
      } else {
        const preemptReason = (j: JobView): string => `shorter jobs are waiting (this one has ${fmt(remainingOf(j))} left)`;
        tailTimeShareRound(input, shortestFirst, tail, remainingOf, place, preemptReason, placeReason, waitingQueue.smallest);
      }
      return settle();
    },
    explain(job, { waiting }) {
      const ahead = waiting.filter((w) => w !== job && order(w, job) < 0).length;
      return ahead ? `${ahead} waiting job${ahead === 1 ? '' : 's'} with less work left go first` : undefined;
    },
  };
}
