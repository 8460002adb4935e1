import { z } from 'zod';
import { CheckpointInfo } from './checkpoint';
import { JobSpec } from './job-spec';
import { JobState } from './job-state';

/** Where one rank runs. */
export const RankPlacement = z.object({
  rank: z.number().int().nonnegative(),
  node: z.string(),
  /** Device indices within the node (empty for a CPU-only rank). */
  devices: z.array(z.number().int().nonnegative()),
});
export type RankPlacement = z.infer<typeof RankPlacement>;

export const Transition = z.object({
  state: JobState,
  /** ms since the epoch (simulated time for the simulator backend). */
  at: z.number(),
  reason: z.string().optional(),
});
export type Transition = z.infer<typeof Transition>;

export const MetricSample = z.object({
  at: z.number(),
  step: z.number().optional(),
  values: z.record(z.string(), z.number()),
  /** The attempt (1 for the first run) that reported it: restarts are marked on the charts. */
  attempt: z.number().int().positive().optional(),
});
export type MetricSample = z.infer<typeof MetricSample>;

/** Everything the job manager knows of one job: what views, CLI and reports show. */
export const JobRecord = z.object({
  id: z.string(),
  /**
   * Globally unique (the id plus 64 random bits, chosen at submission and journaled): what the job
   * is called on every agent call, so that no other manager, nor a stale one, can attach to, kill
   * or forget ranks it did not launch. Absent in journals written before it existed (the id then).
   */
  key: z.string().optional(),
  spec: JobSpec,
  /** The spec file it came from, when it came from one. */
  specPath: z.string().optional(),
  state: JobState,
  history: z.array(Transition),
  placement: z.array(RankPlacement).default([]),
  restarts: z.number().int().nonnegative().default(0),
  step: z.number().optional(),
  totalSteps: z.number().optional(),
  lastCheckpoint: CheckpointInfo.optional(),
  /** A checkpoint being copied to a node of the next attempt that lacks it (node-local storage). */
  transfer: z.object({ path: z.string(), from: z.string(), to: z.string(), bytes: z.number().nonnegative(), total: z.number().nonnegative() }).optional(),
  resumeFrom: z.string().optional(),
  /** Why a queued job waits, as the scheduler explains it. */
  waitReason: z.string().optional(),
  /** Set while queued when the job asks for more than the cluster has, busy or not: it would wait forever. */
  neverFits: z.string().optional(),
  exitCode: z.number().int().optional(),
  error: z.string().optional(),
  lostGpuSeconds: z.number().nonnegative().default(0),
  backend: z.string(),
  /** Launches so far; each launch (first run, restart, resume) is a new attempt. */
  attempt: z.number().int().nonnegative().default(0),
  /** Declared outputs fetched from rank 0 when the job ended. */
  outputs: z.array(z.object({ path: z.string(), localPath: z.string(), bytes: z.number().nonnegative(), sha256: z.string() })).default([]),
  /** The job report written when the job ended. */
  reportPath: z.string().optional(),
});
export type JobRecord = z.infer<typeof JobRecord>;

/** The name of a job on node agents: its unique key (its id for jobs journaled without one). */
export function agentJobId(job: Pick<JobRecord, 'id' | 'key'>): string {
  return job.key ?? job.id;
}
