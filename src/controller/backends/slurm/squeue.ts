/**
 * squeue's two outputs: `--json` (Slurm 21.08+; the shape changed in 23.02, both are read) and the
 * formatted `-o` output for older versions.
 */
import { expandHostlist } from './hostlist';
import { baseState, decodeWaitStatus, parseGpuRequest, type SlurmJobStatus } from './job-status';
import { parseSlurmTime, parseSlurmTimestamp } from './time';

/** A number as 22.05 prints it, or the {set, infinite, number} object of 23.02+. */
function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (v && typeof v === 'object' && 'number' in v) {
    const o = v as { set?: boolean; infinite?: boolean; number?: unknown };
    if (o.set === false || o.infinite === true) return undefined;
    return typeof o.number === 'number' ? o.number : undefined;
  }
  return undefined;
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}

function exitOf(v: unknown): { exitCode?: number; signal?: number } {
  if (typeof v === 'number') return decodeWaitStatus(v);
  if (v && typeof v === 'object') {
    // 23.02+: {status: [...], return_code: {number}, signal: {id: {number}}}, or a plain {set, number}.
    const o = v as { return_code?: unknown; signal?: { id?: unknown }; number?: unknown };
    if ('return_code' in o || 'signal' in o) {
      const exitCode = num(o.return_code);
      const signal = num(o.signal?.id);
      return signal ? { exitCode: 128 + signal, signal } : exitCode !== undefined ? { exitCode } : {};
    }
    const n = num(v);
    return n !== undefined ? decodeWaitStatus(n) : {};
  }
  return {};
}

/** The jobs of `squeue --json`. Throws when the text is not squeue's JSON. */
export function parseSqueueJson(text: string): SlurmJobStatus[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error('squeue --json printed something that is not JSON');
  }
  const jobs = (doc as { jobs?: unknown }).jobs;
  if (!Array.isArray(jobs)) throw new Error('squeue --json: no "jobs" list in the output');
  return jobs.map((raw: Record<string, unknown>) => {
    const state = str(raw.job_state) ?? 'UNKNOWN';
    const reason = str(raw.state_reason);
    const limitMinutes = num(raw.time_limit);
    const gpu = parseGpuRequest(str(raw.tres_per_node)) ?? gpusFromTres(str(raw.tres_req_str), num(raw.node_count));
    const out: SlurmJobStatus = {
      slurmId: String(num(raw.job_id) ?? raw.job_id),
      name: str(raw.name),
      state: baseState(state),
      reason: reason && reason !== 'None' ? reason : undefined,
      nodes: expandHostlist(str(raw.nodes) ?? ''),
      nodeCount: num(raw.node_count),
      cpus: num(raw.cpus),
      partition: str(raw.partition),
      user: str(raw.user_name),
      priority: num(raw.priority),
      submitTime: epochMs(raw.submit_time),
      startTime: epochMs(raw.start_time),
      endTime: epochMs(raw.end_time),
      timeLimitSeconds: limitMinutes !== undefined ? limitMinutes * 60 : undefined,
      restarts: num(raw.restart_cnt),
      ...exitOf(raw.exit_code),
    };
    if (gpu) {
      out.gpusPerNode = gpu.count;
      if (gpu.type) out.gpuType = gpu.type;
    }
    return stripUndefined(out);
  });
}

function epochMs(v: unknown): number | undefined {
  const n = num(v);
  return n !== undefined && n > 0 ? n * 1000 : undefined;
}

/** "cpu=8,mem=64G,node=2,gres/gpu=8" -> GPUs per node. */
function gpusFromTres(tres: string | undefined, nodes: number | undefined): { count: number; type?: string } | undefined {
  if (!tres) return undefined;
  const m = /(?:^|,)gres\/gpu(?::([^=,]+))?=(\d+)/.exec(tres);
  if (!m) return undefined;
  const total = Number(m[2]);
  const perNode = Math.ceil(total / Math.max(1, nodes ?? 1));
  return m[1] ? { count: perNode, type: m[1].toLowerCase() } : { count: perNode };
}

/**
 * The `-o` format OpenClaw asks for when `--json` is unavailable. The name comes last so that a
 * "|" in it cannot shift the other fields.
 */
export const SQUEUE_FORMAT = '%i|%T|%r|%D|%C|%P|%u|%Q|%V|%S|%e|%l|%b|%N|%j';

export function parseSqueueFormatted(text: string): SlurmJobStatus[] {
  const out: SlurmJobStatus[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const f = line.split('|');
    if (f.length < 15) throw new Error(`squeue: unexpected line "${line}"`);
    const [id, state, reason, nodes, cpus, partition, user, prio, submit, start, end, limit, gres, nodelist] = f as [
      string, string, string, string, string, string, string, string, string, string, string, string, string, string,
    ];
    const name = f.slice(14).join('|');
    const gpu = parseGpuRequest(gres === 'N/A' ? undefined : gres);
    const job: SlurmJobStatus = {
      slurmId: id.trim(),
      name,
      state: baseState(state),
      reason: reason && reason !== 'None' ? reason : undefined,
      nodes: expandHostlist(nodelist),
      nodeCount: intOrUndefined(nodes),
      cpus: intOrUndefined(cpus),
      partition: partition || undefined,
      user: user || undefined,
      priority: intOrUndefined(prio),
      submitTime: parseSlurmTimestamp(submit),
      startTime: parseSlurmTimestamp(start),
      endTime: parseSlurmTimestamp(end),
      timeLimitSeconds: safeTime(limit),
    };
    if (gpu) {
      job.gpusPerNode = gpu.count;
      if (gpu.type) job.gpuType = gpu.type;
    }
    out.push(stripUndefined(job));
  }
  return out;
}

function safeTime(t: string): number | undefined {
  try {
    return parseSlurmTime(t);
  } catch {
    return undefined;
  }
}

function intOrUndefined(t: string): number | undefined {
  const n = Number(t.trim());
  return t.trim() !== '' && Number.isFinite(n) ? n : undefined;
}

export function stripUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
