import { z } from 'zod';

export const JobState = z.enum([
  'queued',
  'placed',
  'starting',
  'running',
  'checkpointing',
  'restarting',
  'succeeded',
  'failed',
  'cancelled',
]);
export type JobState = z.infer<typeof JobState>;

export const TERMINAL_STATES: ReadonlySet<JobState> = new Set(['succeeded', 'failed', 'cancelled']);

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

export function isTerminal(state: JobState): boolean {
  return TERMINAL_STATES.has(state);
}

/** States in which a job holds its devices: placed, launching, running, saving. */
export function holdsDevices(state: JobState): boolean {
  return state === 'placed' || state === 'starting' || state === 'running' || state === 'checkpointing';
}

export function canTransition(from: JobState, to: JobState): boolean {
  return TRANSITIONS[from].includes(to);
}
