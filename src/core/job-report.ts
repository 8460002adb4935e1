import { z } from 'zod';
import { JobState } from './job-state';

/** What a job cost and lost, written when it ends (`<state-dir>/jobs/<id>/report.json`). */
export const JobReport = z.object({
  jobId: z.string(),
  name: z.string(),
  state: JobState,
  backend: z.string(),
  submittedAt: z.number(),
  /** First launch; undefined when the job never started. */
  startedAt: z.number().optional(),
  endedAt: z.number(),
  /** Seconds from submission to the first launch. */
  queueSeconds: z.number().nonnegative(),
  /** Seconds from the first launch to the end. */
  runSeconds: z.number().nonnegative(),
  restarts: z.number().int().nonnegative(),
  /** Devices held × hours, over every attempt (CPU slots count for CPU-only jobs). */
  gpuHours: z.number().nonnegative(),
  /** Device-seconds of work done since the last checkpoint by attempts that were lost. */
  lostGpuSeconds: z.number().nonnegative(),
  /** Steps redone because of lost attempts, where steps are known. */
  lostSteps: z.number().nonnegative(),
  step: z.number().optional(),
  exitCode: z.number().int().optional(),
  error: z.string().optional(),
  attempts: z.array(
    z.object({
      attempt: z.number().int().nonnegative(),
      nodes: z.array(z.string()),
      startedAt: z.number(),
      endedAt: z.number().optional(),
      resumeFrom: z.string().optional(),
      outcome: z.string(),
    }),
  ),
  outputs: z.array(z.object({ path: z.string(), localPath: z.string(), bytes: z.number().nonnegative(), sha256: z.string() })),
});
export type JobReport = z.infer<typeof JobReport>;
