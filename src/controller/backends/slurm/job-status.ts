/**
 * What OpenClaw reads of one Slurm job, whichever command reported it (squeue --json, squeue's
 * formatted output, scontrol show job, sacct). Every parser returns this shape.
 */
export interface SlurmJobStatus {
  slurmId: string;
  name?: string;
  /** The base state in upper case: PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, NODE_FAIL, ... */
  state: string;
  /** Why a pending job waits, or why a job ended (Slurm's Reason). */
  reason?: string;
  /** Allocated hosts in SLURM_NODEID order (empty while pending). */
  nodes: string[];
  nodeCount?: number;
  cpus?: number;
  partition?: string;
  user?: string;
  priority?: number;
  /** ms since the epoch. */
  submitTime?: number;
  startTime?: number;
  endTime?: number;
  timeLimitSeconds?: number;
  /** The batch script's exit code; with `signal` when a signal ended it. */
  exitCode?: number;
  signal?: number;
  /** How many times Slurm requeued the job. */
  restarts?: number;
  /** GPUs per node the job asked for (from its TRES or GRES request). */
  gpusPerNode?: number;
  /** GPU type the job asked for, e.g. "a100" from `gres/gpu:a100:4`. */
  gpuType?: string;
}

/** "CANCELLED by 0", "FAILED+", "RUNNING" -> "CANCELLED", "FAILED", "RUNNING". */
export function baseState(state: string): string {
  return state.trim().split(/[\s+]/)[0]!.toUpperCase();
}

/** Slurm's "exit:signal" pair (scontrol, sacct). */
export function parseExitPair(text: string | undefined): { exitCode?: number; signal?: number } {
  const m = /^(\d+):(\d+)$/.exec((text ?? '').trim());
  if (!m) return {};
  const exitCode = Number(m[1]);
  const signal = Number(m[2]);
  return signal > 0 ? { exitCode, signal } : { exitCode };
}

/** A raw wait status (squeue --json of Slurm 22.05 reports the job's exit_code this way). */
export function decodeWaitStatus(status: number): { exitCode?: number; signal?: number } {
  const signal = status & 0x7f;
  if (signal !== 0) return { exitCode: 128 + signal, signal };
  return { exitCode: (status >> 8) & 0xff };
}

/**
 * A GPU request from a TRES or GRES string: "gres/gpu:a100=4", "gres:gpu:2", "gpu:a100:4",
 * "gres/gpu=2,gres/mps=100" -> {count, type}; undefined when it asks for no GPU.
 */
export function parseGpuRequest(text: string | undefined): { count: number; type?: string } | undefined {
  if (!text) return undefined;
  for (const raw of text.split(',')) {
    const item = raw.trim().replace(/^gres[/:]/, '');
    const m = /^gpu(?::([A-Za-z0-9_.-]+?))?(?:[:=](\d+))?(?:\(.*\))?$/.exec(item);
    if (!m) continue;
    // "gpu:2" has a count but no type; "gpu:a100:2" and "gpu:a100=2" both.
    let type: string | undefined = m[1];
    let count = m[2] !== undefined ? Number(m[2]) : 1;
    if (type !== undefined && /^\d+$/.test(type) && m[2] === undefined) {
      count = Number(type);
      type = undefined;
    }
    return type ? { count, type: type.toLowerCase() } : { count };
  }
  return undefined;
}
