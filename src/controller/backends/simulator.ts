/**
 * The simulator backend: a live simulated cluster that runs jobs in accelerated time, so that a
 * newcomer sees jobs go queued -> running -> checkpointing -> succeeded with nothing installed.
 *
 * The cluster comes from the simulator's presets or a cluster shape, step rates from the
 * simulator's performance model (Gavel's measurements, ring all-reduce over the slowest link), and a
 * run's progress (start, restore, checkpoints that pause training, the end) from the job lifecycle
 * the simulator uses too (src/core/lifecycle.ts), with the same costs. Events are the ones real
 * backends emit: started, metric lines, checkpoints, exits, node states.
 */
import { emptyContents, type CheckpointContents } from '../../core/checkpoint-contents/contents';
import { ClusterShape, nodesOfShape } from '../../core/cluster-spec';
import type { SimulatorClusterFile } from '../../core/cluster-file';
import type { CheckpointInfo } from '../../core/checkpoint';
import type { NodeInfo, NodeState } from '../../core/device';
import type { BackendEvent } from '../../core/events';
import type { JobRecord, RankPlacement } from '../../core/job';
import { checkpointStarts, DEFAULT_COSTS, DEFAULT_SIMULATED_SECONDS, launchOverhead, secondsToTrain, specCheckpointEvery, trainedSeconds, type LifecycleCosts } from '../../core/lifecycle';
import { ClusterState } from '../../scheduler/cluster-state';
import { shapeOfPreset } from '../../../simulator/cluster/load-cluster';
import { PerfModel, type Profile } from '../../../simulator/perf/perf-model';
import { defaultThroughputs } from '../../../simulator/workload/workload-file';
import type { Backend, LogChunk, LogOptions } from '../api';
import { devicesOfPlacement } from '../placement';

export interface SimulatorBackendOptions {
  /** Wall milliseconds between two advances of the simulated clock. */
  tickMs?: number;
  /** Simulated seconds to start a run, write a checkpoint, restore one (default: the lifecycle's). */
  costs?: Partial<LifecycleCosts>;
  /** Simulated job length when the spec gives neither totalSteps nor durationSeconds. */
  defaultDurationSeconds?: number;
  /**
   * 'wall' (default): simulated time runs at the cluster's speedup. 'manual': it moves only by
   * `advanceTo`, one event at a time if the caller wishes (to compare a run with the simulator's).
   */
  clock?: 'wall' | 'manual';
}

/** One run of a job (an attempt) on its devices, in simulated seconds since the backend started. */
interface SimRun {
  job: JobRecord;
  attempt: number;
  profile: Profile;
  /** Steps per simulated second on its devices. */
  rate: number;
  totalSteps: number;
  /** Steps of the checkpoint it resumed from. */
  stepsAtStart: number;
  /** When training begins (after start and restore), and when it ends. */
  trainingFrom: number;
  endAt: number;
  /** Seconds of training between checkpoints; Infinity when the spec declares none. */
  every: number;
  /** Checkpoints this run has written. */
  written: number;
  phase: 'starting' | 'running' | 'checkpointing';
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
  readonly costs: LifecycleCosts;
  private readonly nodeList: NodeInfo[];
  private readonly perf: PerfModel;
  private readonly view: ClusterState;
  private emit: (e: BackendEvent) => void = () => undefined;
  private readonly running = new Map<string, SimRun>();
  private readonly ckpts = new Map<string, CheckpointInfo[]>();
  /** Exact (fractional) steps of each checkpoint written, by job and path: a resumed run starts there. */
  private readonly ckptSteps = new Map<string, number>();
  private readonly logLines = new Map<string, string[]>();
  private timer: NodeJS.Timeout | undefined;
  private readonly wallStart = Date.now();
  /** Simulated ms since the epoch at simulated second 0. */
  private readonly origin = Date.now();
  /** Simulated seconds, when the clock is manual. */
  private manualSeconds = 0;
  private readonly o: Required<Omit<SimulatorBackendOptions, 'costs'>>;

  constructor(file: SimulatorClusterFile, options: SimulatorBackendOptions = {}) {
    this.shape = file.preset !== undefined ? shapeOfPreset(file.preset, 'preset') : ClusterShape.parse({ name: file.name, nodes: file.nodes, network: file.network });
    this.speedup = file.speedup;
    this.nodeList = nodesOfShape(this.shape);
    this.view = new ClusterState(this.nodeList, this.shape.network);
    this.perf = new PerfModel(this.view, { throughputs: defaultThroughputs(), interRackBandwidthGbps: this.shape.network.interRackBandwidthGbps });
    const { costs, ...rest } = options;
    this.costs = { ...DEFAULT_COSTS, ...costs };
    this.o = { tickMs: 100, defaultDurationSeconds: DEFAULT_SIMULATED_SECONDS, clock: 'wall', ...rest };
  }

  /** Simulated time, ms since the epoch. */
  now(): number {
    return this.origin + this.seconds() * 1000;
  }

  /** Simulated seconds since the backend started. */
  private seconds(): number {
    return this.o.clock === 'manual' ? this.manualSeconds : ((Date.now() - this.wallStart) / 1000) * this.speedup;
  }

  private ms(seconds: number): number {
    return this.origin + seconds * 1000;
  }

  async start(emit: (event: BackendEvent) => void): Promise<void> {
    this.emit = emit;
    if (this.o.clock === 'wall') this.timer = setInterval(() => this.tick(), this.o.tickMs);
  }

  /** With the manual clock: simulated seconds of the next thing a run does (Infinity: nothing runs). */
  nextEventSeconds(): number {
    let next = Infinity;
    for (const r of this.running.values()) next = Math.min(next, this.nextOf(r));
    return next;
  }

  /** With the manual clock: moves simulated time to `seconds` (not back) and emits what happened by then. */
  advanceTo(seconds: number): void {
    if (this.o.clock !== 'manual') throw new Error('advanceTo needs the manual clock');
    if (seconds > this.manualSeconds) this.manualSeconds = seconds;
    this.tick();
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
      for (const [id, run] of this.running) if (run.job.placement.some((r) => r.node === name)) this.running.delete(id);
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
    const totalSteps = Math.max(1, sim?.totalSteps ?? Math.round(rate * (sim?.durationSeconds ?? this.o.defaultDurationSeconds)));
    const stepsAtStart = Math.min(totalSteps, options.resumeFrom ? (this.stepOf(job.id, options.resumeFrom) ?? 0) : 0);
    const now = this.seconds();
    const every = specCheckpointEvery(job.spec);
    const trainingFrom = now + launchOverhead(options.resumeFrom !== undefined, this.costs);
    this.running.set(job.id, {
      job,
      attempt: options.attempt,
      profile,
      rate,
      totalSteps,
      stepsAtStart,
      trainingFrom,
      endAt: trainingFrom + secondsToTrain((totalSteps - stepsAtStart) / rate, every, this.costs.saveSeconds),
      every,
      written: 0,
      phase: 'starting',
      ranks: placement.map((r) => r.rank),
      logEvery: Math.max(1, Math.round(totalSteps / 50)),
      nextLog: stepsAtStart,
      lastMetricWall: 0,
    });
    this.log(job.id, options.attempt, 0, `simulated ${job.spec.name}: ${placement.length} rank(s) on ${[...new Set(placement.map((r) => r.node))].join(', ')}, ${rate.toFixed(3)} steps/s, ${totalSteps} steps${options.resumeFrom ? `, resuming from ${options.resumeFrom} (step ${Math.floor(stepsAtStart)})` : ''}`);
  }

  private stepOf(jobId: string, path: string): number | undefined {
    const c = this.ckpts.get(jobId)?.find((x) => path === x.path || path.endsWith(`/${x.path}`));
    if (c) return this.ckptSteps.get(`${jobId}\0${c.path}`) ?? c.step;
    // A checkpoint of an earlier simulator (before the manager restarted) is known by its name.
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

  /** Simulated second of the next thing the run does: begin training, begin or end a checkpoint, end. */
  private nextOf(r: SimRun): number {
    if (r.phase === 'starting') return r.trainingFrom;
    const begins = r.trainingFrom + checkpointStarts(r.written + 1, r.every, this.costs.saveSeconds);
    if (r.phase === 'checkpointing') return begins + this.costs.saveSeconds;
    return begins < r.endAt ? begins : r.endAt;
  }

  private stepsAt(r: SimRun, t: number): number {
    return Math.min(r.totalSteps, r.stepsAtStart + trainedSeconds(t - r.trainingFrom, r.every, this.costs.saveSeconds) * r.rate);
  }

  /** Emits what every run did up to the simulated now. */
  private tick(): void {
    const t = this.seconds();
    for (const [id, r] of [...this.running]) {
      // A run taken down by an event of this tick (a node) is gone.
      if (this.running.get(id) !== r) continue;
      for (let at = this.nextOf(r); at <= t; at = this.nextOf(r)) {
        if (!this.step(id, r, at)) break;
      }
      if (this.running.get(id) === r && r.phase !== 'starting') this.progress(id, r, t, false);
    }
  }

  /** The run's next event, at `at`; false when the run ended. */
  private step(id: string, r: SimRun, at: number): boolean {
    if (r.phase === 'starting') {
      r.phase = 'running';
      this.emit({ kind: 'started', jobId: id, at: this.ms(at), attempt: r.attempt });
      return true;
    }
    if (r.phase === 'checkpointing') {
      r.written++;
      const steps = r.stepsAtStart + r.written * r.every * r.rate;
      const step = Math.floor(steps);
      const ckpt: CheckpointInfo = { path: `step-${step}.pt`, format: 'pytorch', step, sizeBytes: r.profile.gradientBytes, mtimeMs: this.ms(at), complete: true, node: r.job.placement[0]?.node };
      let list = this.ckpts.get(id);
      if (!list) this.ckpts.set(id, (list = []));
      list.push(ckpt);
      this.ckptSteps.set(`${id}\0${ckpt.path}`, steps);
      const keep = r.job.spec.checkpoint?.keep;
      if (keep !== undefined && list.length > keep) list.splice(0, list.length - keep);
      r.phase = 'running';
      this.emit({ kind: 'checkpoint', jobId: id, at: this.ms(at), checkpoint: ckpt, attempt: r.attempt });
      this.log(id, r.attempt, 0, `saved checkpoint ${ckpt.path}`);
      return true;
    }
    if (at < r.endAt) {
      this.progress(id, r, at, true);
      r.phase = 'checkpointing';
      this.emit({ kind: 'checkpointing', jobId: id, at: this.ms(at), attempt: r.attempt });
      return true;
    }
    this.progress(id, r, r.endAt, true);
    this.running.delete(id);
    this.log(id, r.attempt, 0, `training done: ${r.totalSteps} steps`);
    for (const rank of r.ranks) this.emit({ kind: 'exited', jobId: id, at: this.ms(r.endAt), rank, exitCode: 0, attempt: r.attempt });
    return false;
  }

  /** A metric line (every half second of wall time per job is plenty for views; always when `force`) and a log line now and then. */
  private progress(id: string, r: SimRun, t: number, force: boolean): void {
    const steps = this.stepsAt(r, t);
    const step = Math.floor(steps);
    const loss = 2.3 * Math.exp((-3 * steps) / r.totalSteps) + 0.05 + 0.02 * Math.sin(steps);
    const wall = Date.now();
    if (force || this.o.clock === 'manual' || wall - r.lastMetricWall >= 500) {
      r.lastMetricWall = wall;
      this.emit({ kind: 'metric', jobId: id, at: this.ms(t), rank: 0, attempt: r.attempt, metric: { step, totalSteps: r.totalSteps, values: { step, totalSteps: r.totalSteps, loss, stepsPerSec: r.rate } } });
    }
    if (steps >= r.nextLog) {
      this.log(id, r.attempt, 0, `step ${step}/${r.totalSteps} loss ${loss.toFixed(4)}`);
      r.nextLog = steps + r.logEvery;
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
