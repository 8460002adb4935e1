/**
 * A job's attempts as the manager tracks them: opening and closing one, the work an attempt loses
 * if it ends now, the service and preemptions it adds up to, and whether it ran past its time limit.
 * The rules themselves are the lifecycle's (src/core/lifecycle.ts); times here are milliseconds.
 */
import type { JobRecord, RankPlacement } from '../core/job';
import { specDurationSeconds } from '../core/job-spec';
import { decideStop, lostSeconds, type StopDecision } from '../core/lifecycle';
import type { Runtime } from './journal-replay';
import { devicesHeld } from './placement';

/** The current attempt, while it has not ended. */
export function openAttempt(rt: Runtime): Runtime['attempts'][number] | undefined {
  const a = rt.attempts.at(-1);
  return a && a.endedAt === undefined ? a : undefined;
}

/** Starts tracking a new attempt (or a relaunch of the same one by a backend that queues it again). */
export function beginAttempt(rt: Runtime, attempt: number, placement: RankPlacement[], resumeFrom: string | undefined, at: number, step: number | undefined): void {
  rt.attempts.push({ attempt, placement, resumeFrom, launchedAt: at, stepAtLaunch: step });
  rt.started = new Set();
  rt.exited = new Map();
  rt.stopping = false;
}

export function closeAttempt(rt: Runtime, at: number, outcome: string): void {
  const a = openAttempt(rt);
  if (a) {
    a.endedAt = at;
    a.outcome = outcome;
  }
}

/** Device-seconds and steps the current attempt loses if it ends at `at` (since it began training or wrote its last checkpoint). */
export function lostWork(rt: Runtime, job: JobRecord, at: number): { lostSeconds: number; lostSteps: number } {
  const a = openAttempt(rt);
  if (!a) return { lostSeconds: 0, lostSteps: 0 };
  const lost = (lostSeconds(a.runningAt, a.lastCheckpointAt, at) / 1000) * devicesHeld(a.placement);
  const ckptStep = job.lastCheckpoint && a.lastCheckpointAt !== undefined ? (job.lastCheckpoint.step ?? 0) : (a.stepAtLaunch ?? 0);
  return { lostSeconds: lost, lostSteps: job.step === undefined ? 0 : Math.max(0, job.step - ckptStep) };
}

export function preemptions(rt: Runtime): number {
  let n = 0;
  for (const a of rt.attempts) if (a.outcome === 'preempted') n++;
  return n;
}

/** The lifecycle's decision on a lost attempt: a restart counted (or not), or the budget spent. */
export function decideLost(rt: Runtime, job: JobRecord, countsAsRestart = true): StopDecision {
  return decideStop({ restarts: job.restarts, preemptions: preemptions(rt), maxRestarts: job.spec.maxRestarts }, 'lost', countsAsRestart);
}

/** Device-seconds every attempt held its devices, up to `now`. */
export function attainedService(rt: Runtime, now: number): number {
  let s = 0;
  for (const a of rt.attempts) s += (((a.endedAt ?? now) - a.launchedAt) / 1000) * devicesHeld(a.placement);
  return s;
}

/** The current attempt, when it has run past the spec's time limit at `now`. */
export function pastTimeLimit(rt: Runtime, job: JobRecord, now: number): Runtime['attempts'][number] | undefined {
  if (!job.spec.timeLimit) return undefined;
  const a = openAttempt(rt);
  return a && (now - a.launchedAt) / 1000 > specDurationSeconds(job.spec.timeLimit) ? a : undefined;
}
