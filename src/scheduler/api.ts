/**
 * The policy API: what a scheduling policy sees and what it may decide.
 *
 * A policy is one object with a `schedule` method. It reads a view of the cluster and of the jobs
 * and returns decisions, made through `input.plan`, which validates each one as it is made and shows
 * it in the cluster view at once (or returned as plain objects, validated after). Everything else a
 * policy sees is read-only: the Scheduler applies the decisions to the ClusterState, and the driver
 * (the simulator or the job manager) reports the rest (jobs ending, nodes failing). See
 * docs/policies.md.
 *
 * Times are seconds: simulated seconds in the simulator, seconds since the manager started live.
 */
import type { NodeState } from '../core/device';

export interface DeviceView {
  /** Global device id: index into ClusterView.devices. */
  readonly id: number;
  /** Index into ClusterView.nodes. */
  readonly node: number;
  /** Index of the device within its node. */
  readonly index: number;
  readonly model: string;
  readonly memoryGiB: number;
}

export interface NodeView {
  readonly id: number;
  readonly name: string;
  readonly rack: string | undefined;
  /** Global ids of the node's devices. */
  readonly devices: readonly number[];
  readonly state: NodeState;
  readonly cpus: number;
  readonly memoryGiB: number;
  /** Bandwidth between the node's devices, Gbit/s. */
  readonly intraLinkGbps: number;
  /** Groups of global device ids joined by the fast link, when the node has several (partial NVLink). */
  readonly islands: readonly (readonly number[])[] | undefined;
}

/** Which devices a query counts: of one model and/or with at least this much memory. */
export interface DeviceFilter {
  readonly model?: string;
  readonly minMemoryGiB?: number;
}

export interface ClusterView {
  readonly nodes: readonly NodeView[];
  readonly devices: readonly DeviceView[];
  /** Inter-node network. */
  readonly networkGbps: number;
  readonly networkLatencyUs: number;
  /** Free and on a ready node. */
  isFree(device: number): boolean;
  /** The job holding a device, if any. */
  jobOn(device: number): string | undefined;
  /** Devices a job holds (empty when it holds none). */
  devicesOf(job: string): readonly number[];
  /**
   * Free devices of a node, optionally only those matching a filter, at most `limit` of them
   * (empty unless the node is ready).
   */
  freeDevicesOn(node: number, filter?: DeviceFilter, limit?: number): readonly number[];
  /** How many devices of a node are free (and match the filter). */
  freeCountOn(node: number, filter?: DeviceFilter): number;
  /** Free devices in the whole cluster, optionally of one model. */
  freeCount(model?: string): number;
  /** Devices of a model that jobs hold, on any node (ready or not). */
  heldCount(model: string): number;
  /** Free devices in the whole cluster that match a filter. */
  freeMatching(filter?: DeviceFilter): number;
  /**
   * Visits ready nodes with at least `min` free devices matching the filter, ordered by that free
   * count: 'asc' (best fit first) or 'desc' (largest block first). Return true to stop. Cost is in
   * the nodes visited, not the cluster size.
   */
  forEachNodeByFree(filter: DeviceFilter | undefined, min: number, order: 'asc' | 'desc', visit: (node: number, free: number) => boolean | void): void;
  /** Device models present in the cluster. */
  readonly models: readonly string[];
}

/** What a job asks for. Jobs are gangs: all of their devices start together or none do. */
export interface JobRequest {
  /** Devices in total (nodes × processes per node × devices per process). */
  readonly gpus: number;
  /** Exact node count when the spec fixes it; otherwise any split that fits. */
  readonly nodes?: number;
  /** Devices per node when `nodes` is fixed. */
  readonly gpusPerNode?: number;
  readonly deviceModel?: string;
  readonly deviceMemoryGiB?: number;
}

export interface JobView {
  readonly id: string;
  readonly user: string;
  readonly priority: number;
  /** Submission time. */
  readonly arrival: number;
  /** When it last started waiting (its arrival, or its last preemption or restart); defaults to arrival. */
  readonly waitingSince?: number;
  readonly request: JobRequest;
  readonly state: 'waiting' | 'running';
  /** Devices held while running. */
  readonly devices: readonly number[];
  /** Device-seconds of service received so far. */
  readonly attainedService: number;
  /** Fraction of the work done, 0..1. */
  readonly progress: number;
  /** Estimated seconds of work left on the devices it has or would get; undefined when unknown. */
  readonly remainingSeconds: number | undefined;
  readonly restarts: number;
  readonly preemptions: number;
  /** Steps per second on each device model, when known (heterogeneity-aware policies use it). */
  readonly throughput: Readonly<Record<string, number>> | undefined;
}

/** Jobs in an order, read by position: an array is one, and so is a kept queue (WaitingQueue) without a copy. */
export interface JobOrder {
  readonly length: number;
  at(i: number): JobView | undefined;
  /** The arrival of the job at position `i`, when the order keeps it apart (ties are then broken without reading the job). */
  arrivalAt?(i: number): number;
}

export type SchedulingTrigger = 'arrival' | 'completion' | 'failure' | 'repair' | 'round' | 'manual';

/**
 * What changed since the previous round of the same policy on the same Scheduler, other than by
 * that round's own decisions (which the policy knows). With it a policy that keeps its ordered
 * queues between rounds updates them at the cost of what changed, not of the whole queue.
 */
export interface SchedulingChanges {
  /**
   * Jobs that left where they were since the previous round: completed, cancelled, or stopped by a
   * failure (such a job waits again and is in `queued` too). Apply these before `queued`.
   */
  readonly left: readonly JobView[];
  /** Jobs that joined the waiting queue: arrivals, and jobs back after a failure. All are waiting now. */
  readonly queued: readonly JobView[];
  /** Waiting or running jobs whose priority or estimates changed in a way the driver knows of. */
  readonly changed: readonly JobView[];
  /** Devices freed (jobs ended, nodes repaired) beyond those of the previous round's preemptions. */
  readonly freed: number;
}

export interface SchedulingInput {
  readonly now: number;
  readonly trigger: SchedulingTrigger;
  /** The cluster as it stands, including what `plan` has placed or preempted so far this round. */
  readonly cluster: ClusterView;
  /** Waiting jobs in arrival order. */
  readonly waiting: readonly JobView[];
  readonly running: readonly JobView[];
  /**
   * What changed since this policy's previous round, when the driver tracks it and that round was
   * on the same Scheduler and completed; undefined otherwise (the first round, a driver that does
   * not track changes): then `waiting` and `running` are all there is to go by.
   */
  readonly changes?: SchedulingChanges;
  /**
   * Builds this round's decisions one at a time: each is validated when made and shows in `cluster`
   * at once, so the next placement sees the devices as taken. Return `plan.decisions`.
   */
  readonly plan: RoundPlan;
}

export interface RoundPlan {
  /** Places a job on devices; throws a PolicyError naming the rule when the placement is invalid. */
  place(job: JobView, devices: readonly number[], reason: string): Decision;
  /** Preempts a running job; its devices are free for the rest of the round. */
  preempt(job: JobView, reason: string): Decision;
  /** Records why a job waits (optional: waiting is the default). */
  wait(job: JobView, reason: string): Decision;
  /** Whether the job was placed (or preempted) earlier in this round. */
  placed(job: JobView): boolean;
  preempted(job: JobView): boolean;
  readonly decisions: readonly Decision[];
}

export type Decision =
  | { readonly kind: 'place'; readonly job: string; readonly devices: readonly number[]; readonly reason: string }
  | { readonly kind: 'preempt'; readonly job: string; readonly reason: string }
  | { readonly kind: 'wait'; readonly job: string; readonly reason: string };

export interface Policy {
  readonly name: string;
  /** One paragraph: what it does and where it comes from. */
  readonly description?: string;
  /**
   * Time-sharing policies are also called every `roundSeconds` (default 360 s, as in Gavel) so
   * that they can preempt and rotate jobs; others only on arrivals, completions and failures.
   */
  readonly timeSharing?: boolean;
  /** Where the policy came from (a user policy's file), named in its errors. */
  readonly source?: string;
  readonly roundSeconds?: number;
  /**
   * Called at every round even when no job waits, to move running jobs (an allocation that changed
   * as jobs ended). Live drivers always call time-sharing policies at rounds; the simulator skips
   * rounds with nothing waiting unless the policy sets this.
   */
  readonly rebalances?: boolean;
  /**
   * The jobs it preempts save first, at the round's end, and lose nothing (Gavel's round mechanism:
   * its workers checkpoint when their lease ends). The simulator models them so; live, a job saves
   * only if its script checkpoints on SIGTERM, and the manager counts what the checkpoints show.
   * Without it a policy that rotates jobs every round faster than they checkpoint would let none finish.
   */
  readonly savesOnPreemption?: boolean;
  /** Returns the round's decisions; returning nothing means `input.plan.decisions`. */
  schedule(input: SchedulingInput): readonly Decision[] | void;
  /**
   * Why a waiting job whose devices are free is still held back (e.g. "behind job j3 in FIFO
   * order"). Optional; asked only when someone wants to know.
   */
  explain?(job: JobView, context: ExplainContext): string | undefined;
}

export interface ExplainContext {
  readonly now: number;
  readonly cluster: ClusterView;
  /** Waiting jobs in arrival order. */
  readonly waiting: readonly JobView[];
}
