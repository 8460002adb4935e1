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

/** "0-3,6" -> [0, 1, 2, 3, 6]. */
function indexList(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    for (let i = Number(m[1]); i <= Number(m[2] ?? m[1]); i++) out.push(i);
  }
  return out;
}

/**
 * The GPU indices Slurm gave a job on each node, from `scontrol show job -d`:
 * "Nodes=gpu-a[01-02] CPU_IDs=0-15 Mem=64000 GRES=gpu:a100:4(IDX:4-7)" (older Slurm: "GRES_IDX=gpu(IDX:4-7)").
 */
export function gpuIndicesOfJob(detail: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const line of detail.split('\n')) {
    const nodes = /^\s*Nodes=(\S+)\s/.exec(line);
    if (!nodes) continue;
    const gres = /\bGRES(?:_IDX)?=(\S*)/.exec(line)?.[1] ?? '';
    const idx: number[] = [];
    for (const m of gres.matchAll(/gpu[^(,]*\(IDX:([0-9,-]+)\)/g)) idx.push(...indexList(m[1]!));
    if (idx.length === 0) continue;
    for (const n of expandHostlist(nodes[1]!)) out.set(n, idx);
  }
  return out;
}
