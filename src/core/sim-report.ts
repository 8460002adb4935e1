/**
 * The simulator's JSON report (`openclaw sim --json out.json`): run totals, per-job records and a
 * utilisation series, what the simulation report view charts. Times are simulated seconds from the
 * start of the run, rounded to milliseconds. Only `wallSeconds` and `eventsPerSecond` measure the
 * machine; with `--no-timing` they are 0 and the same inputs and seed give the same bytes.
 */
import { z } from 'zod';

export const SimJobRecord = z.object({
  id: z.string(),
  arrival: z.number().nonnegative(),
  /** First start; null if it never ran. */
  start: z.number().nonnegative().nullable(),
  /** Completion; null if it did not finish. */
  end: z.number().nonnegative().nullable(),
  gpus: z.number().int().nonnegative(),
  /** Device models it ran on, sorted. */
  deviceModels: z.array(z.string()),
  restarts: z.number().int().nonnegative(),
  preemptions: z.number().int().nonnegative(),
  /** Device-seconds of training lost to its preemptions and failures (since each one's last checkpoint); absent: none. */
  lostGpuSeconds: z.number().nonnegative().optional(),
  /** It failed more often than its restart budget allows. */
  failed: z.literal(true).optional(),
});
export type SimJobRecord = z.infer<typeof SimJobRecord>;

/** What a job asks for that no part of the cluster has (see neverFits in src/scheduler/explain.ts). */
export const NeverFitKind = z.enum(['model', 'memory', 'devices', 'one-model', 'nodes']);
export type NeverFitKind = z.infer<typeof NeverFitKind>;

/** Jobs that can never start on the cluster, whatever else runs: they wait until the run ends. */
export const SimNeverFit = z.object({
  jobs: z.number().int().nonnegative(),
  /** Grouped by what they lack, most jobs first. */
  reasons: z.array(
    z.object({
      kind: NeverFitKind,
      jobs: z.number().int().positive(),
      /** "ask for more than 64 devices (largest: 128)" */
      text: z.string(),
    }),
  ),
});
export type SimNeverFit = z.infer<typeof SimNeverFit>;

export const SimReport = z.object({
  policy: z.string(),
  workload: z.string(),
  cluster: z.string(),
  seed: z.number().int(),
  jobs: z.number().int().nonnegative(),
  completed: z.number().int().nonnegative(),
  avgJctSeconds: z.number().nonnegative(),
  p50JctSeconds: z.number().nonnegative(),
  p99JctSeconds: z.number().nonnegative(),
  makespanSeconds: z.number().nonnegative(),
  /** Busy device-seconds / device-seconds on ready nodes, from 0 to the makespan. */
  utilization: z.number().min(0).max(1),
  /** Device-seconds of training lost to preemptions and failures (since each job's last checkpoint). */
  lostGpuSeconds: z.number().nonnegative(),
  preemptions: z.number().int().nonnegative(),
  restarts: z.number().int().nonnegative(),
  /**
   * Placements across servers whose rate was Gavel's measurement of exactly that (its
   * "unconsolidated" throughputs) rather than the network model; absent when there were none.
   */
  measuredSpreadPlacements: z.number().int().nonnegative().optional(),
  /** Events processed: arrivals, completions, failures, repairs and periodic rounds. */
  events: z.number().int().nonnegative(),
  /** Scheduling rounds the policy was called for. */
  rounds: z.number().int().nonnegative(),
  wallSeconds: z.number().nonnegative(),
  eventsPerSecond: z.number().nonnegative(),
  /** Average busy and available devices over consecutive windows of `stepSeconds` from 0. */
  utilizationSeries: z.object({
    stepSeconds: z.number().positive(),
    busy: z.array(z.number().nonnegative()),
    available: z.array(z.number().nonnegative()),
  }),
  jobRecords: z.array(SimJobRecord),
  // Optional: reports written before these fields existed still open.
  neverFit: SimNeverFit.optional(),
  /** Jobs that could fit but still waited when nothing was left to run (behind one that never fits, say). */
  leftWaiting: z
    .object({
      jobs: z.number().int().nonnegative(),
      /** The first of them and why it waited, as the scheduler explains it. */
      first: z.object({ id: z.string(), reason: z.string() }).optional(),
    })
    .optional(),
});
export type SimReport = z.infer<typeof SimReport>;
