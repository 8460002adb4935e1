/**
 * The simulator backend: a live simulated cluster that runs jobs in accelerated time, so that a
 * newcomer sees jobs go queued -> running -> checkpointing -> succeeded with nothing installed.
 *
 * The cluster comes from the simulator's presets or a cluster shape, and step rates from the
 * simulator's performance model (Gavel's measurements, ring all-reduce over the slowest link).
 * Events are the ones real backends emit: started, metric lines, checkpoints, exits, node states.
 */
import { emptyContents, type CheckpointContents } from '../../core/checkpoint-contents/contents';
import { ClusterShape, nodesOfShape } from '../../core/cluster-spec';
import type { SimulatorClusterFile } from '../../core/cluster-file';
import type { CheckpointInfo } from '../../core/checkpoint';
import type { NodeInfo, NodeState } from '../../core/device';
import type { BackendEvent } from '../../core/events';
import type { JobRecord, RankPlacement } from '../../core/job';
import { ClusterState } from '../../scheduler/cluster-state';
import { shapeOfPreset } from '../../../simulator/cluster/load-cluster';
import { PerfModel, type Profile } from '../../../simulator/perf/perf-model';
import { defaultThroughputs } from '../../../simulator/workload/workload-file';
import type { Backend, LogChunk, LogOptions } from '../api';
import { devicesOfPlacement } from '../placement';

export interface SimulatorBackendOptions {
  /** Wall milliseconds between two advances of the simulated clock. */
  tickMs?: number;
  /** Simulated seconds to start a job (pull image, rendezvous), and to restore a checkpoint. */
  startSeconds?: number;
  restoreSeconds?: number;
  /** Simulated seconds a checkpoint takes to write. */
  checkpointSeconds?: number;
  /** Simulated job length when the spec gives neither totalSteps nor durationSeconds. */
  defaultDurationSeconds?: number;
}

interface SimJob {
  job: JobRecord;
  attempt: number;
  profile: Profile;
  /** Steps per simulated second on its devices. */
  rate: number;
  totalSteps: number;
  step: number;
  phase: 'starting' | 'running' | 'checkpointing';
  /** Simulated ms when the current phase ends (starting, checkpointing). */
  phaseEnds: number;
  lastAdvance: number;
  nextCheckpoint: number;
  checkpointEvery: number;
  ranks: number[];
  logEvery: number;
  nextLog: number;
  lastMetricWall: number;
}

export class SimulatorBackend implements Backend {
  readonly kind = 'simulator' as const;
  readonly allocation = 'scheduler' as const;
  readonly speedup: number;
  readonly shape: ClusterShape;
  private readonly nodeList: NodeInfo[];
  private readonly perf: PerfModel;
  private readonly view: ClusterState;
  private emit: (e: BackendEvent) => void = () => undefined;
  private readonly running = new Map<string, SimJob>();
  private readonly ckpts = new Map<string, CheckpointInfo[]>();
  private readonly logLines = new Map<string, string[]>();
  private timer: NodeJS.Timeout | undefined;
  private readonly wallStart = Date.now();
  private readonly simStart = Date.now();
  private readonly o: Required<SimulatorBackendOptions>;

  constructor(file: SimulatorClusterFile, options: SimulatorBackendOptions = {}) {
    this.shape = file.preset !== undefined ? shapeOfPreset(file.preset, 'preset') : ClusterShape.parse({ name: file.name, nodes: file.nodes, network: file.network });
    this.speedup = file.speedup;
    this.nodeList = nodesOfShape(this.shape);
    this.view = new ClusterState(this.nodeList, this.shape.network);
    this.perf = new PerfModel(this.view, { throughputs: defaultThroughputs(), interRackBandwidthGbps: this.shape.network.interRackBandwidthGbps });
    this.o = { tickMs: 100, startSeconds: 20, restoreSeconds: 30, checkpointSeconds: 15, defaultDurationSeconds: 1800, ...options };
  }

  /** Simulated time, ms since the epoch. */
  now(): number {
    return this.simStart + (Date.now() - this.wallStart) * this.speedup;
  }

  async start(emit: (event: BackendEvent) => void): Promise<void> {
    this.emit = emit;
    this.timer = setInterval(() => this.tick(), this.o.tickMs);
  }

  nodes(): readonly NodeInfo[] {
    return this.nodeList;
  }

  /** Takes a node down (its jobs lose their attempt), as a failure in the cluster would. */
  failNode(name: string): void {
    this.setNodeState(name, 'dead');
  }

  repairNode(name: string): void {
    this.setNodeState(name, 'ready');
  }

  private setNodeState(name: string, state: NodeState): void {
    const node = this.nodeList.find((n) => n.name === name);
    if (!node) throw new Error(`no node "${name}" in the simulated cluster`);
    node.state = state;
    if (state === 'dead') {
      for (const [id, sim] of this.running) if (sim.job.placement.some((r) => r.node === name)) this.running.delete(id);
    }
    this.emit({ kind: 'node-state', node: name, at: this.now(), state });
  }

  async launch(job: JobRecord, placement: readonly RankPlacement[], options: { resumeFrom?: string; attempt: number }): Promise<void> {
    const devices = devicesOfPlacement(placement, this.view);
    if (!devices) throw new Error(`placement names a node or device the simulated cluster lacks`);
    const profile = this.perf.profile(job.spec.simulation?.model);
    const rate = this.perf.rate(profile, devices);
    if (!(rate > 0)) throw new Error(`the performance model gives job ${job.id} no speed on ${devices.length} devices`);
    const sim = job.spec.simulation;
    const totalSteps = Math.max(1, Math.round(sim?.totalSteps ?? rate * (sim?.durationSeconds ?? this.o.defaultDurationSeconds)));
    const durationS = totalSteps / rate;
    const startStep = options.resumeFrom ? (this.stepOf(job.id, options.resumeFrom) ?? 0) : 0;
    const now = this.now();
    const checkpointEvery = (job.spec.checkpoint?.everySeconds ?? Math.max(60, durationS / 5)) * 1000;
    const startMs = (this.o.startSeconds + (options.resumeFrom ? this.o.restoreSeconds : 0)) * 1000;
    this.running.set(job.id, {
      job,
      attempt: options.attempt,
      profile,
      rate,
      totalSteps,
      step: startStep,
      phase: 'starting',
      phaseEnds: now + startMs,
      lastAdvance: now,
      nextCheckpoint: now + startMs + checkpointEvery,
      checkpointEvery,
      ranks: placement.map((r) => r.rank),
      logEvery: Math.max(1, Math.round(totalSteps / 50)),
      nextLog: startStep,
      lastMetricWall: 0,
    });
    this.log(job.id, options.attempt, 0, `simulated ${job.spec.name}: ${placement.length} rank(s) on ${[...new Set(placement.map((r) => r.node))].join(', ')}, ${rate.toFixed(3)} steps/s, ${totalSteps} steps${options.resumeFrom ? `, resuming from ${options.resumeFrom} (step ${startStep})` : ''}`);
  }

  private stepOf(jobId: string, path: string): number | undefined {
    const c = this.ckpts.get(jobId)?.find((x) => path === x.path || path.endsWith(`/${x.path}`));
    // A checkpoint of an earlier simulator (before the manager restarted) is known by its name.
    if (c?.step !== undefined) return c.step;
    const named = /step-(\d+)\.pt$/.exec(path);
    return named ? Number(named[1]) : undefined;
  }

  private log(jobId: string, attempt: number, rank: number, line: string): void {
    let lines = this.logLines.get(jobId);
    if (!lines) this.logLines.set(jobId, (lines = []));
    lines.push(line);
    if (lines.length > 5000) lines.splice(0, lines.length - 5000);
    this.emit({ kind: 'log', jobId, at: this.now(), rank, stream: 'stdout', line, attempt });
  }

  /** Advances every running job to the simulated now. */
  private tick(): void {
    const now = this.now();
    for (const [id, s] of [...this.running]) {
      if (s.phase === 'starting') {
        if (now < s.phaseEnds) continue;
        s.phase = 'running';
        s.lastAdvance = s.phaseEnds;
        this.emit({ kind: 'started', jobId: id, at: s.phaseEnds, attempt: s.attempt });
      }
      if (s.phase === 'checkpointing') {
        if (now < s.phaseEnds) continue;
        const ckpt: CheckpointInfo = {
          path: `step-${Math.floor(s.step)}.pt`,
          format: 'pytorch',
          step: Math.floor(s.step),
          sizeBytes: s.profile.gradientBytes,
          mtimeMs: s.phaseEnds,
          complete: true,
          node: s.job.placement[0]?.node,
        };
        let list = this.ckpts.get(id);
        if (!list) this.ckpts.set(id, (list = []));
        list.push(ckpt);
        const keep = s.job.spec.checkpoint?.keep;
        if (keep !== undefined && list.length > keep) list.splice(0, list.length - keep);
        this.emit({ kind: 'checkpoint', jobId: id, at: s.phaseEnds, checkpoint: ckpt, attempt: s.attempt });
        this.log(id, s.attempt, 0, `saved checkpoint ${ckpt.path}`);
        s.phase = 'running';
        s.lastAdvance = s.phaseEnds;
        s.nextCheckpoint = s.phaseEnds + s.checkpointEvery;
      }
      // Running: steps advance at the model's rate until the end or the next checkpoint.
      const until = Math.min(now, s.nextCheckpoint);
      s.step = Math.min(s.totalSteps, s.step + (s.rate * Math.max(0, until - s.lastAdvance)) / 1000);
      s.lastAdvance = until;
      const step = Math.floor(s.step);
      const loss = 2.3 * Math.exp((-3 * s.step) / s.totalSteps) + 0.05 + 0.02 * Math.sin(s.step);
      // A metric line every half second of wall time per job is plenty for views (and the last one).
      const wall = Date.now();
      if (wall - s.lastMetricWall >= 500 || s.step >= s.totalSteps) {
        s.lastMetricWall = wall;
        this.emit({ kind: 'metric', jobId: id, at: until, rank: 0, attempt: s.attempt, metric: { step, totalSteps: s.totalSteps, values: { step, totalSteps: s.totalSteps, loss, stepsPerSec: s.rate } } });
      }
      if (s.step >= s.nextLog) {
        this.log(id, s.attempt, 0, `step ${step}/${s.totalSteps} loss ${loss.toFixed(4)}`);
        s.nextLog = s.step + s.logEvery;
      }
      if (s.step >= s.totalSteps) {
        this.running.delete(id);
        this.log(id, s.attempt, 0, `training done: ${s.totalSteps} steps`);
        const at = s.lastAdvance;
        for (const rank of s.ranks) this.emit({ kind: 'exited', jobId: id, at, rank, exitCode: 0, attempt: s.attempt });
        continue;
      }
      if (until >= s.nextCheckpoint && s.job.spec.checkpoint !== undefined) {
        s.phase = 'checkpointing';
        s.phaseEnds = until + this.o.checkpointSeconds * 1000;
        this.emit({ kind: 'checkpointing', jobId: id, at: until, attempt: s.attempt });
      } else if (until >= s.nextCheckpoint) {
        s.nextCheckpoint = until + s.checkpointEvery;
      }
    }
  }

  async kill(jobId: string): Promise<void> {
    this.running.delete(jobId);
  }

  async *logs(job: JobRecord, options: LogOptions): AsyncIterable<LogChunk> {
    const lines = this.logLines.get(job.id) ?? [];
    const text = lines.map((l) => l + '\n').join('');
    const start = options.tailBytes !== undefined ? Math.max(0, text.length - options.tailBytes) : 0;
    if (text.length > start) yield { rank: 0, offset: start, text: text.slice(start) };
  }

  async checkpoints(job: JobRecord): Promise<readonly CheckpointInfo[]> {
    return this.ckpts.get(job.id) ?? [];
  }

  async inspectCheckpoint(job: JobRecord, checkpoint: Pick<CheckpointInfo, 'path'>): Promise<CheckpointContents> {
    const known = (this.ckpts.get(job.id) ?? []).find((c) => c.path === checkpoint.path);
    if (!known) throw new Error(`${job.id} has no checkpoint ${checkpoint.path}`);
    return { ...emptyContents('unknown'), files: [{ path: known.path, bytes: known.sizeBytes, format: 'unknown' }], state: known.step === undefined ? {} : { step: known.step }, problems: ['a simulated checkpoint: the simulator writes no file, so there are no tensors to show'] };
  }

  async dispose(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.running.clear();
  }
}
