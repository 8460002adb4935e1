/**
 * Messages of the simulation report panel. A report holds one run per policy, all on the same
 * cluster and workload. Per-job data travels as columns: the full Philly trace is 82,247 jobs.
 */
import { z } from 'zod';
import { PageErrorMessage, ReadyMessage } from './common';

export const RunSummary = z
  .object({
    jobs: z.number().int().nonnegative(),
    completed: z.number().int().nonnegative(),
    avgJctSeconds: z.number().nonnegative(),
    p50JctSeconds: z.number().nonnegative(),
    p99JctSeconds: z.number().nonnegative(),
    makespanSeconds: z.number().nonnegative(),
    /** Busy device-seconds over available device-seconds, 0..1. */
    utilization: z.number().min(0).max(1),
    lostGpuSeconds: z.number().nonnegative(),
    wallSeconds: z.number().nonnegative().optional(),
  })
  .strict();
export type RunSummary = z.infer<typeof RunSummary>;

const num = z.array(z.number());

/** Per job, in one order: id, arrival, start (null: never started), end (null: not finished), devices used. */
export const JobColumns = z
  .object({
    id: z.array(z.string()),
    arrival: num,
    start: z.array(z.number().nullable()),
    end: z.array(z.number().nullable()),
    gpus: z.array(z.number().int().nonnegative()),
  })
  .strict()
  .refine((c) => [c.arrival, c.start, c.end, c.gpus].every((a) => a.length === c.id.length), {
    message: 'expected every job column to have one entry per job',
    path: ['id'],
  });
export type JobColumns = z.infer<typeof JobColumns>;

/** Time a job held a device: the Gantt chart's bars. `job` indexes JobColumns. */
export const Segments = z
  .object({ job: num, device: num, start: num, end: num })
  .strict()
  .refine((s) => [s.device, s.start, s.end].every((a) => a.length === s.job.length), {
    message: 'expected every segment column to have one entry per segment',
    path: ['job'],
  });
export type Segments = z.infer<typeof Segments>;

export const PolicyRun = z
  .object({
    policy: z.string(),
    summary: RunSummary,
    jobs: JobColumns,
    /** Exact device intervals when the simulator recorded them; otherwise the page packs jobs onto lanes. */
    segments: Segments.optional(),
  })
  .strict();
export type PolicyRun = z.infer<typeof PolicyRun>;

export const SimReport = z
  .object({
    title: z.string(),
    cluster: z.string(),
    workload: z.string(),
    totalDevices: z.number().int().positive(),
    runs: z.array(PolicyRun).min(1),
  })
  .strict();
export type SimReport = z.infer<typeof SimReport>;

export const SimReportToWebview = z.discriminatedUnion('type', [
  z.object({ type: z.literal('report'), report: SimReport }).strict(),
  /** Result of a save the page asked for. */
  z.object({ type: z.literal('saved'), path: z.string() }).strict(),
]);
export type SimReportToWebview = z.infer<typeof SimReportToWebview>;

export const ChartName = z.enum(['cdf', 'utilization', 'gantt']);
export type ChartName = z.infer<typeof ChartName>;

export const SimReportToHost = z.discriminatedUnion('type', [
  ReadyMessage,
  PageErrorMessage,
  /** Save the report (the simulator's own JSON) to a file the user picks. */
  z.object({ type: z.literal('exportJson') }).strict(),
  /** Save a chart: PNG as base64, SVG as text. */
  z
    .object({
      type: z.literal('exportChart'),
      chart: ChartName,
      format: z.enum(['png', 'svg']),
      data: z.string().min(1),
    })
    .strict(),
]);
export type SimReportToHost = z.infer<typeof SimReportToHost>;
