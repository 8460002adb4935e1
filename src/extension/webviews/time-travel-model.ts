/**
 * Replays a simulator event log (src/core/sim-events.ts) to any scheduling round: which job holds
 * each device, the queue with each job's last wait reason, and the round's decisions. Keyframes
 * every few hundred rounds keep a jump to any round short even for the full Philly trace.
 * No `vscode` here: the host, tests and benchmarks share it.
 */
import { nodesOfShape } from '../../core/cluster-spec';
import type { NodeInfo } from '../../core/device';
import { describeRateSource, type RateSource } from '../../core/rate-source';
import type { SimEventRecord, SimHeaderRecord, SimRoundRecord } from '../../core/sim-events';
import type { SimReport } from '../../core/sim-report';
import { ClusterState, explainWait, jobEntry } from '../../scheduler';
import type { QueuedJob, RoundCount, RoundState, TimeTravelToWebview } from '../../protocol/time-travel';
import { topologyFromNodes, type Topology } from '../../protocol/topology';
import { formatDuration } from '../../core/duration';

interface Waiting {
  arrival: number;
  gpus: number;
  /** The policy's latest reason for this job, as logged (a wait, or the preemption that requeued it). */
  reason?: string;
}

/** Where a running job runs, and at what rate (when the log says). */
interface Placement {
  devices: readonly number[];
  rate?: number;
  rateSource?: RateSource;
}

interface ReplayState {
  /** Device → job (null: free). */
  job: (string | null)[];
  /** Running job → where it runs. */
  running: Map<string, Placement>;
  waiting: Map<string, Waiting>;
  dead: Set<number>;
  /** Every job seen so far (arrival and size), so a preempted or lost job can requeue. */
  known: Map<string, Waiting>;
}

function cloneState(s: ReplayState): ReplayState {
  return {
    job: s.job.slice(),
    running: new Map(s.running),
    waiting: new Map([...s.waiting].map(([k, v]) => [k, { ...v }])),
    dead: new Set(s.dead),
    known: s.known,
  };
}

export class RunReplay {
  readonly header: SimHeaderRecord;
  readonly rounds: SimRoundRecord[];
  readonly topology: Topology;
  readonly nodes: NodeInfo[];
  private readonly nodeIndex: Map<string, number>;
  private readonly keyframes: ReplayState[] = [];
  private readonly every: number;
  private readonly known = new Map<string, Waiting>();

  constructor(records: readonly SimEventRecord[]) {
    const header = records.find((r): r is SimHeaderRecord => r.type === 'header');
    if (!header) throw new Error('event log: expected a header record on line 1');
    this.header = header;
    this.rounds = records.filter((r): r is SimRoundRecord => r.type === 'round');
    this.nodes = nodesOfShape(header.cluster);
    this.topology = topologyFromNodes(this.nodes);
    this.nodeIndex = new Map(this.nodes.map((n, i) => [n.name, i] as const));
    this.every = Math.max(64, Math.ceil(this.rounds.length / 200));
    // Keyframe k is the state before round k * every.
    const s: ReplayState = { job: new Array(this.topology.model.length).fill(null), running: new Map(), waiting: new Map(), dead: new Set(), known: this.known };
    for (let i = 0; i < this.rounds.length; i++) {
      if (i % this.every === 0) this.keyframes.push(cloneState(s));
      this.apply(s, this.rounds[i]!, undefined);
    }
  }

  /** Logged steps: one per instant at which something happened or the policy decided something. */
  get length(): number {
    return this.rounds.length;
  }

  /** What the page is sent first: the run, its cluster, and the time and trigger of every step. */
  runMessage(report?: Pick<SimReport, 'policy' | 'rounds'>): Extract<TimeTravelToWebview, { type: 'run' }> {
    return {
      type: 'run',
      title: `${this.header.policy} · ${this.header.workload}`,
      policy: this.header.policy,
      topology: this.topology,
      steps: { time: this.rounds.map((r) => r.t), trigger: this.rounds.map((r) => r.trigger) },
      schedulingRounds: this.roundCount(report),
    };
  }

  /**
   * Scheduling rounds as the simulator counts them (the figure `openclaw sim` prints): instants at
   * which the policy was called, i.e. with jobs waiting. Every such round is logged unless it was a
   * periodic round of a time-sharing policy that changed nothing, so the count from the log is exact
   * only without periodic rounds; the run's report, when at hand, has the exact figure.
   */
  roundCount(report?: Pick<SimReport, 'policy' | 'rounds'>): RoundCount {
    if (report && report.policy === this.header.policy) return { count: report.rounds, exact: true };
    let count = 0;
    for (const r of this.rounds) if (r.waiting > 0) count++;
    return { count, exact: this.header.roundSeconds === undefined };
  }

  private release(s: ReplayState, job: string, changed: Set<number> | undefined): void {
    const placement = s.running.get(job);
    if (!placement) return;
    s.running.delete(job);
    for (const d of placement.devices) {
      if (s.job[d] === job) s.job[d] = null;
      changed?.add(d);
    }
  }

  private apply(s: ReplayState, r: SimRoundRecord, changed: Set<number> | undefined): void {
    for (const a of r.arrived ?? []) {
      const w = { arrival: r.t, gpus: a.gpus };
      s.known.set(a.id, w);
      s.waiting.set(a.id, { ...w });
    }
    for (const j of r.completed ?? []) {
      this.release(s, j, changed);
      s.waiting.delete(j);
    }
    for (const n of r.failed ?? []) {
      const i = this.nodeIndex.get(n);
      if (i !== undefined) s.dead.add(i);
    }
    for (const n of r.repaired ?? []) {
      const i = this.nodeIndex.get(n);
      if (i !== undefined) s.dead.delete(i);
    }
    for (const l of r.lost ?? []) {
      this.release(s, l.job, changed);
      const k = s.known.get(l.job);
      if (k) s.waiting.set(l.job, { ...k });
    }
    for (const d of r.decisions) {
      if (d.kind === 'preempt') {
        this.release(s, d.job, changed);
        const k = s.known.get(d.job);
        if (k) s.waiting.set(d.job, { ...k, reason: d.reason });
      } else if (d.kind === 'place') {
        this.release(s, d.job, changed);
        s.waiting.delete(d.job);
        s.running.set(d.job, { devices: d.devices, rate: d.rate, rateSource: d.rateSource });
        for (const dev of d.devices) {
          s.job[dev] = d.job;
          changed?.add(dev);
        }
      } else {
        const w = s.waiting.get(d.job);
        if (w) w.reason = d.reason;
      }
    }
  }

  /** The state after round `index`'s decisions, plus the devices whose job that round changed. */
  private stateAt(index: number): { s: ReplayState; changed: number[] } {
    const k = Math.floor(index / this.every);
    const s = cloneState(this.keyframes[k]!);
    for (let i = k * this.every; i < index; i++) this.apply(s, this.rounds[i]!, undefined);
    const before = s.job.slice();
    const touched = new Set<number>();
    this.apply(s, this.rounds[index]!, touched);
    const changed = [...touched].filter((d) => before[d] !== s.job[d]).sort((a, b) => a - b);
    return { s, changed };
  }

  round(index: number): RoundState {
    if (!(index >= 0 && index < this.rounds.length)) throw new RangeError(`round ${index}: expected 0..${this.rounds.length - 1}`);
    const r = this.rounds[index]!;
    const { s, changed } = this.stateAt(index);
    const queue: QueuedJob[] = [];
    // Most policies log no reason for the jobs they leave waiting: the scheduler's own explanation
    // (the shortfall against the cluster at this round) stands in. It depends only on the size asked.
    let cluster: ClusterState | undefined;
    const bySize = new Map<number, string>();
    for (const [job, w] of s.waiting) {
      let reason = w.reason ?? bySize.get(w.gpus);
      if (reason === undefined) {
        cluster ??= this.clusterOf(s);
        reason = explainWait(jobEntry({ id: job, arrival: w.arrival, request: { gpus: w.gpus } }), cluster);
        bySize.set(w.gpus, reason);
      }
      queue.push({ job, arrival: w.arrival, gpus: w.gpus, reason });
    }
    queue.sort((a, b) => a.arrival - b.arrival);
    return {
      index,
      time: r.t,
      trigger: r.trigger,
      job: s.job,
      changed,
      queue,
      running: s.running.size,
      deadNodes: [...s.dead].sort((a, b) => a - b),
      decisions: r.decisions.map((d) =>
        d.kind === 'place'
          ? { kind: d.kind, job: d.job, devices: [...d.devices], reason: d.reason, ...(d.rate !== undefined ? { rate: d.rate } : {}), ...(d.rateSource ? { rateSource: describeRateSource(d.rateSource) } : {}) }
          : { kind: d.kind, job: d.job, devices: [], reason: d.reason },
      ),
    };
  }

  /** The cluster as the scheduler saw it in a replayed state: dead nodes and running jobs' devices. */
  private clusterOf(s: ReplayState): ClusterState {
    const cluster = new ClusterState(this.nodes, this.header.cluster.network);
    for (const n of s.dead) cluster.setNodeState(n, 'dead');
    for (const [j, p] of s.running) cluster.allocate(j, p.devices);
    return cluster;
  }

  /**
   * "Why is job X waiting?" at a round: the scheduler's own explanation (the resource shortfall
   * against the cluster as it was, or the policy's last reason for holding it back).
   */
  explain(job: string, index: number): string {
    const { s } = this.stateAt(index);
    const t = this.rounds[index]!.t;
    const running = s.running.get(job);
    if (running) {
      const n = running.devices.length;
      const rate = [running.rate !== undefined ? `${running.rate.toPrecision(3)} steps/s` : '', running.rateSource ? `rate ${describeRateSource(running.rateSource)}` : ''].filter(Boolean).join(', ');
      return `${job} is running on ${n} device${n === 1 ? '' : 's'} at ${formatDuration(t)}${rate ? `: ${rate}` : ''}.`;
    }
    const w = s.waiting.get(job);
    if (!w) {
      const k = s.known.get(job);
      if (!k) return `${job} has not arrived by ${formatDuration(t)}${this.known.has(job) ? '' : ' (no job of that id in this run)'}.`;
      return `${job} is not waiting at ${formatDuration(t)}: it has finished.`;
    }
    const view = jobEntry({ id: job, arrival: w.arrival, request: { gpus: w.gpus } });
    const why = explainWait(view, this.clusterOf(s), w.reason);
    return `${job} has waited ${formatDuration(t - w.arrival)} (arrived at ${formatDuration(w.arrival)}) for ${w.gpus} device${w.gpus === 1 ? '' : 's'}: ${why}`;
  }
}
