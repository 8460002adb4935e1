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
      entries.push(parseWith(OpenClawJobEntry, raw, `${path}:${i + 1}`));
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
