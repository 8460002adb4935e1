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

// Which state may follow which: TRANSITIONS in lifecycle.ts.

export function isTerminal(state: JobState): boolean {
  return TERMINAL_STATES.has(state);
}
