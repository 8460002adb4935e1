/**
 * A workload file (YAML): either a trace to replay or Gavel's generator, plus optional settings of
 * the run (checkpointing, failures, device speeds). Paths resolve against the file's folder; without
 * a path, the philly, pollux and tiresias formats replay the trace shipped in OpenClaw's data/, and
 * the generator uses the shipped Gavel table, so a workload file works wherever it is copied.
 *
 *     trace: {format: philly, limit: 5000}             # the shipped Philly trace
 *     trace: {format: philly, path: my-cluster.csv}    # the user's own file in that format
 *
 *     generator: gavel
 *     jobsPerHour: 6
 *     jobs: 500
 *     multiGpu: true
 *     seed: 1
 */
import { basename, dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { SpecError } from '../../src/core/errors';
import { DEFAULT_CHECKPOINT_EVERY_SECONDS, DEFAULT_COSTS } from '../../src/core/lifecycle';
import { atLeast, atMost, LIMITS, seconds, secondsOrZero } from '../../src/core/limits';
import { overLimit } from '../../src/core/yaml-validation';
import { parseYamlWith, readInputFile } from '../input/yaml-input';
import { loadGavelThroughputs, type ThroughputTable } from '../perf/gavel-throughputs';
import { generateGavel } from './gavel-generator';
import { readOpenClawJobs } from './openclaw-jobs';
import { readPhilly } from './philly';
import { readPollux } from './pollux';
import { GAVEL_THROUGHPUTS, hasShippedTrace, SHIPPED_TRACES, shippedDataPath } from './shipped-data';
import { readTiresias } from './tiresias';
import type { WorkloadJob } from './workload-job';

export const CheckpointSettings = z
  .object({
    /** Seconds of training between checkpoints: what a preemption or a failure can lose. */
    everySeconds: seconds().default(DEFAULT_CHECKPOINT_EVERY_SECONDS),
    /** Cost of writing each checkpoint: training pauses meanwhile. */
    saveSeconds: secondsOrZero().default(DEFAULT_COSTS.saveSeconds),
    /** Cost of loading the checkpoint a job resumes from. */
    restoreSeconds: secondsOrZero().default(DEFAULT_COSTS.restoreSeconds),
    /** Cost of each launch before training begins (processes, rendezvous). */
    startSeconds: secondsOrZero().default(DEFAULT_COSTS.startSeconds),
  })
  .strict();
export type CheckpointSettings = z.infer<typeof CheckpointSettings>;

export const ScriptedFailure = z
  .object({
    node: z.string().min(1),
    /** Simulated seconds from the start of the run. */
    at: secondsOrZero(),
    repairSeconds: secondsOrZero().optional(),
  })
  .strict();
export type ScriptedFailure = z.infer<typeof ScriptedFailure>;

export const FailureSettings = z
  .object({
    /** Mean time between failures of each node (exponential), hours; none when absent. */
    mtbfHours: z
      .number()
      .positive('expected a positive number of hours')
      .min(LIMITS.mtbfHoursMin, atLeast(LIMITS.mtbfHoursMin, 'hours'))
      .max(LIMITS.durationSeconds / 3600, atMost(LIMITS.durationSeconds / 3600, 'hours (10 years)'))
      .optional(),
    repairSeconds: secondsOrZero().default(3600),
    scripted: z.array(ScriptedFailure).max(LIMITS.workloadJobs, atMost(LIMITS.workloadJobs, 'failures')).default([]),
    /** Seed of the failure draws (default: the run's seed). */
    seed: z.number().int().optional(),
  })
  .strict();
export type FailureSettings = z.infer<typeof FailureSettings>;

const RunSettings = {
  checkpoint: CheckpointSettings.optional(),
  failures: FailureSettings.optional(),
  /** Device speeds relative to a V100, over the defaults. */
  relativeSpeed: z.record(z.string(), z.number().positive().max(1e6, atMost(1e6, 'times a V100'))).optional(),
  /** Device the trace's durations were measured on (default v100). */
  referenceDevice: z.string().optional(),
  /** Length of a scheduling round for time-sharing policies (default: the policy's, else 360 s). */
  roundSeconds: seconds().min(1, atLeast(1, 'second')).optional(),
};

export const TraceFormat = z.enum(['philly', 'pollux', 'tiresias', 'openclaw']);

export const TraceWorkload = z
  .object({
    name: z.string().optional(),
    trace: z
      .object({
        format: TraceFormat,
        /** The trace file; without it, the one shipped in data/ for the format. */
        path: z.string().min(1).optional(),
        /** Only the first N jobs (by arrival). */
        limit: z.number().int().positive('expected a positive integer').max(LIMITS.workloadJobs, atMost(LIMITS.workloadJobs, 'jobs')).optional(),
      })
      .strict()
      .superRefine((t, ctx) => {
        if (t.path === undefined && !hasShippedTrace(t.format)) {
          ctx.addIssue({ code: 'custom', path: ['path'], message: `expected the path of an ${t.format} job list (only ${Object.keys(SHIPPED_TRACES).join(', ')} have a shipped trace)` });
        }
      }),
    ...RunSettings,
  })
  .strict();

export const GeneratorWorkload = z
  .object({
    name: z.string().optional(),
    generator: z.literal('gavel'),
    /** Gavel's throughput table (default: the one shipped in data/). */
    throughputs: z.string().optional(),
    jobsPerHour: z.number().positive('expected a positive rate').max(LIMITS.jobsPerHour, atMost(LIMITS.jobsPerHour, 'jobs an hour')),
    jobs: z.number().int('expected a positive integer').positive('expected a positive integer').max(LIMITS.workloadJobs, atMost(LIMITS.workloadJobs, 'jobs')),
    multiGpu: z.boolean().default(false),
    seed: z.number().int().default(0),
    users: z.number().int().positive().max(LIMITS.workloadJobs, atMost(LIMITS.workloadJobs, 'users')).optional(),
    ...RunSettings,
  })
  .strict();

const NeitherWorkload = z.object({
  trace: z.custom<never>(() => false, 'expected "trace: {format, path}" or "generator: gavel"'),
});

export const WorkloadFile = z.union([TraceWorkload, GeneratorWorkload]);
export type WorkloadFile = z.infer<typeof WorkloadFile>;

/** Picks the schema by the field present, so that errors speak of that form's fields. */
export function workloadSchemaFor(input: unknown): typeof WorkloadFile {
  const o = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  if ('trace' in o) return TraceWorkload as unknown as typeof WorkloadFile;
  if ('generator' in o) return GeneratorWorkload as unknown as typeof WorkloadFile;
  return NeitherWorkload as unknown as typeof WorkloadFile;
}

/** A workload ready to run: its jobs and the settings that came with it. */
export interface Workload {
  name: string;
  /** The file it came from, for error messages. */
  source?: string;
  jobs: WorkloadJob[];
  /** Gavel's table when the workload came with one (generated workloads), for the performance model. */
  throughputs?: ThroughputTable;
  /** Unset fields take the lifecycle's defaults (src/core/lifecycle.ts). */
  checkpoint?: Partial<CheckpointSettings>;
  failures?: FailureSettings;
  relativeSpeed?: Record<string, number>;
  referenceDevice?: string;
  roundSeconds?: number;
}

/** The shipped Gavel table: data/ beside dist/ (bundled) or the repository root (from source). */
export function defaultThroughputsPath(): string | undefined {
  return shippedDataPath(GAVEL_THROUGHPUTS);
}

/** The trace a workload file names: its own `path`, else the one shipped for its format. */
export function tracePath(trace: { format: z.infer<typeof TraceFormat>; path?: string }, source: string, baseDir: string, codeDir?: string): string {
  if (trace.path !== undefined) return resolve(baseDir, trace.path);
  const name = hasShippedTrace(trace.format) ? SHIPPED_TRACES[trace.format] : undefined;
  const shipped = name ? shippedDataPath(name, codeDir) : undefined;
  if (!shipped) {
    const what = name ? `the shipped ${trace.format} trace (data/${name}) is not installed beside OpenClaw` : `no ${trace.format} trace is shipped`;
    throw new SpecError(source, [{ path: 'trace.path', message: `${what}: expected the path of a ${trace.format} trace file` }]);
  }
  return shipped;
}

let cachedDefault: ThroughputTable | undefined;
export function defaultThroughputs(): ThroughputTable | undefined {
  if (!cachedDefault) {
    const p = defaultThroughputsPath();
    if (p) cachedDefault = loadGavelThroughputs(p);
  }
  return cachedDefault;
}

/** Figures of a workload file whose YAML was already parsed. */
export function workloadFromFile(file: WorkloadFile, source: string, baseDir: string): Workload {
  const settings = {
    checkpoint: file.checkpoint,
    failures: file.failures,
    relativeSpeed: file.relativeSpeed,
    referenceDevice: file.referenceDevice,
    roundSeconds: file.roundSeconds,
  };
  if ('trace' in file) {
    const path = tracePath(file.trace, source, baseDir);
    const limit = file.trace.limit ?? Infinity;
    const read = { philly: readPhilly, pollux: readPollux, tiresias: readTiresias, openclaw: readOpenClawJobs }[file.trace.format];
    const jobs = read(path, limit);
    if (jobs.length === 0) throw new SpecError(path, [{ path: '', message: 'the trace has no jobs' }]);
    // Measured rates are looked up by model: a trace whose jobs name none needs no table (and skips reading it).
    const throughputs = jobs.some((j) => j.model !== undefined) ? defaultThroughputs() : undefined;
    return { name: file.name ?? `${file.trace.format}`, source, jobs, throughputs, ...settings };
  }
  let table: ThroughputTable | undefined;
  if (file.throughputs) table = loadGavelThroughputs(resolve(baseDir, file.throughputs));
  else table = defaultThroughputs();
  if (!table) throw new SpecError(source, [{ path: 'throughputs', message: 'expected the path of Gavel\'s simulation_throughputs.json' }]);
  const jobs = generateGavel(table, { jobs: file.jobs, jobsPerHour: file.jobsPerHour, multiGpu: file.multiGpu, seed: file.seed, users: file.users });
  return { name: file.name ?? `gavel-${file.jobsPerHour}jph`, source, jobs, throughputs: table, ...settings };
}

export interface LoadWorkloadOptions {
  /** At most this many jobs: the first by arrival of a trace, the first generated. */
  maxJobs?: number;
}

/**
 * A workload file, or a job list of OpenClaw's own format on its own (YAML or JSONL), which runs
 * as `trace: {format: openclaw, path: <the list>}` would.
 */
export function loadWorkload(path: string, options: LoadWorkloadOptions = {}): Workload {
  const text = readInputFile(path, 'a workload YAML file or a job list');
  const file: WorkloadFile = isJobList(path, text)
    ? { name: basename(path).replace(/\.(jsonl|ya?ml)$/i, ''), trace: { format: 'openclaw', path: resolve(path) } }
    : parseYamlWith(workloadSchemaFor, text, path);
  return workloadFromFile(withMaxJobs(file, options.maxJobs), path, dirname(path));
}

/** JSONL, a YAML list, or a mapping whose `jobs` is a list (a generator's `jobs` is a count). */
function isJobList(path: string, text: string): boolean {
  if (/\.jsonl$/i.test(path)) return true;
  // Too big to parse: the workload parser refuses it, naming the limit.
  if (overLimit(text, { bytes: LIMITS.workloadYamlBytes, items: LIMITS.workloadYamlItems, what: '' })) return false;
  let doc: unknown;
  try {
    doc = parse(text, { logLevel: 'error' });
  } catch {
    return false; // not YAML: the workload parser says where
  }
  return Array.isArray(doc) || (typeof doc === 'object' && doc !== null && Array.isArray((doc as { jobs?: unknown }).jobs));
}

function withMaxJobs(file: WorkloadFile, maxJobs: number | undefined): WorkloadFile {
  if (maxJobs === undefined) return file;
  if ('trace' in file) return { ...file, trace: { ...file.trace, limit: Math.min(file.trace.limit ?? Infinity, maxJobs) } };
  return { ...file, jobs: Math.min(file.jobs, maxJobs) };
}
