/**
 * The job manager's public face: what the extension, the CLI and the reports use, whatever the
 * backend (simulator, agents, Slurm). Implementations live beside this file.
 */
import type { CheckpointInfo } from '../core/checkpoint';
import type { NodeInfo } from '../core/device';
import type { BackendEvent } from '../core/events';
import type { JobRecord, RankPlacement } from '../core/job';
import type { JobSpec } from '../core/job-spec';

export interface Disposable {
  dispose(): void;
}

/** A change the views react to. */
export type ControllerChange =
  | { kind: 'job'; job: JobRecord }
  | { kind: 'job-removed'; jobId: string }
  | { kind: 'cluster'; nodes: readonly NodeInfo[] }
  | { kind: 'log'; jobId: string; rank: number; line: string; stream: 'stdout' | 'stderr' };

export interface LogChunk {
  rank: number;
  /** Byte offset of `text` in the rank's log file. */
  offset: number;
  text: string;
}

export interface LogOptions {
  rank?: number;
  /** Start this many bytes before the end (the tail); default: from the start. */
  tailBytes?: number;
  /** Keep streaming new output until the job ends or the signal aborts. */
  follow?: boolean;
  signal?: AbortSignal;
}

export interface Controller {
  readonly backendKind: 'simulator' | 'agents' | 'slurm';
  /** Submits a validated spec. `specPath` anchors relative paths and is shown in the views. */
  submit(spec: JobSpec, specPath?: string): Promise<JobRecord>;
  cancel(jobId: string, reason?: string): Promise<void>;
  /** Runs a finished or failed job again from scratch. */
  restart(jobId: string): Promise<JobRecord>;
  /** Runs a job again from one of its checkpoints. */
  resume(jobId: string, checkpointPath: string): Promise<JobRecord>;
  jobs(): readonly JobRecord[];
  job(jobId: string): JobRecord | undefined;
  nodes(): readonly NodeInfo[];
  checkpoints(jobId: string): Promise<readonly CheckpointInfo[]>;
  logs(jobId: string, options?: LogOptions): AsyncIterable<LogChunk>;
  onChange(listener: (change: ControllerChange) => void): Disposable;
  dispose(): Promise<void>;
}

/** What the job manager asks of a backend. */
export interface Backend {
  readonly kind: 'simulator' | 'agents' | 'slurm';
  /**
   * 'scheduler': OpenClaw's scheduler places ranks on the nodes this backend reports.
   * 'backend': the backend allocates itself (Slurm), and reports the placement in events.
   */
  readonly allocation: 'scheduler' | 'backend';
  start(emit: (event: BackendEvent) => void): Promise<void>;
  nodes(): readonly NodeInfo[];
  launch(job: JobRecord, placement: readonly RankPlacement[], options: { resumeFrom?: string; attempt: number }): Promise<void>;
  kill(jobId: string, reason: string): Promise<void>;
  logs(job: JobRecord, options: LogOptions): AsyncIterable<LogChunk>;
  checkpoints(job: JobRecord): Promise<readonly CheckpointInfo[]>;
  dispose(): Promise<void>;
}
