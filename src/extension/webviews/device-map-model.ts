/**
 * What the device map shows, kept by the host: the job on each device and its utilisation, built
 * from the controller's nodes and job records, and turned into deltas as jobs change. Pure (no
 * `vscode`), so tests and benchmarks use it as it is.
 */
import type { NodeInfo } from '../../core/device';
import type { JobRecord } from '../../core/job';
import type { JobState } from '../../core/job-state';
import { packJobs, type DeviceMapToWebview, type MapJob } from '../../protocol/device-map';
import { deviceIndexer, topologyFromNodes, type Topology } from '../../protocol/topology';

/** States in which a job holds its devices. */
const HOLDING: ReadonlySet<JobState> = new Set(['placed', 'starting', 'running', 'checkpointing']);

type Snapshot = Extract<DeviceMapToWebview, { type: 'snapshot' }>;
type Delta = Extract<DeviceMapToWebview, { type: 'delta' }>;

export class DeviceMapModel {
  readonly topology: Topology;
  private readonly index: (node: string, device: number) => number | undefined;
  private readonly job: (string | null)[];
  private readonly util: (number | null)[];
  private readonly held = new Map<string, number[]>();
  private readonly info = new Map<string, MapJob>();
  private pending = new Map<number, true>();
  private pendingJobs = new Map<string, MapJob>();

  constructor(nodes: readonly NodeInfo[], jobs: readonly JobRecord[]) {
    this.topology = topologyFromNodes(nodes);
    this.index = deviceIndexer(this.topology);
    const n = this.topology.model.length;
    this.job = new Array(n).fill(null);
    this.util = new Array(n).fill(null);
    for (const j of jobs) this.updateJob(j);
    this.pending.clear();
    this.pendingJobs.clear();
  }

  private devicesOf(job: JobRecord): number[] {
    if (!HOLDING.has(job.state)) return [];
    const out: number[] = [];
    for (const r of job.placement) {
      for (const d of r.devices) {
        const g = this.index(r.node, d);
        if (g !== undefined) out.push(g);
      }
    }
    return out;
  }

  /** Records a job's new state; the devices it took or freed go into the next delta. */
  updateJob(job: JobRecord): void {
    const info: MapJob = { name: job.spec.name, state: job.state, ...(job.spec.user ? { user: job.spec.user } : {}) };
    const before = this.info.get(job.id);
    if (!before || before.state !== info.state || before.name !== info.name) {
      this.info.set(job.id, info);
      this.pendingJobs.set(job.id, info);
    }
    const now = this.devicesOf(job);
    const old = this.held.get(job.id) ?? [];
    for (const d of old) {
      if (this.job[d] === job.id) {
        this.job[d] = null;
        this.util[d] = null;
        this.pending.set(d, true);
      }
    }
    for (const d of now) {
      this.job[d] = job.id;
      this.pending.set(d, true);
    }
    if (now.length) this.held.set(job.id, now);
    else this.held.delete(job.id);
  }

  removeJob(jobId: string): void {
    for (const d of this.held.get(jobId) ?? []) {
      if (this.job[d] === jobId) {
        this.job[d] = null;
        this.util[d] = null;
        this.pending.set(d, true);
      }
    }
    this.held.delete(jobId);
    this.info.delete(jobId);
  }

  /** Utilisation (0..1) reported for a job's devices, e.g. from its `gpuUtil` metric. */
  setUtil(jobId: string, util: number): void {
    const u = Math.max(0, Math.min(1, util));
    for (const d of this.held.get(jobId) ?? []) {
      if (this.util[d] !== u) {
        this.util[d] = u;
        this.pending.set(d, true);
      }
    }
  }

  snapshot(): Snapshot {
    const jobs = packJobs([...this.held.keys()].map((id) => [id, this.info.get(id)!] as [string, MapJob]));
    return { type: 'snapshot', topology: this.topology, occupancy: { job: this.job.slice(), util: this.util.slice() }, jobs };
  }

  /** Everything changed since the last call, or undefined when nothing did. */
  takeDelta(): Delta | undefined {
    if (this.pending.size === 0 && this.pendingJobs.size === 0) return undefined;
    const devices = [...this.pending.keys()].sort((a, b) => a - b);
    const delta: Delta = {
      type: 'delta',
      devices,
      job: devices.map((d) => this.job[d]!),
      util: devices.map((d) => this.util[d]!),
      jobs: packJobs(this.pendingJobs),
    };
    this.pending = new Map();
    this.pendingJobs = new Map();
    return delta;
  }
}
