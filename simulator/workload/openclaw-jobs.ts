/**
 * OpenClaw's own job list: YAML (a list, or `jobs:` with a list) or JSONL (one job a line). Each job
 * is either the short form below or carries a full job spec (`spec:`, as in a `*.claw.yaml`), from
 * which devices, user, priority and the simulation hints are taken.
 */
import { z } from 'zod';
import { SpecError, parseWith } from '../../src/core/errors';
import { JobSpec, totalGpus } from '../../src/core/job-spec';
import { specCheckpointEvery } from '../../src/core/lifecycle';
import { atMost, LIMITS, seconds, secondsOrZero } from '../../src/core/limits';
import { parseYamlWith, readInputFile } from '../input/yaml-input';
import type { WorkloadJob } from './workload-job';

export const OpenClawJobEntry = z
  .object({
    id: z.string().min(1).optional(),
    /** Submission time in seconds. */
    arrival: secondsOrZero(),
    gpus: z.number().int().positive('expected a positive integer').max(LIMITS.clusterDevices, atMost(LIMITS.clusterDevices, 'devices')).optional(),
    nodes: z.number().int().positive().max(LIMITS.jobNodes, atMost(LIMITS.jobNodes, 'nodes')).optional(),
    gpusPerNode: z.number().int().positive().max(LIMITS.devicesPerNode, atMost(LIMITS.devicesPerNode, 'devices on a node')).optional(),
    deviceModel: z.string().optional(),
    deviceMemoryGiB: z.number().positive().max(LIMITS.memoryGiB, atMost(LIMITS.memoryGiB, 'GiB')).optional(),
    user: z.string().optional(),
    priority: z.number().int().optional(),
    model: z.string().optional(),
    totalSteps: z.number().positive().max(LIMITS.totalSteps, atMost(LIMITS.totalSteps, 'steps')).optional(),
    durationSeconds: seconds().optional(),
    checkpointEverySeconds: seconds().optional(),
    spec: JobSpec.optional(),
  })
  .strict()
  .refine((j) => j.gpus !== undefined || j.spec !== undefined, { message: 'expected "gpus" or a "spec"', path: ['gpus'] })
  .refine((j) => j.totalSteps !== undefined || j.durationSeconds !== undefined || j.spec?.simulation?.totalSteps !== undefined || j.spec?.simulation?.durationSeconds !== undefined, {
    message: 'expected "durationSeconds" or "totalSteps" (or spec.simulation with one of them)',
    path: ['durationSeconds'],
  });
export type OpenClawJobEntry = z.infer<typeof OpenClawJobEntry>;

const JobListFile = z.union([z.array(OpenClawJobEntry), z.object({ jobs: z.array(OpenClawJobEntry) }).strict()]);

export function jobFromEntry(e: OpenClawJobEntry, index: number): WorkloadJob {
  const spec = e.spec;
  const r = spec?.resources;
  const gpus = e.gpus ?? (spec ? totalGpus(spec) : 0);
  const fixedNodes = e.nodes ?? (r && r.nodes > 1 ? r.nodes : undefined);
  return {
    id: e.id ?? spec?.name ?? `job-${index}`,
    arrival: e.arrival,
    gpus: Math.max(1, gpus),
    nodes: fixedNodes,
    gpusPerNode: e.gpusPerNode ?? (fixedNodes && r ? r.processesPerNode * r.gpusPerProcess : undefined),
    deviceModel: e.deviceModel ?? r?.deviceModel,
    deviceMemoryGiB: e.deviceMemoryGiB ?? r?.deviceMemoryGiB,
    user: e.user ?? spec?.user ?? 'default',
    priority: e.priority ?? spec?.priority ?? 0,
    model: e.model ?? spec?.simulation?.model,
    totalSteps: e.totalSteps ?? spec?.simulation?.totalSteps,
    durationSeconds: e.durationSeconds ?? spec?.simulation?.durationSeconds,
    // As the simulated backend runs the spec (none declared: a stopped run starts over).
    checkpointEverySeconds: e.checkpointEverySeconds ?? (spec ? specCheckpointEvery(spec) : undefined),
    // A job given by its spec keeps the spec's restart budget, as it would live.
    maxRestarts: spec?.maxRestarts,
  };
}

const isNumberIn = (x: unknown, min: number, max: number, strictMin: boolean): x is number =>
  typeof x === 'number' && (strictMin ? x > min : x >= min) && x <= max;
const isOptionalString = (x: unknown): boolean => x === undefined || (typeof x === 'string' && x.length > 0);

/**
 * The common line of a large JSONL trace (`{id, arrival, gpus, durationSeconds}` and a few plain
 * fields), accepted without the schema: the schema costs about 10 µs a job, a third of a 20,000-job
 * run. Returns undefined for anything else, which the schema then reads (and explains if it is
 * wrong): it accepts a subset of what `OpenClawJobEntry` accepts and gives what it gives, which a
 * property test checks.
 */
export function shortEntry(raw: unknown): OpenClawJobEntry | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const o = raw as Record<string, unknown>;
  for (const k in o) if (!SHORT_KEYS.has(k)) return undefined;
  const { id, arrival, gpus, durationSeconds, totalSteps, checkpointEverySeconds, priority } = o;
  if (!isNumberIn(arrival, 0, LIMITS.durationSeconds, false)) return undefined;
  if (!(Number.isInteger(gpus) && isNumberIn(gpus, 0, LIMITS.clusterDevices, true))) return undefined;
  if (durationSeconds === undefined ? !isNumberIn(totalSteps, 0, LIMITS.totalSteps, true) : !isNumberIn(durationSeconds, 0, LIMITS.durationSeconds, true)) return undefined;
  if (totalSteps !== undefined && !isNumberIn(totalSteps, 0, LIMITS.totalSteps, true)) return undefined;
  if (checkpointEverySeconds !== undefined && !isNumberIn(checkpointEverySeconds, 0, LIMITS.durationSeconds, true)) return undefined;
  if (priority !== undefined && !Number.isSafeInteger(priority)) return undefined;
  if (!isOptionalString(id) || !isOptionalString(o.user) || !isOptionalString(o.model) || !isOptionalString(o.deviceModel)) return undefined;
  return o as OpenClawJobEntry;
}
const SHORT_KEYS = new Set(['id', 'arrival', 'gpus', 'durationSeconds', 'totalSteps', 'checkpointEverySeconds', 'priority', 'user', 'model', 'deviceModel']);

export function readOpenClawJobs(path: string, limit = Infinity): WorkloadJob[] {
  const text = readInputFile(path, 'a job list (YAML or JSONL)');
  let entries: OpenClawJobEntry[];
  if (/\.jsonl$/i.test(path)) {
    entries = [];
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length && entries.length < limit; i++) {
      if (lines[i]!.trim() === '') continue;
      let raw: unknown;
      try {
        raw = JSON.parse(lines[i]!);
      } catch (err) {
        throw new SpecError(`${path}:${i + 1}`, [{ path: '', message: `invalid JSON (${(err as Error).message}); expected one job object a line` }]);
      }
      entries.push(shortEntry(raw) ?? parseWith(OpenClawJobEntry, raw, `${path}:${i + 1}`));
    }
  } else {
    const file = parseYamlWith(JobListFile, text, path);
    entries = Array.isArray(file) ? file : file.jobs;
  }
  const jobs = entries.map(jobFromEntry);
  const seen = new Set<string>();
  for (const j of jobs) {
    if (seen.has(j.id)) throw new SpecError(path, [{ path: 'id', message: `duplicate job id "${j.id}"; expected unique ids` }]);
    seen.add(j.id);
  }
  const sorted = jobs.map((j, i) => ({ j, i })).sort((a, b) => a.j.arrival - b.j.arrival || a.i - b.i).map((x) => x.j);
  return sorted.slice(0, Number.isFinite(limit) ? limit : undefined);
}
