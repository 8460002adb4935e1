import type { CheckpointInfo } from './checkpoint';
import type { NodeInfo, NodeState } from './device';
import type { MetricLine } from './metric-line';

/** What a backend reports to the job manager. Times are ms since the epoch (simulated for the simulator). */
export type BackendEvent =
  | { kind: 'started'; jobId: string; at: number; rank?: number }
  | { kind: 'log'; jobId: string; at: number; rank: number; stream: 'stdout' | 'stderr'; line: string }
  | { kind: 'metric'; jobId: string; at: number; rank: number; metric: MetricLine }
  | { kind: 'checkpoint'; jobId: string; at: number; checkpoint: CheckpointInfo }
  | { kind: 'exited'; jobId: string; at: number; rank?: number; exitCode: number; signal?: string }
  | { kind: 'node-state'; node: string; at: number; state: NodeState }
  | { kind: 'node-added'; at: number; node: NodeInfo }
  | { kind: 'node-lost'; node: string; at: number };
