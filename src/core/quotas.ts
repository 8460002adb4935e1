/**
 * Users' quotas on a shared control plane: how many devices a user's jobs may hold at once, and how
 * many device-hours they may use in a rolling week. A job that would break either waits (with the
 * reason in its record); one larger than its owner's device quota is refused at submission.
 */
import { z } from 'zod';
import type { JobRecord } from './job';
import { totalGpus } from './job-spec';
import { isTerminal } from './job-state';
import { holdsDevices } from './lifecycle';

export const Quota = z
  .object({
    /** Devices the user's jobs may hold at one time. */
    devices: z.number().int().nonnegative().optional(),
    /** Device-hours the user's jobs may use in any 7 days. */
    deviceHoursPerWeek: z.number().nonnegative().optional(),
  })
  .strict();
export type Quota = z.infer<typeof Quota>;

export const WEEK_MS = 7 * 24 * 3600 * 1000;

/** The job's owner: the user its spec names (a control plane sets it to the submitter). */
export function ownerOf(job: Pick<JobRecord, 'spec'>): string {
  return job.spec.user ?? 'default';
}

/** Device-hours the job used between `since` and `now`, from its state history. */
export function deviceHours(job: Pick<JobRecord, 'history' | 'spec'>, since: number, now: number): number {
  const devices = totalGpus(job.spec);
  if (devices === 0) return 0;
  let ms = 0;
  const h = job.history;
  for (let i = 0; i < h.length; i++) {
    if (!holdsDevices(h[i]!.state)) continue;
    const from = Math.max(since, h[i]!.at);
    const to = Math.min(now, i + 1 < h.length ? h[i + 1]!.at : now);
    if (to > from) ms += to - from;
  }
  return (ms / 3_600_000) * devices;
}

export interface UserUsage {
  user: string;
  devicesHeld: number;
  deviceHoursThisWeek: number;
}

/** Each owner's devices held now and device-hours in the week to `now`. */
export function usageByUser(jobs: readonly JobRecord[], now: number): Map<string, UserUsage> {
  const out = new Map<string, UserUsage>();
  const since = now - WEEK_MS;
  for (const job of jobs) {
    // A job that ended before the week began counts for nothing (a long-lived control plane keeps
    // thousands; this runs every scheduling round).
    if (isTerminal(job.state) && (job.history.at(-1)?.at ?? 0) < since) continue;
    const user = ownerOf(job);
    let u = out.get(user);
    if (!u) out.set(user, (u = { user, devicesHeld: 0, deviceHoursThisWeek: 0 }));
    if (holdsDevices(job.state)) u.devicesHeld += totalGpus(job.spec);
    u.deviceHoursThisWeek += deviceHours(job, since, now);
  }
  return out;
}

/** Why a job can never run within its owner's quota, or undefined. */
export function exceedsQuota(job: Pick<JobRecord, 'spec'>, quota: Quota | undefined): string | undefined {
  const devices = totalGpus(job.spec);
  if (quota?.devices !== undefined && devices > quota.devices) {
    return `the job asks for ${devices} devices, more than ${ownerOf(job)}'s quota of ${quota.devices}`;
  }
  return undefined;
}

/**
 * Which waiting jobs must wait for their owner's quota, with why. Each owner's jobs are admitted in
 * the order given (arrival order) while the devices they would add stay within the quota, so that
 * one round cannot place more than the quota allows between them.
 */
export function heldByQuota(
  waiting: readonly JobRecord[],
  all: readonly JobRecord[],
  quotaOf: (user: string) => Quota | undefined,
  now: number,
): Map<string, string> {
  const usage = usageByUser(all, now);
  const admitted = new Map<string, number>();
  const held = new Map<string, string>();
  for (const job of waiting) {
    const user = ownerOf(job);
    const quota = quotaOf(user);
    if (!quota) continue;
    const u = usage.get(user);
    const devices = totalGpus(job.spec);
    if (quota.deviceHoursPerWeek !== undefined && devices > 0 && (u?.deviceHoursThisWeek ?? 0) >= quota.deviceHoursPerWeek) {
      held.set(job.id, `${user} has used ${(u?.deviceHoursThisWeek ?? 0).toFixed(1)} of a quota of ${quota.deviceHoursPerWeek} device-hours this week`);
      continue;
    }
    if (quota.devices === undefined) continue;
    const holding = (u?.devicesHeld ?? 0) + (admitted.get(user) ?? 0);
    if (holding + devices > quota.devices) {
      held.set(job.id, `${user}'s jobs hold ${holding} of a quota of ${quota.devices} devices; this job needs ${devices} more`);
      continue;
    }
    admitted.set(user, (admitted.get(user) ?? 0) + devices);
  }
  return held;
}
