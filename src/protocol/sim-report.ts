/**
 * Messages of the simulation report panel. A report holds one run per policy, all on the same
 * cluster and workload. Per-job data travels as columns: the full Philly trace is 82,247 jobs.
 */
import { z } from 'zod';
import { SimReport } from '../core/sim-report';
import { nonNegativeInts, nullableNumbers, numbers, strings } from './columns';
import { PageErrorMessage, ReadyMessage } from './common';
import { TopologyNodes } from './topology';

/** A run's totals and utilisation series: the simulator's report without its per-job records. */
export const RunSummary = SimReport.omit({ jobRecords: true });
export type RunSummary = z.infer<typeof RunSummary>;

const num = numbers();

/** The simulator's job records as columns (same meaning as SimJobRecord's fields), one entry per job. */
export const JobColumns = z
  .object({
    id: strings(),
    arrival: num,
    start: nullableNumbers(),
    end: nullableNumbers(),
    gpus: nonNegativeInts(),
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

/** What the page shows: runs of one or several policies on the same cluster and workload. */
export const ReportView = z
  .object({
    title: z.string(),
    totalDevices: z.number().int().positive(),
    runs: z.array(PolicyRun).min(1),
    /** The cluster's nodes, when an event log gave its shape: the Gantt chart's device axis names them. */
    nodes: TopologyNodes().optional(),
  })
  .strict();
export type ReportView = z.infer<typeof ReportView>;

export const SimReportToWebview = z.discriminatedUnion('type', [
  z.object({ type: z.literal('report'), report: ReportView }).strict(),
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

/** What a report panel shows, kept for its serializer: its title and the report files it read. */
export const SimReportSubject = z.object({ title: z.string(), files: z.array(z.string()).min(1) });
export type SimReportSubject = z.infer<typeof SimReportSubject>;
