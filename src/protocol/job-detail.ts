/** Messages of the job detail panel. */
import { z } from 'zod';
import { CheckpointInfo } from '../core/checkpoint';
import { JobRecord, MetricSample } from '../core/job';
import { PageErrorMessage, ReadyMessage } from './common';

export const JobClock = z.enum(['wall', 'simulated']);
export type JobClock = z.infer<typeof JobClock>;

export const JobDetailToWebview = z.discriminatedUnion('type', [
  /**
   * The job as the job manager knows it now; `now` is the backend's clock (ms) for elapsed times.
   * `clock` says what the job's times are: wall-clock dates, or the simulator's simulated time (shown
   * as time since the job's submission, never as a date a user could take for a real one).
   */
  z.object({ type: z.literal('job'), job: JobRecord, now: z.number(), clock: JobClock }).strict(),
  /** Metric samples parsed from the job's output; `reset` replaces what the page has. */
  z.object({ type: z.literal('metrics'), samples: z.array(MetricSample), reset: z.boolean() }).strict(),
  z.object({ type: z.literal('checkpoints'), checkpoints: z.array(CheckpointInfo) }).strict(),
  /** Other jobs whose series are overlaid on the charts ("Compare with…"); an empty list clears them. */
  z.object({ type: z.literal('compare'), jobs: z.array(z.object({ id: z.string(), name: z.string(), samples: z.array(MetricSample) }).strict()) }).strict(),
  /** The job no longer exists (removed from the job manager). */
  z.object({ type: z.literal('gone'), jobId: z.string() }).strict(),
]);
export type JobDetailToWebview = z.infer<typeof JobDetailToWebview>;

export const JobDetailToHost = z.discriminatedUnion('type', [
  ReadyMessage,
  PageErrorMessage,
  z.object({ type: z.literal('openLogs'), jobId: z.string(), rank: z.number().int().nonnegative().optional() }).strict(),
  z.object({ type: z.literal('openSpec'), jobId: z.string() }).strict(),
  z.object({ type: z.literal('showOnDeviceMap'), jobId: z.string() }).strict(),
  z.object({ type: z.literal('resume'), jobId: z.string(), checkpointPath: z.string() }).strict(),
  z.object({ type: z.literal('cancel'), jobId: z.string() }).strict(),
  /** Asks for other jobs to overlay (the host offers a pick). */
  z.object({ type: z.literal('pickCompare'), jobId: z.string() }).strict(),
  /** A chart's data as CSV, to be saved where the user says. */
  z.object({ type: z.literal('exportCsv'), jobId: z.string(), chart: z.string(), csv: z.string() }).strict(),
]);
export type JobDetailToHost = z.infer<typeof JobDetailToHost>;

/** What a job detail panel shows, kept for its serializer: the job, and those overlaid on its charts. */
export const JobDetailSubject = z.object({ jobId: z.string(), compare: z.array(z.string()) });
export type JobDetailSubject = z.infer<typeof JobDetailSubject>;
