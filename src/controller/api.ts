/**
 * The job manager's public face: what the extension, the CLI and the reports use, whatever the
 * backend (simulator, agents, Slurm). Implementations live beside this file.
 */
import type { CheckpointContents } from '../core/checkpoint-contents/contents';
import type { CheckpointInfo } from '../core/checkpoint';
import type { NodeInfo } from '../core/device';
import type { BackendEvent } from '../core/events';
import type { JobRecord, MetricSample, RankPlacement } from '../core/job';
import type { JobReport } from '../core/job-report';
import type { JobSpec } from '../core/job-spec';
import type { CheckpointSurvey } from './resume-point';

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
  /** The launch the output belongs to (1 for the first run; each restart is a new attempt). */
  attempt?: number;
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
  /** Tensors, training state and model of one checkpoint of the job (`path` as `checkpoints` lists it). */
  inspectCheckpoint(jobId: string, path: string): Promise<CheckpointContents>;
  /** Metric samples reported by rank 0 (`@openclaw {...}` lines), oldest first, bounded. */
  metrics(jobId: string): readonly MetricSample[];
  /** The report written when the job ended (undefined while it runs). */
  report(jobId: string): JobReport | undefined;
  /** Resolves with the job's record once it reaches succeeded, failed or cancelled. */
  waitForEnd(jobId: string, signal?: AbortSignal): Promise<JobRecord>;
  logs(jobId: string, options?: LogOptions): AsyncIterable<LogChunk>;
  onChange(listener: (change: ControllerChange) => void): Disposable;
  /** Stops watching; ranks keep running on live backends and are re-attached by the next manager. */
  dispose(): Promise<void>;
}

/** Ranks of an attempt as found by `Backend.attach` after a manager restart. */
export interface AttachResult {
  /** Ranks still running: their events (logs from `logOffsets`) flow again from now on. */
  running: number[];
  /** Ranks that ended while no manager watched. */
  exited: { rank: number; exitCode: number }[];
  /** Ranks the backend no longer knows (node gone or restarted). */
  missing: number[];
}

/** A declared output copied from rank 0 into the workspace. */
export interface FetchedOutput {
  /** As declared in the spec (relative to the job's workdir). */
  path: string;
  localPath: string;
  bytes: number;
  sha256: string;
}

/** What the job manager asks of a backend. */
export interface Backend {
  readonly kind: 'simulator' | 'agents' | 'slurm';
  /**
   * 'scheduler': OpenClaw's scheduler places ranks on the nodes this backend reports.
   * 'backend': the backend allocates itself (Slurm), and reports the placement in events.
   */
  readonly allocation: 'scheduler' | 'backend';
  /** Simulated seconds per wall second (the simulator); 1 when absent. */
  readonly speedup?: number;
  /** The backend's clock, ms since the epoch (simulated time for the simulator); Date.now() when absent. */
  now?(): number;
  /**
   * Connects and starts reporting. Events carry `attempt` where they concern one launch.
   * Live backends watch node health themselves and emit `node-state` (suspect, dead, ready).
   */
  start(emit: (event: BackendEvent) => void): Promise<void>;
  nodes(): readonly NodeInfo[];
  /** Starts every rank of one attempt (resolves once launched, not when they end). */
  launch(job: JobRecord, placement: readonly RankPlacement[], options: { resumeFrom?: string; attempt: number }): Promise<void>;
  /**
   * Kills every rank of the job's current attempt. Ranks on an unreachable node are fenced:
   * killed as soon as the node answers again, before it is reported ready.
   */
  kill(jobId: string, reason: string): Promise<void>;
  /** After a manager restart: finds the ranks of `attempt` and streams their events again. */
  attach?(job: JobRecord, placement: readonly RankPlacement[], attempt: number, options?: { logOffsets?: ReadonlyMap<number, number> }): Promise<AttachResult>;
  /** Copies declared outputs from rank 0's node into `destDir`, with their checksums. */
  fetchOutputs?(job: JobRecord, destDir: string): Promise<FetchedOutput[]>;
  logs(job: JobRecord, options: LogOptions): AsyncIterable<LogChunk>;
  /** Checkpoints of the job, newest last; only `complete` ones are used to resume. */
  checkpoints(job: JobRecord): Promise<readonly CheckpointInfo[]>;
  /** What is inside one of them, read where it lies (`node`: the node that reported it). */
  inspectCheckpoint(job: JobRecord, checkpoint: Pick<CheckpointInfo, 'path' | 'node'>): Promise<CheckpointContents>;
  /**
   * The checkpoint folders of the job's current attempt listed on every node that ran it, called
   * when the attempt is lost and before it is stopped; `checkpoints` is used when absent.
   */
  surveyCheckpoints?(job: JobRecord): Promise<CheckpointSurvey>;
  dispose(): Promise<void>;
}
