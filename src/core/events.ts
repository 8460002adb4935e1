import type { CheckpointInfo } from './checkpoint';
import type { NodeInfo, NodeState } from './device';
import type { RankPlacement } from './job';
import type { MetricLine } from './metric-line';

/** What a backend reports to the job manager. Times are ms since the epoch (simulated for the simulator). */
/** `attempt` (the launch it belongs to) lets the manager drop late events of a killed attempt. */
export type BackendEvent =
  | { kind: 'started'; jobId: string; at: number; rank?: number; attempt?: number }
  /** `unterminated`: the output's last line, which has no newline of its own (the copy keeps it that way). */
  | { kind: 'log'; jobId: string; at: number; rank: number; stream: 'stdout' | 'stderr'; line: string; attempt?: number; unterminated?: boolean }
  | { kind: 'metric'; jobId: string; at: number; rank: number; metric: MetricLine; attempt?: number }
  /** A checkpoint has begun to be written (the job shows as checkpointing until the next `checkpoint`). */
  | { kind: 'checkpointing'; jobId: string; at: number; attempt?: number }
  | { kind: 'checkpoint'; jobId: string; at: number; checkpoint: CheckpointInfo; attempt?: number }
  /** A checkpoint being copied to a node that lacks it, before the attempt starts (`progress` absent: done). */
  | { kind: 'transfer'; jobId: string; at: number; progress?: { path: string; from: string; to: string; bytes: number; total: number }; attempt?: number }
  | { kind: 'exited'; jobId: string; at: number; rank?: number; exitCode: number; signal?: string; attempt?: number }
  /** Backends that allocate themselves (Slurm) report where the ranks went. */
  | { kind: 'placed'; jobId: string; at: number; placement: RankPlacement[]; attempt?: number }
  | { kind: 'node-state'; node: string; at: number; state: NodeState }
  | { kind: 'node-added'; at: number; node: NodeInfo }
  | { kind: 'node-lost'; node: string; at: number }
  // From backends that allocate themselves (Backend.allocation === 'backend', i.e. Slurm):
  /** Why the backend's own queue holds the job (Slurm's pending reason). */
  | { kind: 'waiting'; jobId: string; at: number; reason: string; attempt?: number }
  /** The backend requeued the job itself (e.g. Slurm after a node failure): it runs again without a new launch. */
  | { kind: 'requeued'; jobId: string; at: number; reason: string; attempt?: number };
