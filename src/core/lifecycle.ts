/**
 * The job lifecycle, once, for the simulator (`simulator/simulation.ts`), the job manager
 * (`src/controller/manager.ts`) and its simulated backend alike: which state may follow which, what
 * a preemption, a failure and a cancel do to a job, the restart budget, where a stopped job resumes
 * and how much work it lost, and what starting, saving and restoring cost.
 *
 * Pure and synchronous: numbers in, numbers out, so that the simulator's hot path calls it with no
 * allocation. Times are seconds; callers on a millisecond clock convert.
 *
 * The progress of one run (a launch until it stops) on one set of devices:
 *
 *   launch ── start (+ restore when resuming) ──> productiveFrom ── train `every` s ── save ── train …
 *
 * A checkpoint is due after each `every` seconds of training and takes `save` seconds, during which
 * the job does not train; none is written at the very end (the job is done). A stopped run resumes
 * from its last complete checkpoint (or from where the run began): the training since then is lost.
 */
import type { JobSpec } from './job-spec';
import type { JobState } from './job-state';

/** The lifecycle as one table: which state may follow which. */
export const TRANSITIONS: Readonly<Record<JobState, readonly JobState[]>> = {
  // restarting: a backend that queues jobs itself (Slurm) can lose one before it runs.
  queued: ['placed', 'restarting', 'cancelled', 'failed'],
  placed: ['starting', 'restarting', 'queued', 'cancelled', 'failed'],
  starting: ['running', 'restarting', 'failed', 'cancelled', 'succeeded'],
  running: ['checkpointing', 'restarting', 'succeeded', 'failed', 'cancelled', 'queued'],
  checkpointing: ['running', 'restarting', 'succeeded', 'failed', 'cancelled'],
  restarting: ['queued', 'placed', 'failed', 'cancelled'],
  succeeded: [],
  failed: ['queued'],
  cancelled: ['queued'],
};

export function canTransition(from: JobState, to: JobState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** States in which a job holds its devices: placed, launching, running, saving. */
export function holdsDevices(state: JobState): boolean {
  return state === 'placed' || state === 'starting' || state === 'running' || state === 'checkpointing';
}

/** Simulated seconds a run spends not training. */
export interface LifecycleCosts {
  /** From launch to the first step (image, processes, rendezvous). */
  startSeconds: number;
  /** Writing one checkpoint (training pauses meanwhile). */
  saveSeconds: number;
  /** Loading the checkpoint a run resumes from. */
  restoreSeconds: number;
}

/**
 * The one set of costs: the simulator's defaults and the simulated backend's. Starting costs
 * nothing by default: the run times of public traces already include it.
 */
export const DEFAULT_COSTS: Readonly<LifecycleCosts> = Object.freeze({ startSeconds: 0, saveSeconds: 10, restoreSeconds: 20 });

/** Seconds of training between two checkpoints when a workload gives none. */
export const DEFAULT_CHECKPOINT_EVERY_SECONDS = 1800;

/** A simulated job's length when its spec gives neither steps nor a duration. */
export const DEFAULT_SIMULATED_SECONDS = 1800;

/**
 * How often a job of this spec checkpoints when simulated: as declared; a fifth of its simulated
 * duration (1 to 30 minutes) when it declares checkpoints but no interval; never without them.
 */
export function specCheckpointEvery(spec: Pick<JobSpec, 'checkpoint' | 'simulation'>): number {
  if (!spec.checkpoint) return Infinity;
  if (spec.checkpoint.everySeconds !== undefined) return spec.checkpoint.everySeconds;
  const fifth = (spec.simulation?.durationSeconds ?? DEFAULT_SIMULATED_SECONDS) / 5;
  return Math.min(DEFAULT_CHECKPOINT_EVERY_SECONDS, Math.max(60, fifth));
}

/** Seconds from launch until training begins. */
export function launchOverhead(resuming: boolean, costs: LifecycleCosts): number {
  return costs.startSeconds + (resuming ? costs.restoreSeconds : 0);
}

/**
 * Seconds of training done `elapsed` seconds after training began, with a save of `save` s after
 * each `every` s of training (`every` Infinity: no checkpoints).
 */
export function trainedSeconds(elapsed: number, every: number, save: number): number {
  if (elapsed <= 0) return 0;
  if (elapsed <= every) return elapsed;
  const cycle = every + save;
  const full = Math.floor(elapsed / cycle);
  const within = elapsed - full * cycle;
  return full * every + (within < every ? within : every);
}

/** Complete checkpoints written `elapsed` seconds after training began. */
export function checkpointsWritten(elapsed: number, every: number, save: number): number {
  const cycle = every + save;
  return elapsed < cycle ? 0 : Math.floor(elapsed / cycle);
}

/** Seconds after training began at which checkpoint `k` (1, 2, …) starts being written (it is complete `save` s later). */
export function checkpointStarts(k: number, every: number, save: number): number {
  return k * every + (k - 1) * save;
}

/** Seconds from the start of training to its end, for `trained` seconds of training (the saves due before then included). */
export function secondsToTrain(trained: number, every: number, save: number): number {
  if (trained <= every) return trained;
  return trained + (Math.ceil(trained / every) - 1) * save;
}

/** What a stop does to a job. */
export type StopCause = 'preempted' | 'lost' | 'cancelled';

export interface StopDecision {
  /** Where the job goes: back to the queue, failed (no restarts left), or cancelled. */
  next: 'queued' | 'failed' | 'cancelled';
  restarts: number;
  preemptions: number;
  /** Whether the training since the last checkpoint is counted as lost work. */
  countsLostWork: boolean;
}

/**
 * The rules of a stop. A preemption sends the job back to the queue (no restart counted); a lost
 * run (a rank failed, a node died, a launch failed) counts a restart, and past `maxRestarts` the job
 * fails; a cancel ends it. Either way the job resumes from its last complete checkpoint, and for a
 * preemption or a lost run the training since that checkpoint is lost work.
 * `countsAsRestart` false: a run lost to no fault of the job (the manager went away while launching it).
 */
export function decideStop(job: { restarts: number; preemptions: number; maxRestarts: number }, cause: StopCause, countsAsRestart = true, savesFirst = false): StopDecision {
  if (cause === 'cancelled') return { next: 'cancelled', restarts: job.restarts, preemptions: job.preemptions, countsLostWork: false };
  // A job that saves as it is preempted (a policy's `savesOnPreemption`) resumes where it stopped.
  if (cause === 'preempted') return { next: 'queued', restarts: job.restarts, preemptions: job.preemptions + 1, countsLostWork: !savesFirst };
  const restarts = job.restarts + (countsAsRestart ? 1 : 0);
  // Past the budget the job is not restarted: it fails, with the restarts it had.
  if (restarts > job.maxRestarts) return { next: 'failed', restarts: job.restarts, preemptions: job.preemptions, countsLostWork: true };
  return { next: 'queued', restarts, preemptions: job.preemptions, countsLostWork: true };
}

/**
 * Seconds of training lost by a run stopped at `at`: since it began training or wrote its last
 * complete checkpoint, whichever is later (a save under way is lost with it). Nothing when it never
 * began training.
 */
export function lostSeconds(trainingFrom: number | undefined, lastCheckpointAt: number | undefined, at: number): number {
  if (trainingFrom === undefined) return 0;
  const since = lastCheckpointAt !== undefined && lastCheckpointAt > trainingFrom ? lastCheckpointAt : trainingFrom;
  return at > since ? at - since : 0;
}
