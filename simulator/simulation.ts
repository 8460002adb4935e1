/**
 * The simulation: a discrete-event loop that drives the shared Scheduler and ClusterState with
 * simulated time. Events due at the same instant are processed together, then the policy is asked
 * once (arrivals, completions, failures, repairs, and periodic rounds for time-sharing policies).
 *
 * Use `simulate()` (index.ts) for a whole run, or step a Simulation: `step()` processes one instant,
 * `advanceTo(t)` all instants up to t, `submit()` adds a job at the current time (live use).
 */
import type { ClusterShape } from '../src/core/cluster-spec';
import { formatDurationShort as fmt } from '../src/core/duration';
import { SpecError } from '../src/core/errors';
import { checkpointsWritten, decideStop, DEFAULT_CHECKPOINT_EVERY_SECONDS, DEFAULT_COSTS, lostSeconds, secondsToTrain } from '../src/core/lifecycle';
import type { SimArrival, SimDecision, SimEventRecord, SimRoundRecord, SimTrigger } from '../src/core/sim-events';
import { describeRateSource, type RateSource } from '../src/core/rate-source';
import type { SimJobRecord, SimReport } from '../src/core/sim-report';
import type { JobRequest, JobView, Policy, SchedulingChanges } from '../src/scheduler/api';
import { ClusterState } from '../src/scheduler/cluster-state';
import { Scheduler } from '../src/scheduler/scheduler';
import { EventQueue } from './engine/event-queue';
import { NeverFitTally } from './never-fit';
import type { ThroughputTable } from './perf/gavel-throughputs';
import { PerfModel } from './perf/perf-model';
import { Rng } from './random';
import { Phase, SimJob, type JobContext } from './sim-job';
import { UtilizationMeter } from './utilization';
import type { CheckpointSettings, FailureSettings } from './workload/workload-file';
import type { WorkloadJob } from './workload/workload-job';

const ARRIVAL = 1;
const COMPLETE = 2;
const FAIL = 3;
const REPAIR = 4;
const ROUND = 5;

/** A round now, after a change from outside (a cancel). */
const WAKE = 6;

export interface SimulationOptions {
  cluster: ClusterShape;
  policy: Policy;
  /** Jobs known in advance, in any order (sorted by arrival here). */
  jobs?: readonly WorkloadJob[];
  workloadName?: string;
  /** The workload file, for error messages. */
  workloadSource?: string;
  seed?: number;
  throughputs?: ThroughputTable;
  relativeSpeed?: Readonly<Record<string, number>>;
  referenceDevice?: string;
  /** Seconds a step of a trace job takes on the reference device (default 1). */
  stepSeconds?: number;
  checkpoint?: Partial<CheckpointSettings>;
  failures?: Partial<FailureSettings>;
  /** Round length for time-sharing policies; default the policy's, else 360 s. */
  roundSeconds?: number;
  /** Receives the event log, record by record (header first). */
  eventLog?: (record: SimEventRecord) => void;
  /** A job whose story to record (see `explanation()`). */
  explain?: string;
  /** Bound on the utilisation series' length. */
  utilizationPoints?: number;
}

/** Something that happened to a job, for live views and the job manager's simulated backend. */
export type SimJobEvent =
  | { kind: 'started'; job: string; at: number; devices: readonly number[] }
  | { kind: 'preempted'; job: string; at: number; lostGpuSeconds: number }
  | { kind: 'lost'; job: string; at: number; node: string; lostGpuSeconds: number; failed: boolean }
  | { kind: 'completed'; job: string; at: number };

export interface SimProgress {
  now: number;
  completed: number;
  jobs: number;
  events: number;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
const NO_JOBS: readonly SimJob[] = Object.freeze([]);

// Local copies: a hot loop then reads a constant, not an imported binding (which a per-file
// transpiler such as tsx turns into a getter call).
const WAITING = Phase.Waiting;
const RUNNING = Phase.Running;
const DONE = Phase.Done;
const CANCELLED = Phase.Cancelled;
const FAILED = Phase.Failed;

export class Simulation {
  readonly state: ClusterState;
  readonly scheduler: Scheduler;
  readonly perf: PerfModel;
  /** Simulated seconds. */
  now = 0;
  events = 0;
  rounds = 0;
  completed = 0;
  lostGpuSeconds = 0;
  makespan = 0;
  readonly roundSeconds: number | undefined;
  /** Called with every job event (for live consumers); set before stepping. */
  onJobEvent: ((e: SimJobEvent) => void) | undefined;

  private readonly queue = new EventQueue(4096);
  private readonly jobs: SimJob[] = [];
  private readonly byId = new Map<string, SimJob>();
  private readonly upcoming: SimJob[] = [];
  private nextUpcoming = 0;
  private waiting: SimJob[] = [];
  private readonly running: SimJob[] = [];
  private returning: SimJob[] = [];
  private essentialPending = 0;
  private roundPending = false;
  private busy = 0;
  private available: number;
  private readonly meter: UtilizationMeter;
  private readonly ctx: JobContext;
  private readonly checkpoint: CheckpointSettings;
  private readonly failures: FailureSettings;
  private readonly nodeRng: Rng[] = [];
  private readonly nodeGen: Int32Array;
  private readonly defaultModel: string;
  private readonly started = Date.now();
  private wallAtEnd = 0;
  private readonly log: ((r: SimEventRecord) => void) | undefined;
  private readonly loggedWait = new Map<string, string>();
  private readonly story: string[] = [];
  private storyReason: string | undefined;
  private totalPreemptions = 0;
  private totalRestarts = 0;
  // The instant being processed: what happened, for the trigger and the log.
  private batchTrigger = 0;
  private batchArrived: SimArrival[] = [];
  private batchCompleted: string[] = [];
  private batchFailed: string[] = [];
  private batchLost: { job: string; gpuSeconds: number }[] = [];
  private batchRepaired: string[] = [];
  // What changed since the scheduler's last round, for policies that keep their queues (SchedulingChanges).
  private changedLeft: SimJob[] = [];
  private changedQueued: SimJob[] = [];
  private freedSinceRound = 0;

  constructor(readonly options: SimulationOptions) {
    this.state = ClusterState.fromShape(options.cluster);
    this.scheduler = new Scheduler(options.policy, this.state);
    this.perf = new PerfModel(this.state, {
      throughputs: options.throughputs,
      relativeSpeed: options.relativeSpeed,
      referenceDevice: options.referenceDevice,
      stepSeconds: options.stepSeconds,
      interRackBandwidthGbps: this.state.interRackGbps,
    });
    this.roundSeconds = options.policy.timeSharing ? (options.roundSeconds ?? options.policy.roundSeconds ?? 360) : undefined;
    this.checkpoint = { everySeconds: DEFAULT_CHECKPOINT_EVERY_SECONDS, ...DEFAULT_COSTS, ...options.checkpoint };
    this.failures = { repairSeconds: 3600, scripted: [], ...options.failures };
    this.available = this.state.devices.length;
    this.meter = new UtilizationMeter(0, this.available, options.utilizationPoints ?? 400);
    this.nodeGen = new Int32Array(this.state.nodes.length);
    this.log = options.eventLog;
    // The most common device model: what a waiting job's remaining time is estimated on.
    const counts = new Map<string, number>();
    for (const d of this.state.devices) counts.set(d.model, (counts.get(d.model) ?? 0) + 1);
    this.defaultModel = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? 'v100';
    const perf = this.perf;
    const defaultModel = this.defaultModel;
    const rates = new Map<string, number>();
    this.ctx = {
      now: 0,
      saveSeconds: this.checkpoint.saveSeconds,
      estimateRate(job) {
        const model = job.request.deviceModel ?? defaultModel;
        const key = `${job.profile.id}|${job.gpus}|${model}`;
        let r = rates.get(key);
        if (r === undefined) rates.set(key, (r = perf.packedRate(job.profile, job.gpus, model)));
        return r;
      },
      throughputs: (job) => perf.throughputs(job.profile, job.gpus),
    };

    for (const j of inArrivalOrder(options.jobs ?? [])) this.upcoming.push(this.makeJob(j));
    this.log?.({
      type: 'header',
      version: 1,
      policy: options.policy.name,
      workload: options.workloadName ?? 'workload',
      seed: options.seed ?? 0,
      cluster: options.cluster,
      jobs: this.upcoming.length,
      ...(this.roundSeconds !== undefined ? { roundSeconds: this.roundSeconds } : {}),
    });
    this.scheduleFailures();
    this.ensureRoundTimer();
  }

  // ---- public stepping API ----

  /** Time of the next instant with something to do; Infinity when the run is over (or idle). */
  nextTime(): number {
    if (this.idle()) return Infinity;
    const up = this.nextUpcoming < this.upcoming.length ? this.upcoming[this.nextUpcoming]!.arrival : Infinity;
    return Math.min(up, this.queue.peekTime());
  }

  /** Processes the next instant: its events, then one scheduling round. False when nothing is left. */
  step(): boolean {
    const t = this.nextTime();
    if (t === Infinity) return false;
    this.meter.advance(t);
    this.now = t;
    this.ctx.now = t;
    this.batchTrigger = 0;
    const queue = this.queue;
    for (;;) {
      if (queue.peekTime() === t) {
        queue.pop();
        this.dispatch(queue.kind, queue.a, queue.b);
      } else if (this.nextUpcoming < this.upcoming.length && this.upcoming[this.nextUpcoming]!.arrival === t) {
        this.arrive(this.upcoming[this.nextUpcoming++]!);
        this.events++;
      } else break;
    }
    // An instant of stale events only (a completion of a job since preempted) changes nothing.
    if (this.batchTrigger !== 0) this.scheduleRound();
    return true;
  }

  /** Processes every instant up to and including `t`, then leaves the clock at `t`. */
  advanceTo(t: number): void {
    while (this.nextTime() <= t && this.step()) {
      // each step processes one instant
    }
    if (t > this.now && t !== Infinity) {
      this.meter.advance(t);
      this.now = t;
      this.ctx.now = t;
    }
  }

  /** Runs to the end; `onProgress` is called every 8,192 events (the caller throttles by time). */
  run(onProgress?: (p: SimProgress) => void): SimReport {
    let nextReport = 8192;
    while (this.step()) {
      if (onProgress && this.events >= nextReport) {
        nextReport = this.events + 8192;
        onProgress(this.progress());
      }
    }
    return this.report();
  }

  progress(): SimProgress {
    return { now: this.now, completed: this.completed, jobs: this.jobs.length, events: this.events };
  }

  /** Adds a job now (or at its arrival if later). Its id must be new. */
  submit(job: WorkloadJob): void {
    if (this.byId.has(job.id)) throw new Error(`job "${job.id}" already exists`);
    const j = this.makeJob({ ...job, arrival: Math.max(job.arrival, this.now) });
    this.queue.push(j.arrival, ARRIVAL, j.index, 0);
    this.essentialPending++;
    this.ensureRoundTimer();
  }

  /** Cancels a job wherever it is; false when unknown or already over. */
  cancel(id: string): boolean {
    const job = this.byId.get(id);
    if (!job || job.phase === DONE || job.phase === CANCELLED || job.phase === FAILED) return false;
    if (job.phase === RUNNING) {
      this.stop(job, 'cancel');
      this.state.release(job.id);
      this.changedLeft.push(job);
      this.freedSinceRound += job.gpus;
    } else if (job.phase === WAITING) {
      this.waiting = this.waiting.filter((j) => j !== job);
      // Queued since the last round: the policy never saw it wait.
      const q = this.changedQueued.indexOf(job);
      if (q >= 0) this.changedQueued.splice(q, 1);
      else this.changedLeft.push(job);
    }
    job.phase = CANCELLED;
    this.scheduler.forget(job.id);
    // Its devices are free now: ask the policy at this instant.
    this.queue.push(this.now, WAKE, 0, 0);
    this.essentialPending++;
    return true;
  }

  /** The job as policies see it. */
  job(id: string): JobView | undefined {
    return this.byId.get(id);
  }

  waitingJobs(): readonly JobView[] {
    return this.waiting;
  }

  runningJobs(): readonly JobView[] {
    return this.running;
  }

  /** Why a waiting job waits, as the scheduler explains it. */
  explainJob(id: string): string | undefined {
    const job = this.byId.get(id);
    if (!job || job.phase !== WAITING) return undefined;
    return this.scheduler.explain(job, this.waiting);
  }

  /** The story of the job named in `options.explain`, one line an event. */
  explanation(): readonly string[] {
    return this.story;
  }

  report(): SimReport {
    if (!this.wallAtEnd) this.wallAtEnd = Date.now();
    const jcts: number[] = [];
    const records: SimJobRecord[] = new Array(this.jobs.length);
    // One array per distinct model set, shared by the records (a million jobs use a handful).
    const modelLists = new Map<string, string[]>([['', []]]);
    const modelsOf = (m: string): string[] => {
      let list = modelLists.get(m);
      if (!list) modelLists.set(m, (list = m.split('+')));
      return list;
    };
    for (let i = 0; i < this.jobs.length; i++) {
      const j = this.jobs[i];
      if (j!.phase === DONE) jcts.push(j!.end - j!.arrival);
      records[i] = {
        id: j!.id,
        arrival: round3(j!.arrival),
        start: j!.firstStart >= 0 ? round3(j!.firstStart) : null,
        end: j!.end >= 0 ? round3(j!.end) : null,
        gpus: j!.gpus,
        deviceModels: modelsOf(j!.models),
        restarts: j!.restarts,
        preemptions: j!.preemptions,
      };
      // Only where there is something to say: a trace of a million jobs mostly loses nothing.
      if (j!.lostGpuSeconds > 0) records[i]!.lostGpuSeconds = round3(j!.lostGpuSeconds);
      if (j!.phase === FAILED) records[i]!.failed = true;
    }
    const { neverFit, leftWaiting } = this.unfinished();
    jcts.sort((a, b) => a - b);
    const pct = (p: number): number => (jcts.length ? jcts[Math.min(jcts.length - 1, Math.ceil(p * jcts.length) - 1)]! : 0);
    let sum = 0;
    for (const x of jcts) sum += x;
    const end = this.makespan;
    this.meter.advance(Math.max(end, this.now));
    const wall = (this.wallAtEnd - this.started) / 1000;
    return {
      policy: this.options.policy.name,
      workload: this.options.workloadName ?? 'workload',
      cluster: this.options.cluster.name ?? 'cluster',
      seed: this.options.seed ?? 0,
      jobs: this.jobs.length,
      completed: this.completed,
      avgJctSeconds: round3(jcts.length ? sum / jcts.length : 0),
      p50JctSeconds: round3(pct(0.5)),
      p99JctSeconds: round3(pct(0.99)),
      makespanSeconds: round3(end),
      utilization: Math.round(this.utilizationUpTo(end) * 1e6) / 1e6,
      lostGpuSeconds: round3(this.lostGpuSeconds),
      preemptions: this.totalPreemptions,
      restarts: this.totalRestarts,
      events: this.events,
      rounds: this.rounds,
      wallSeconds: round3(wall),
      eventsPerSecond: wall > 0 ? Math.round(this.events / wall) : 0,
      utilizationSeries: this.meter.series(end, round3),
      jobRecords: records,
      neverFit,
      ...(leftWaiting ? { leftWaiting } : {}),
      ...(this.perf.measuredSpreadPlacements > 0 ? { measuredSpreadPlacements: this.perf.measuredSpreadPlacements } : {}),
    };
  }

  /**
   * The jobs that did not finish and why: those the cluster can never run, and, once nothing is
   * left to happen, those that could have run but still wait (held behind one that never fits, say).
   */
  private unfinished(): Pick<SimReport, 'neverFit' | 'leftWaiting'> {
    const tally = new NeverFitTally(this.state);
    const stuck = new Set<SimJob>();
    for (const j of this.jobs) {
      if (j.phase === DONE || j.phase === CANCELLED || j.phase === FAILED) continue;
      if (tally.add(j.request)) stuck.add(j);
    }
    if (!this.idle()) return { neverFit: tally.result() };
    const left = this.waiting.filter((j) => !stuck.has(j));
    const first = left[0];
    return {
      neverFit: tally.result(),
      leftWaiting: { jobs: left.length, ...(first ? { first: { id: first.id, reason: this.scheduler.explain(first, this.waiting, this.now) } } : {}) },
    };
  }

  /** Writes the `end` record of the event log (from `report` when the caller has it: a report of a long run is not cheap). */
  finishLog(report?: SimReport): void {
    if (!this.log) return;
    const r = report ?? this.report();
    this.log?.({ type: 'end', t: r.makespanSeconds, jobs: r.jobs, completed: r.completed, avgJctSeconds: r.avgJctSeconds, utilization: r.utilization });
  }

  // ---- internals ----

  /** Integrals at the last completion (the meter had been advanced to that instant). */
  private busyAtMakespan = 0;
  private availableAtMakespan = 0;

  private utilizationUpTo(end: number): number {
    if (end <= 0 || this.availableAtMakespan <= 0) return 0;
    return Math.min(1, this.busyAtMakespan / this.availableAtMakespan);
  }

  /**
   * Jobs asking for the same share one request object: a trace has few distinct requests, and
   * policies cache what they derive from one (a request pinned to a model, where it can fit).
   */
  private readonly requests = new Map<string, JobRequest>();

  private requestOf(w: WorkloadJob): JobRequest {
    const key = `${w.gpus}|${w.nodes ?? ''}|${w.gpusPerNode ?? ''}|${w.deviceModel ?? ''}|${w.deviceMemoryGiB ?? ''}`;
    let request = this.requests.get(key);
    if (!request) {
      const r: { -readonly [K in keyof JobRequest]: JobRequest[K] } = { gpus: w.gpus };
      if (w.nodes !== undefined) r.nodes = w.nodes;
      if (w.gpusPerNode !== undefined) r.gpusPerNode = w.gpusPerNode;
      if (w.deviceModel !== undefined) r.deviceModel = w.deviceModel;
      if (w.deviceMemoryGiB !== undefined) r.deviceMemoryGiB = w.deviceMemoryGiB;
      this.requests.set(key, (request = Object.freeze(r)));
    }
    return request;
  }

  private makeJob(w: WorkloadJob): SimJob {
    if (!(w.gpus > 0)) throw new Error(`job "${w.id}": expected a positive number of GPUs, got ${w.gpus}`);
    const profile = this.perf.profile(w.model);
    let steps = w.totalSteps;
    if (steps === undefined) {
      const model = w.deviceModel ?? this.perf.referenceDevice;
      steps = (w.durationSeconds ?? 0) * this.perf.packedRate(profile, w.gpus, model);
    }
    const job = new SimJob(this.jobs.length, w.id, w.arrival, this.requestOf(w), w.user, w.priority, profile, Math.max(steps, 1e-9), w.checkpointEverySeconds ?? this.checkpoint.everySeconds, w.maxRestarts ?? Infinity, this.ctx);
    if (this.byId.has(job.id)) throw new Error(`job id "${job.id}" appears twice in the workload`);
    this.jobs.push(job);
    this.byId.set(job.id, job);
    return job;
  }

  private idle(): boolean {
    return this.essentialPending === 0 && this.nextUpcoming >= this.upcoming.length && this.running.length === 0;
  }

  private dispatch(kind: number, a: number, b: number): void {
    switch (kind) {
      case ARRIVAL:
        this.essentialPending--;
        this.events++;
        this.arrive(this.jobs[a]!);
        break;
      case COMPLETE: {
        this.essentialPending--;
        const job = this.jobs[a];
        if (job!.epoch !== b || job!.phase !== RUNNING) return; // stale: the job stopped since
        this.events++;
        this.complete(job!);
        break;
      }
      case FAIL:
        if (b < 0) this.essentialPending--;
        else if (this.nodeGen[a] !== b) return; // the node was repaired (or failed) since this draw
        this.events++;
        this.fail(a, (b < 0 ? this.failures.scripted[-b - 1]?.repairSeconds : undefined) ?? this.failures.repairSeconds);
        break;
      case REPAIR:
        this.essentialPending--;
        this.events++;
        this.repair(a);
        break;
      case WAKE:
        this.essentialPending--;
        this.flag(6);
        break;
      case ROUND:
        this.roundPending = false;
        this.events++;
        this.flag(5);
        this.ensureRoundTimer();
        break;
    }
  }

  /** Trigger of the instant: the most telling of what happened (failure > repair > completion > arrival > round > manual). */
  private flag(code: number): void {
    if (this.batchTrigger === 0 || code < this.batchTrigger) this.batchTrigger = code;
  }

  private arrive(job: SimJob): void {
    if (job.phase === CANCELLED) return; // cancelled before it arrived
    job.phase = WAITING;
    job.state = 'waiting';
    job.waitingSince = this.now;
    // Arrivals come in arrival order, so appending keeps the queue sorted (a later submit may
    // carry an earlier arrival only if clamped to now, which is the latest time yet).
    this.waiting.push(job);
    this.changedQueued.push(job);
    this.flag(4);
    if (this.log) {
      // Defaults are left out: the log of a long trace is mostly arrivals and completions.
      const a: SimArrival = { id: job.id, gpus: job.gpus };
      if (job.user !== 'default') a.user = job.user;
      if (job.priority !== 0) a.priority = job.priority;
      if (job.profile.model) a.model = job.profile.model;
      this.batchArrived.push(a);
    }
    if (job.id === this.options.explain) this.tell(`arrived asking for ${job.gpus} device${job.gpus === 1 ? '' : 's'}`);
    this.ensureRoundTimer();
  }

  private complete(job: SimJob): void {
    const t = this.now;
    job.serviceBase += (t - job.segStart) * job.gpus;
    job.stepsDone = job.totalSteps;
    job.end = t;
    job.phase = DONE;
    this.removeRunning(job);
    this.state.release(job.id);
    this.busy -= job.gpus;
    this.meter.set(this.busy, this.available);
    this.changedLeft.push(job);
    this.freedSinceRound += job.gpus;
    this.completed++;
    if (t > this.makespan) {
      this.makespan = t;
      this.busyAtMakespan = this.meter.busyIntegral;
      this.availableAtMakespan = this.meter.availableIntegral;
    }
    this.scheduler.forget(job.id);
    this.loggedWait.delete(job.id);
    this.flag(3);
    if (this.log) this.batchCompleted.push(job.id);
    if (job.id === this.options.explain) this.tell(`completed (JCT ${fmt(t - job.arrival)})`);
    this.onJobEvent?.({ kind: 'completed', job: job.id, at: t });
  }

  private fail(node: number, repairSeconds: number): void {
    const t = this.now;
    const info = this.state.nodes[node];
    if (info!.state !== 'ready') return;
    this.state.setNodeState(node, 'dead');
    this.available -= info!.devices.length;
    this.flag(1);
    if (this.log) this.batchFailed.push(info!.name);
    for (const id of this.state.jobsOnNode(node)) {
      const job = this.byId.get(id)!;
      const lost = this.stop(job, 'fail');
      const failed = job.phase === FAILED;
      this.state.release(id);
      this.changedLeft.push(job);
      if (failed) {
        this.scheduler.forget(id);
        this.loggedWait.delete(id);
      } else {
        this.returning.push(job);
        this.changedQueued.push(job);
      }
      if (this.log) this.batchLost.push({ job: id, gpuSeconds: round3(lost) });
      if (id === this.options.explain) this.tell(`lost node ${info!.name}: ${failed ? `failed, no restarts left (maxRestarts ${job.maxRestarts})` : 'back to the queue'}, ${fmt(lost / job.gpus)} of work lost`);
      this.onJobEvent?.({ kind: 'lost', job: id, at: t, node: info!.name, lostGpuSeconds: lost, failed });
    }
    this.mergeReturning();
    this.meter.set(this.busy, this.available);
    this.nodeGen[node]!++;
    this.queue.push(t + repairSeconds, REPAIR, node, 0);
    this.essentialPending++;
  }

  private repair(node: number): void {
    const info = this.state.nodes[node];
    if (info!.state === 'ready') return;
    this.state.setNodeState(node, 'ready');
    this.available += info!.devices.length;
    this.freedSinceRound += info!.devices.length;
    this.meter.set(this.busy, this.available);
    this.flag(2);
    if (this.log) this.batchRepaired.push(info!.name);
    this.nodeGen[node]!++;
    this.scheduleMtbf(node);
  }

  private scheduleFailures(): void {
    const f = this.failures;
    f.scripted.forEach((s, i) => {
      const node = this.state.nodeByName(s.node);
      if (node === undefined) {
        throw new SpecError(this.options.workloadSource ?? 'workload', [
          { path: `failures.scripted[${i}].node`, message: `no node "${s.node}" in cluster "${this.options.cluster.name ?? 'cluster'}"; expected a name such as "${this.state.nodes[0]?.name}"` },
        ]);
      }
      this.queue.push(s.at, FAIL, node, -i - 1);
      this.essentialPending++;
    });
    if (f.mtbfHours !== undefined) for (let n = 0; n < this.state.nodes.length; n++) this.scheduleMtbf(n);
  }

  private scheduleMtbf(node: number): void {
    const mtbf = this.failures.mtbfHours;
    if (mtbf === undefined) return;
    let rng = this.nodeRng[node];
    if (!rng) this.nodeRng[node] = rng = new Rng(this.failures.seed ?? this.options.seed ?? 0, 0x100000 + node);
    this.queue.push(this.now + rng.exponential(mtbf * 3600), FAIL, node, this.nodeGen[node]);
  }

  private ensureRoundTimer(): void {
    if (this.roundSeconds === undefined || this.roundPending || this.idle()) return;
    const next = (Math.floor(this.now / this.roundSeconds) + 1) * this.roundSeconds;
    this.queue.push(next, ROUND, 0, 0);
    this.roundPending = true;
  }

  private start(job: SimJob, devices: readonly number[]): void {
    const t = this.now;
    job.devices = devices;
    job.phase = RUNNING;
    job.state = 'running';
    const rate = this.perf.rate(job.profile, devices);
    job.rate = rate > 0 ? rate : 1e-12;
    // Resuming: from the checkpoint its last run left (lifecycle.ts: launchOverhead, inlined).
    const c = this.checkpoint;
    job.segStart = t;
    job.productiveFrom = t + c.startSeconds + (job.stepsDone > 0 ? c.restoreSeconds : 0);
    if (job.firstStart < 0) job.firstStart = t;
    this.noteModels(job, devices);
    job.runIndex = this.running.length;
    this.running.push(job);
    this.busy += job.gpus;
    const end = job.productiveFrom + secondsToTrain((job.totalSteps - job.stepsDone) / job.rate, job.checkpointEvery, c.saveSeconds);
    job.endAt = end;
    this.queue.push(end, COMPLETE, job.index, job.epoch);
    this.essentialPending++;
    this.onJobEvent?.({ kind: 'started', job: job.id, at: t, devices });
  }

  /**
   * Stops a running job: back to the queue from its last checkpoint (preempted, lost), failed (no
   * restarts left) or cancelled, by the rules of lifecycle.ts. Returns the device-seconds lost.
   */
  private stop(job: SimJob, how: 'preempt' | 'fail' | 'cancel'): number {
    const t = this.now;
    let lost = 0;
    let next: 'queued' | 'failed' | 'cancelled' = 'cancelled';
    if (how === 'cancel') {
      job.stepsDone = job.stepsAt(t);
    } else if (how === 'preempt' && this.options.policy.savesOnPreemption) {
      // Saved as it was stopped (lifecycle's savesFirst): the steps up to the save kept, its last
      // `saveSeconds` spent saving them.
      job.stepsDone = job.stepsAt(t - this.checkpoint.saveSeconds);
      const d = decideStop(job, 'preempted', true, true);
      this.totalPreemptions += d.preemptions - job.preemptions;
      job.preemptions = d.preemptions;
      next = d.next;
    } else {
      const every = job.checkpointEvery;
      const save = this.checkpoint.saveSeconds;
      const written = checkpointsWritten(t - job.productiveFrom, every, save);
      const lastCheckpointAt = written === 0 ? undefined : job.productiveFrom + written * (every + save);
      if (written > 0) job.stepsDone = Math.min(job.totalSteps, job.stepsDone + written * every * job.rate);
      lost = lostSeconds(job.productiveFrom, lastCheckpointAt, t) * job.gpus;
      job.lostGpuSeconds += lost;
      this.lostGpuSeconds += lost;
      const d = decideStop(job, how === 'preempt' ? 'preempted' : 'lost');
      this.totalRestarts += d.restarts - job.restarts;
      this.totalPreemptions += d.preemptions - job.preemptions;
      job.restarts = d.restarts;
      job.preemptions = d.preemptions;
      next = d.next;
    }
    job.serviceBase += (t - job.segStart) * job.gpus;
    job.epoch++;
    this.removeRunning(job);
    this.busy -= job.gpus;
    job.devices = [];
    if (next === 'failed') {
      job.phase = FAILED;
      job.state = 'waiting';
      return lost;
    }
    job.phase = WAITING;
    job.state = 'waiting';
    job.waitingSince = t;
    return lost;
  }

  private removeRunning(job: SimJob): void {
    const i = job.runIndex;
    const last = this.running.pop()!;
    if (last !== job) {
      this.running[i] = last;
      last.runIndex = i;
    }
    job.runIndex = -1;
  }

  private noteModels(job: SimJob, devices: readonly number[]): void {
    const devs = this.state.devices;
    const first = devs[devices[0]!]!.model;
    let models = first;
    for (let i = 1; i < devices.length; i++) {
      if (devs[devices[i]!]!.model !== first) {
        models = [...new Set(devices.map((d) => devs[d]!.model))].sort().join('+');
        break;
      }
    }
    if (job.models === models || job.models === '') job.models = models;
    else job.models = [...new Set([...job.models.split('+'), ...models.split('+')])].sort().join('+');
  }

  /** Placed jobs that were running before the round (preempted and placed again): not in the queue. */
  private migrations(placed: readonly { job: JobView }[], preempted: readonly { job: JobView }[]): number {
    if (preempted.length === 0) return 0;
    const moved = new Set(preempted.map((p) => p.job));
    let n = 0;
    for (const p of placed) if (moved.has(p.job)) n++;
    return n;
  }

  /**
   * Drops `count` jobs that just started from the queue. Policies mostly start jobs at the head of
   * the queue, so the scan stops at the last one started and a contiguous run is cut natively,
   * instead of touching the whole (possibly long) queue in JavaScript at every round.
   */
  private removePlaced(count: number): void {
    if (count <= 0) return;
    const w = this.waiting;
    let first = -1;
    let last = -1;
    let found = 0;
    for (let i = 0; i < w.length; i++) {
      if (w[i]!.phase !== WAITING) {
        if (first < 0) first = i;
        last = i;
        if (++found === count) break;
      }
    }
    if (first < 0) return;
    if (found === count && last - first + 1 === count) {
      w.splice(first, count);
      return;
    }
    let o = first;
    for (let i = first; i < w.length; i++) if (w[i]!.phase === WAITING) w[o++] = w[i]!;
    w.length = o;
  }

  /**
   * Drops one job that just started from the queue: found by binary search, as the queue is in
   * arrival order (policies that pick by other orders start jobs from anywhere in it). The jobs on
   * the shorter side move: time-sharing policies start jobs near either end of a long queue (the
   * oldest promoted, the newest unserved), and a splice near the front moved thousands of them.
   */
  private removeWaiting(job: SimJob): void {
    const w = this.waiting;
    let lo = 0;
    let hi = w.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (byArrival(w[mid]!, job) < 0) lo = mid + 1;
      else hi = mid;
    }
    // A job submitted live at the instant of a trace arrival may sit out of index order.
    const i = w[lo] === job ? lo : w.indexOf(job);
    if (i < 0) return;
    if (2 * i >= w.length) {
      w.splice(i, 1);
      return;
    }
    // Those before it move up one place, and the first slot goes (shift trims the array's start
    // in place, except for arrays too large for that, where it costs what the splice would).
    for (let k = i; k > 0; k--) w[k] = w[k - 1]!;
    w.shift();
  }

  /** Puts returning (preempted, failed) jobs back into the queue in arrival order. */
  private mergeReturning(): void {
    // A job preempted and placed again in the same round (a migration) is running, not returning.
    const back = this.returning.filter((j) => j.phase === WAITING);
    this.returning = [];
    if (back.length === 0) return;
    back.sort(byArrival);
    const w = this.waiting;
    const out: SimJob[] = new Array(w.length + back.length);
    // Each returning job's place found by binary search, the queue between copied as it is: a
    // merge comparing job by job read every waiting job's arrival at each preemption.
    let i = 0;
    let o = 0;
    for (const job of back) {
      let lo = i;
      let hi = w.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (byArrival(w[mid]!, job) <= 0) lo = mid + 1;
        else hi = mid;
      }
      while (i < lo) out[o++] = w[i++]!;
      out[o++] = job;
    }
    while (i < w.length) out[o++] = w[i++]!;
    this.waiting = out;
  }

  private scheduleRound(): void {
    const code = this.batchTrigger;
    const trigger: SimTrigger = (['manual', 'failure', 'repair', 'completion', 'arrival', 'round', 'manual'] as const)[code] ?? 'manual';
    const waitingBefore = this.waiting.length;
    const runningBefore = this.running.length;
    let decisions: SimDecision[] | undefined;
    // A policy that moves running jobs (Policy.rebalances) is called at rounds with nothing waiting.
    if (this.waiting.length > 0 || (code === 5 && this.running.length > 0 && this.scheduler.rebalances)) {
      this.rounds++;
      const changes: SchedulingChanges = { left: this.changedLeft, queued: this.changedQueued, changed: NO_JOBS, freed: this.freedSinceRound };
      if (this.changedLeft.length) this.changedLeft = [];
      if (this.changedQueued.length) this.changedQueued = [];
      this.freedSinceRound = 0;
      const result = this.scheduler.round({ now: this.now, trigger, waiting: this.waiting, running: this.running, changes });
      for (const p of result.preempted) {
        const job = p.job as SimJob;
        const lost = this.stop(job, 'preempt');
        this.returning.push(job);
        if (job.id === this.options.explain) this.tell(lost > 0 ? `preempted: back to its last checkpoint, ${fmt(lost / job.gpus)} of work lost` : `preempted`);
        this.onJobEvent?.({ kind: 'preempted', job: job.id, at: this.now, lostGpuSeconds: lost });
      }
      // The source of each placement's rate, for the event log (the time-travel view names it).
      const sources = this.log ? new Map<string, RateSource>() : undefined;
      for (const p of result.placed) {
        const job = p.job as SimJob;
        this.start(job, p.devices);
        sources?.set(job.id, this.perf.lastSource);
        if (job.id === this.options.explain) this.tell(`placed on ${this.describeDevices(p.devices)} (${job.rate.toPrecision(3)} steps/s, ${describeRateSource(this.perf.lastSource)})`);
      }
      if (result.placed.length > 0 && result.placed.length <= 16 && result.preempted.length === 0) {
        for (const p of result.placed) this.removeWaiting(p.job as SimJob);
      } else if (result.placed.length > 0) this.removePlaced(result.placed.length - this.migrations(result.placed, result.preempted));
      this.mergeReturning();
      this.meter.set(this.busy, this.available);
      // Jobs may have started with nothing else pending: time-sharing needs its next round.
      this.ensureRoundTimer();
      if (this.log) {
        decisions = [];
        for (const d of result.decisions) {
          if (d.kind === 'wait') {
            if (this.loggedWait.get(d.job) === d.reason) continue;
            this.loggedWait.set(d.job, d.reason);
            decisions.push({ kind: 'wait', job: d.job, reason: d.reason });
          } else {
            this.loggedWait.delete(d.job);
            if (d.kind === 'preempt') decisions.push({ kind: 'preempt', job: d.job, reason: d.reason });
            else {
              const job = this.byId.get(d.job);
              const source = sources?.get(d.job);
              decisions.push({ kind: 'place', job: d.job, devices: [...d.devices], reason: d.reason, ...(job && source ? { rate: Number(job.rate.toPrecision(4)), rateSource: source } : {}) });
            }
          }
        }
      }
      const explained = this.options.explain !== undefined ? this.byId.get(this.options.explain) : undefined;
      if (explained && explained.phase === WAITING) {
        const why = this.scheduler.explain(explained, this.waiting);
        if (why !== this.storyReason) {
          this.storyReason = why;
          this.tell(`waits (${trigger}): ${why}`);
        }
      }
    } else {
      this.meter.set(this.busy, this.available);
    }
    const eventful = this.batchArrived.length + this.batchCompleted.length + this.batchFailed.length + this.batchRepaired.length > 0;
    if (this.log && (eventful || (decisions !== undefined && decisions.length > 0))) {
      const rec: SimRoundRecord = { type: 'round', i: this.roundIndex++, t: round3(this.now), trigger, waiting: waitingBefore, running: runningBefore, decisions: decisions ?? [], busy: this.busy, available: this.available };
      if (this.batchArrived.length) rec.arrived = this.batchArrived;
      if (this.batchCompleted.length) rec.completed = this.batchCompleted;
      if (this.batchFailed.length) rec.failed = this.batchFailed;
      if (this.batchLost.length) rec.lost = this.batchLost;
      if (this.batchRepaired.length) rec.repaired = this.batchRepaired;
      this.log(rec);
      this.batchArrived = [];
      this.batchCompleted = [];
      this.batchFailed = [];
      this.batchLost = [];
      this.batchRepaired = [];
    }
  }

  private roundIndex = 0;

  private describeDevices(devices: readonly number[]): string {
    const byNode = new Map<number, number>();
    for (const d of devices) {
      const n = this.state.devices[d]!.node;
      byNode.set(n, (byNode.get(n) ?? 0) + 1);
    }
    const parts = [...byNode].slice(0, 4).map(([n, c]) => `${c}×${this.state.devices[this.state.nodes[n]!.devices[0]!]!.model} on ${this.state.nodes[n]!.name}`);
    return parts.join(', ') + (byNode.size > 4 ? ` and ${byNode.size - 4} more nodes` : '');
  }

  private tell(what: string): void {
    this.storyReason = what.startsWith('waits') ? this.storyReason : undefined;
    this.story.push(`t=${fmt(this.now)}  ${what}`);
  }
}

/** The jobs by arrival, ties in the given order; most workloads come sorted, and are taken as they are. */
function inArrivalOrder(jobs: readonly WorkloadJob[]): readonly WorkloadJob[] {
  let sorted = true;
  for (let i = 1; i < jobs.length && sorted; i++) if (!(jobs[i - 1]!.arrival <= jobs[i]!.arrival)) sorted = false;
  if (sorted) return jobs;
  return jobs
    .map((j, i) => ({ j, i }))
    .sort((a, b) => a.j.arrival - b.j.arrival || a.i - b.i)
    .map((x) => x.j);
}

function byArrival(a: SimJob, b: SimJob): number {
  return a.arrival - b.arrival || a.index - b.index;
}
