/**
 * Applies lifecycle transitions to a job record, following the one table in src/core/lifecycle.ts.
 * An illegal transition is a bug in the manager, never silently accepted.
 */
import type { JobRecord } from '../core/job';
import type { JobState } from '../core/job-state';
import { canTransition } from '../core/lifecycle';

export class IllegalTransitionError extends Error {
  override readonly name = 'IllegalTransitionError';
  constructor(jobId: string, from: JobState, to: JobState) {
    super(`job ${jobId}: no transition from ${from} to ${to}`);
  }
}

/** Returns the record in its new state, with the transition in its history. */
export function transition(job: JobRecord, to: JobState, at: number, reason?: string): JobRecord {
  if (!canTransition(job.state, to)) throw new IllegalTransitionError(job.id, job.state, to);
  const entry = reason === undefined ? { state: to, at } : { state: to, at, reason };
  return { ...job, state: to, history: [...job.history, entry] };
}

/** When the job entered `state` last, if ever. */
export function lastEntered(job: JobRecord, state: JobState): number | undefined {
  for (let i = job.history.length - 1; i >= 0; i--) if (job.history[i]!.state === state) return job.history[i]!.at;
  return undefined;
}
