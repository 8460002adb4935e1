/**
 * `scontrol show job -o` and `scontrol show node -o`: one record per line of `Key=Value` pairs.
 * Values may hold spaces (OS=Linux 6.1 #1 SMP, Reason=Not responding [root@...]): a word that does
 * not start with `Key=` belongs to the value before it.
 */
import { expandHostlist } from './hostlist';
import { baseState, parseExitPair, parseGpuRequest, type SlurmJobStatus } from './job-status';
import { stripUndefined } from './squeue';
import { parseSlurmTime, parseSlurmTimestamp } from './time';

export type ScontrolRecord = Record<string, string>;

const KEY = /^([A-Za-z][A-Za-z0-9_:/]*)=(.*)$/s;

export function parseScontrolRecords(text: string): ScontrolRecord[] {
  const records: ScontrolRecord[] = [];
  // Without -o, records are separated by blank lines and span several indented lines.
  const blocks = text.includes('\n\n') || !/\n\S/.test(text.trim()) ? text.split(/\n\s*\n/) : text.split('\n');
  for (const block of blocks) {
    const words = block.split(/\s+/).filter((w) => w.length > 0);
    if (words.length === 0) continue;
    const rec: ScontrolRecord = {};
    let last: string | undefined;
    for (const w of words) {
      const m = KEY.exec(w);
      if (m) {
        last = m[1]!;
        rec[last] = m[2]!;
      } else if (last !== undefined) {
        rec[last] += ` ${w}`;
      }
    }
    if (Object.keys(rec).length > 0) records.push(rec);
  }
  return records;
}

function nullable(v: string | undefined): string | undefined {
  return v === undefined || v === '(null)' || v === 'N/A' || v === '' ? undefined : v;
}

export function jobStatusFromScontrol(r: ScontrolRecord): SlurmJobStatus {
  const gpu = parseGpuRequest(nullable(r.TresPerNode) ?? gresOfTres(r.TRES));
  const reason = nullable(r.Reason);
  const job: SlurmJobStatus = {
    slurmId: r.JobId ?? '',
    name: r.JobName,
    state: baseState(r.JobState ?? 'UNKNOWN'),
    reason: reason && reason !== 'None' ? reason : undefined,
    nodes: expandHostlist(nullable(r.NodeList) ?? ''),
    nodeCount: r.NumNodes !== undefined ? Number(r.NumNodes.split('-')[0]) : undefined,
    cpus: r.NumCPUs !== undefined ? Number(r.NumCPUs.split('-')[0]) : undefined,
    partition: nullable(r.Partition),
    user: r.UserId?.replace(/\(\d+\)$/, ''),
    priority: r.Priority !== undefined ? Number(r.Priority) : undefined,
    submitTime: parseSlurmTimestamp(r.SubmitTime),
    startTime: parseSlurmTimestamp(r.StartTime),
    endTime: parseSlurmTimestamp(r.EndTime),
    timeLimitSeconds: r.TimeLimit !== undefined ? parseSlurmTime(r.TimeLimit) : undefined,
    restarts: r.Restarts !== undefined ? Number(r.Restarts) : undefined,
    ...parseExitPair(r.ExitCode),
  };
  if (job.signal !== undefined) job.exitCode = 128 + job.signal;
  if (gpu) {
    job.gpusPerNode = gpu.count;
    if (gpu.type) job.gpuType = gpu.type;
  }
  return stripUndefined(job);
}

/** "cpu=8,mem=64G,node=2,billing=8,gres/gpu=8" -> "gres/gpu=4" per node. */
function gresOfTres(tres: string | undefined): string | undefined {
  if (!tres) return undefined;
  const m = /(?:^|,)(gres\/gpu(?::[^=,]+)?)=(\d+)/.exec(tres);
  const nodes = /(?:^|,)node=(\d+)/.exec(tres);
  if (!m) return undefined;
  return `${m[1]}=${Math.ceil(Number(m[2]) / Math.max(1, Number(nodes?.[1] ?? 1)))}`;
}

/** One node as `scontrol show node` describes it. */
export interface SlurmNode {
  name: string;
  cpus: number;
  /** MiB. */
  realMemoryMiB: number;
  /** e.g. "gpu:a100:8(S:0-1)"; empty without GRES. */
  gres: string;
  /** Upper-case states: ["IDLE"], ["MIXED", "DRAIN"], ["DOWN", "NOT_RESPONDING"] ... */
  states: string[];
  partitions: string[];
  reason?: string;
  features: string[];
}

export function nodeFromScontrol(r: ScontrolRecord): SlurmNode {
  const states = (r.State ?? 'UNKNOWN').replace(/\*$/, '').split('+').map((s) => s.replace(/\*$/, '').toUpperCase());
  const node: SlurmNode = {
    name: r.NodeName ?? '',
    cpus: Number(r.CPUEfctv ?? r.CPUTot ?? 0),
    realMemoryMiB: Number(r.RealMemory ?? 0),
    gres: nullable(r.Gres) ?? '',
    states,
    partitions: (nullable(r.Partitions) ?? '').split(',').filter((p) => p.length > 0),
    features: (nullable(r.AvailableFeatures) ?? '').split(',').filter((p) => p.length > 0),
  };
  const reason = nullable(r.Reason);
  if (reason) node.reason = reason;
  return node;
}

export function parseScontrolNodes(text: string): SlurmNode[] {
  return parseScontrolRecords(text).filter((r) => r.NodeName !== undefined).map(nodeFromScontrol);
}

export function parseScontrolJobs(text: string): SlurmJobStatus[] {
  return parseScontrolRecords(text).filter((r) => r.JobId !== undefined).map(jobStatusFromScontrol);
}
