/**
 * The job manager: one Controller over one Backend.
 *
 *   submit -> journal -> scheduling round (scheduling-round.ts) -> Backend.launch
 *   backend events -> state machine (job-machine.ts) -> journal -> change events (views, CLI)
 *   start on a state folder -> recovery (recovery.ts): journal replayed, ranks re-attached
 *
 * Everything that changes a job runs on one serial queue, so events, commands and rounds never
 * interleave. Every fact is journaled (fsync) before the manager acts on it; a manager started on
 * the same state folder replays the journal and re-attaches to ranks still running.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CheckpointInfo } from '../core/checkpoint';
import type { CheckpointContents } from '../core/checkpoint-contents/contents';
import type { NodeInfo, NodeState } from '../core/device';
import type { BackendEvent } from '../core/events';
import type { JobRecord, MetricSample, RankPlacement } from '../core/job';
import type { JobReport } from '../core/job-report';
import type { JobSpec } from '../core/job-spec';
import { isTerminal, type JobState } from '../core/job-state';
import { holdsDevices } from '../core/lifecycle';
import { DownsampledSeries } from '../core/metrics/downsample';
import type { Policy, SchedulingTrigger } from '../scheduler/api';
import { ClusterState } from '../scheduler/cluster-state';
import { Scheduler } from '../scheduler/scheduler';
import type { Backend, Controller, ControllerChange, Disposable, LogChunk, LogOptions } from './api';
import { transition } from './job-machine';
import { beginAttempt, closeAttempt, decideLost, lostWork, pastTimeLimit } from './attempts';
import { fetchOutputs, outputsDirOf } from './job-outputs';
import { buildReport } from './job-report';
import { Journal, type CompactionOptions } from './journal';
import { compactEntries, newRuntime, type Runtime } from './journal-replay';
import { LogMirror, readLogs } from './log-files';
import { forEachStoredSample, metricFileSize, MetricMirror } from './metric-files';
import { devicesOfPlacement } from './placement';
import { writeFileAtomic } from '../io/atomic-file';
import { keepDamagedJournal, nodeDied, recover, type RecoveryHost } from './recovery';
import { SchedulingRound, type RoundHost } from './scheduling-round';
import { StateDir } from './state-dir';
import { withTimeout } from './timeout';
import { checkpointPath, chooseResumePoint, type CheckpointSurvey, type ResumeChoice } from './resume-point';

export interface ManagerOptions {
  /** Folder of the journal, logs and reports. */
  stateDir: string;
  policy: Policy;
  /** Where declared outputs of a job go (default: `outputs/<job id>` beside its spec, else in the state folder). */
  outputsDir?: (job: JobRecord) => string;
  /** Poll for requests from other processes (`openclaw cancel`) this often; 0 disables. */
  requestPollMs?: number;
  /** Inter-node network the scheduler assumes (live backends do not measure it). */
  network?: { bandwidthGbps: number; latencyUs: number };
  /** When the journal is compacted (default: past 4 MiB or 20,000 entries). */
  journalCompaction?: CompactionOptions;
  /**
   * Waiting jobs (in arrival order) that must sit out this round, with why: a control plane's
   * users' quotas. They stay queued with that reason and are offered again next round.
   */
  holdBack?: (waiting: readonly JobRecord[], all: readonly JobRecord[], now: number) => ReadonlyMap<string, string>;
  /** How often jobs held back are offered again with no event to trigger a round (default a minute). */
  heldRetryMs?: number;
}

// Read by the CLI and tests from here, where they always were.
export { compactEntries, replay } from './journal-replay';

type Task = () => Promise<void> | void;

/** Jobs held back (quotas) are offered to the scheduler again at least this often. */
const HELD_RETRY_MS = 60_000;

export class JobManager implements Controller {
  readonly backendKind: Controller['backendKind'];
  private readonly jobsById = new Map<string, JobRecord>();
  private readonly runtime = new Map<string, Runtime>();
  private readonly listeners = new Set<(c: ControllerChange) => void>();
  private readonly waiters = new Map<string, Set<(job: JobRecord) => void>>();
  private readonly state: StateDir;
  private journal!: Journal;
  private cluster!: ClusterState;
  private scheduler!: Scheduler;
  private readonly mirror: LogMirror;
  private readonly metricMirror: MetricMirror;
  private queue: Promise<void> = Promise.resolve();
  private roundPending: SchedulingTrigger | undefined;
  private timers: NodeJS.Timeout[] = [];
  private heldRetry: NodeJS.Timeout | undefined;
  private readonly startedAt: number;
  private readonly rounds: SchedulingRound;
  private disposed = false;
  private idCounter = 0;

  private constructor(
    readonly backend: Backend,
    private readonly options: ManagerOptions,
  ) {
    this.backendKind = backend.kind;
    this.state = new StateDir(options.stateDir);
    this.mirror = new LogMirror(this.state);
    this.metricMirror = new MetricMirror(this.state);
    this.startedAt = this.now();
    this.rounds = new SchedulingRound(this.roundHost());
  }

  /** What a scheduling round reads from the manager and asks of it. */
  private roundHost(): RoundHost {
    return {
      jobs: this.jobsById,
      cluster: () => this.cluster,
      scheduler: () => this.scheduler,
      allocatesHere: () => this.backend.allocation !== 'backend',
      now: () => this.now(),
      startedAt: this.startedAt,
      runtime: (jobId) => this.rt(jobId),
      ...(this.options.holdBack && { holdBack: this.options.holdBack }),
      offerHeldAgain: () => {
        // Offered again within a minute, with no event to trigger a round.
        this.heldRetry ??= setTimeout(() => {
          this.heldRetry = undefined;
          this.scheduleSoon('manual');
        }, this.options.heldRetryMs ?? HELD_RETRY_MS);
      },
      handedToBackend: (job) => this.handedToBackend(job),
      update: (jobId, patch) => this.update(jobId, patch),
      launch: (job, placement, reason) => this.launch(job, placement, reason),
      preempt: (job) => this.preempt(job),
    };
  }

  /** What recovery reads from the manager and asks of it. */
  private recoveryHost(): RecoveryHost {
    return {
      backend: this.backend,
      journal: this.journal,
      journalPath: this.state.journalPath,
      jobs: this.jobsById,
      runtimes: this.runtime,
      cluster: () => this.cluster,
      now: () => this.now(),
      runtime: (jobId) => this.rt(jobId),
      metricsOnDisk: (jobId) => metricFileSize(this.state, jobId),
      logSize: (jobId, attempt, rank) => this.mirror.size(jobId, attempt, rank),
      handedToBackend: (job) => this.handedToBackend(job),
      setState: (job, to, reason) => this.setState(job, to, reason),
      update: (jobId, patch) => this.update(jobId, patch),
      stopAttempt: (job, reason) => this.stopAttempt(job, reason),
      attemptLost: (job, reason, exitCode, countsAsRestart) => this.attemptLost(job, reason, exitCode, countsAsRestart),
      finish: (job, state, reason) => this.finish(job, state, reason),
      onExit: (e) => this.onExit(e),
    };
  }

  /** Starts a manager: claims the state folder, starts the backend, replays the journal. */
  static async start(backend: Backend, options: ManagerOptions): Promise<JobManager> {
    const m = new JobManager(backend, options);
    await m.open();
    return m;
  }

  private now(): number {
    return this.backend.now?.() ?? Date.now();
  }

  private async open(): Promise<void> {
    this.state.claim();
    const { journal, entries, reading } = Journal.open(this.state.journalPath);
    this.journal = journal;
    // Compaction would drop damaged lines for good: a copy is kept, and the damage reported.
    const damage = reading.damaged.length > 0 ? keepDamagedJournal(this.state.journalPath, reading) : undefined;
    // The journal is rewritten as one snapshot per job at each start and whenever it grows past its thresholds.
    this.journal.enableCompaction(compactEntries, this.options.journalCompaction);
    if (entries.length > 0) this.journal.compact();
    this.journal.append({ t: 'open', at: Date.now(), pid: process.pid });
    // Events that arrive while the backend starts wait on the queue behind recovery.
    let started!: (ok: boolean) => void;
    const gate = new Promise<boolean>((r) => (started = r));
    const ready = this.enqueue(async () => {
      if (!(await gate)) return;
      this.buildCluster(this.backend.nodes());
      this.idCounter = Math.max(this.idCounter, await recover(this.recoveryHost(), entries, damage));
    });
    try {
      await this.backend.start((e) => this.onBackendEvent(e));
    } catch (err) {
      started(false);
      this.disposed = true;
      this.journal.close();
      this.state.release();
      throw err;
    }
    started(true);
    await ready;
    if (this.scheduler.roundSeconds !== undefined) {
      this.timers.push(setInterval(() => this.scheduleSoon('round'), this.scheduler.roundSeconds * 1000 / (this.backend.speedup ?? 1)));
    }
    // Time limits, checked each wall second (Slurm enforces its own).
    if (this.backend.allocation === 'scheduler') this.timers.push(setInterval(() => this.checkTimeLimits(), 1000));
    const poll = this.options.requestPollMs ?? 500;
    if (poll > 0) this.timers.push(setInterval(() => this.takeRequests(), poll));
    this.scheduleSoon('manual');
  }

  // ---------------------------------------------------------------- cluster

  /** (Re)builds the scheduler's cluster from the backend's nodes, keeping the jobs' devices. */
  private buildCluster(nodes: readonly NodeInfo[]): void {
    const previous = this.cluster;
    this.cluster = new ClusterState(nodes, this.options.network ?? { bandwidthGbps: 100, latencyUs: 5 });
    this.scheduler = new Scheduler(this.options.policy, this.cluster);
    if (!previous) return;
    for (const job of this.jobsById.values()) {
      if (!holdsDevices(job.state)) continue;
      const devices = devicesOfPlacement(job.placement, this.cluster);
      if (devices) this.cluster.allocate(job.id, devices);
    }
    this.emit({ kind: 'cluster', nodes: this.nodes() });
  }

  nodes(): readonly NodeInfo[] {
    const states = new Map(this.cluster?.nodes.map((n) => [n.name, n.state]) ?? []);
    return this.backend.nodes().map((n) => ({ ...n, state: states.get(n.name) ?? n.state }));
  }

  // ---------------------------------------------------------------- queue

  private enqueue(task: Task): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch((err: unknown) => this.internalError(err));
    return run;
  }

  private internalError(err: unknown): void {
    process.emitWarning(`openclaw job manager: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }

  private scheduleSoon(trigger: SchedulingTrigger): void {
    if (this.disposed) return;
    if (this.roundPending) return;
    this.roundPending = trigger;
    void this.enqueue(async () => {
      const t = this.roundPending ?? trigger;
      this.roundPending = undefined;
      if (!this.disposed) await this.rounds.run(t);
    });
  }

  // ---------------------------------------------------------------- public API

  submit(spec: JobSpec, specPath?: string): Promise<JobRecord> {
    return new Promise((resolve, reject) => {
      void this.enqueue(() => this.submitNow(spec, specPath, undefined).then(resolve, reject));
    });
  }

  cancel(jobId: string, reason = 'cancelled by the user'): Promise<void> {
    return this.enqueue(async () => {
      const job = this.mustGet(jobId);
      if (isTerminal(job.state)) return;
      if (job.state !== 'queued' || this.handedToBackend(job)) await this.stopAttempt(job, reason);
      this.finish(this.jobsById.get(jobId)!, 'cancelled', reason);
      this.scheduleSoon('completion');
    });
  }

  restart(jobId: string): Promise<JobRecord> {
    return this.requeueFinished(jobId, undefined, 'restarted by the user');
  }

  resume(jobId: string, checkpointPath: string): Promise<JobRecord> {
    return this.requeueFinished(jobId, checkpointPath, `resumed by the user from ${checkpointPath}`);
  }

  private requeueFinished(jobId: string, resumeFrom: string | undefined, reason: string): Promise<JobRecord> {
    return new Promise((resolve, reject) => {
      void this.enqueue(async () => {
        try {
          let job = this.mustGet(jobId);
          if (!isTerminal(job.state)) {
            // Running again while it runs: the current attempt ends first.
            await this.stopAttempt(job, reason);
            job = this.finish(this.jobsById.get(job.id)!, 'cancelled', reason);
          }
          if (job.state === 'succeeded') {
            // A succeeded job stays as it ended; running it again is a new job with the same spec.
            const copy = await this.submitNow(job.spec, job.specPath, resumeFrom);
            resolve(copy);
            return;
          }
          job = this.setState(job, 'queued', reason);
          job = this.update(job.id, { resumeFrom, step: undefined, error: undefined, exitCode: undefined, waitReason: undefined, reportPath: undefined });
          const rt = this.rt(job.id);
          rt.report = undefined;
          this.journal.append({ t: 'restart', at: this.now(), jobId, attempt: job.attempt, restarts: job.restarts, lostGpuSeconds: job.lostGpuSeconds, lostSteps: 0, resumeFrom, reason });
          this.scheduleSoon('arrival');
          resolve(job);
        } catch (err) {
          reject(err);
        }
      });
    });
  }

  /** Journals and queues a new job; runs inside the manager's queue. */
  private async submitNow(spec: JobSpec, specPath: string | undefined, resumeFrom: string | undefined): Promise<JobRecord> {
    const at = this.now();
    const id = this.newId(spec.name);
    const job: JobRecord = {
      id, key: `${id}.${randomBytes(8).toString('hex')}`, spec, specPath, state: 'queued', history: [{ state: 'queued', at, reason: 'submitted' }],
      placement: [], restarts: 0, lostGpuSeconds: 0, backend: this.backend.kind, attempt: 0, outputs: [], resumeFrom,
      totalSteps: spec.simulation?.totalSteps,
    };
    this.journal.append({ t: 'submit', at, job }, true);
    this.jobsById.set(job.id, job);
    this.runtime.set(job.id, newRuntime(at));
    this.emitJob(job);
    this.scheduleSoon('arrival');
    return job;
  }

  jobs(): readonly JobRecord[] {
    return [...this.jobsById.values()];
  }

  job(jobId: string): JobRecord | undefined {
    return this.jobsById.get(jobId);
  }

  metrics(jobId: string): readonly MetricSample[] {
    const rt = this.runtime.get(jobId);
    if (!rt) return [];
    if (rt.metricsOnDisk) {
      // Older than anything received since the restart: the file's samples first, then those.
      const since = rt.metrics.all();
      rt.metrics = new DownsampledSeries<MetricSample>();
      forEachStoredSample(this.state, jobId, rt.metricsOnDisk, (s) => rt.metrics.add(s));
      for (const s of since) rt.metrics.add(s);
      rt.metricsOnDisk = undefined;
    }
    return rt.metrics.all();
  }

  report(jobId: string): JobReport | undefined {
    const rt = this.runtime.get(jobId);
    const path = this.jobsById.get(jobId)?.reportPath;
    if (rt && !rt.report && path) rt.report = readReport(path);
    return rt?.report;
  }

  async inspectCheckpoint(jobId: string, path: string): Promise<CheckpointContents> {
    const job = this.mustGet(jobId);
    const listed = await this.checkpoints(jobId).catch(() => []);
    const known = listed.find((c) => c.path === path);
    return this.backend.inspectCheckpoint(job, known ?? { path });
  }

  async checkpoints(jobId: string): Promise<readonly CheckpointInfo[]> {
    const job = this.mustGet(jobId);
    const known = [...this.rt(jobId).checkpoints.values()];
    try {
      const listed = await this.backend.checkpoints(job);
      if (listed.length > 0 || known.length === 0) return listed;
    } catch (err) {
      if (known.length === 0) throw err;
    }
    // The backend no longer knows the job (agents forget a finished one): what was reported.
    return known.sort((a, b) => (a.step ?? -1) - (b.step ?? -1) || a.mtimeMs - b.mtimeMs);
  }

  logs(jobId: string, options: LogOptions = {}): AsyncIterable<LogChunk> {
    this.mustGet(jobId);
    return readLogs(this.state, jobId, options, () => {
      const j = this.jobsById.get(jobId);
      return !j || isTerminal(j.state);
    });
  }

  waitForEnd(jobId: string, signal?: AbortSignal): Promise<JobRecord> {
    const job = this.mustGet(jobId);
    if (isTerminal(job.state)) return Promise.resolve(job);
    return new Promise((resolve, reject) => {
      let set = this.waiters.get(jobId);
      if (!set) this.waiters.set(jobId, (set = new Set()));
      const done = (j: JobRecord) => {
        signal?.removeEventListener('abort', abort);
        resolve(j);
      };
      const abort = () => {
        set.delete(done);
        reject(signal?.reason ?? new Error('aborted'));
      };
      set.add(done);
      signal?.addEventListener('abort', abort, { once: true });
    });
  }

  /** Resolves once everything queued so far, and what that queued in turn, has run (events, rounds, launches). */
  async settled(): Promise<void> {
    for (let q = this.queue; ; q = this.queue) {
      await q;
      if (q === this.queue) return;
    }
  }

  onChange(listener: (change: ControllerChange) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of this.timers) clearInterval(t);
    if (this.heldRetry) clearTimeout(this.heldRetry);
    await this.queue;
    await this.backend.dispose();
    this.mirror.close();
    this.metricMirror.flush();
    this.journal.close();
    this.state.release();
  }

  // ---------------------------------------------------------------- scheduling

  private async launch(job: JobRecord, placement: RankPlacement[], reason: string): Promise<void> {
    const at = this.now();
    const attempt = job.attempt + 1;
    const resumeFrom = job.resumeFrom;
    const ownQueue = this.backend.allocation === 'backend';
    // A backend that allocates itself (Slurm) holds the job in its own queue: it stays queued, with
    // the backend's reason, until the backend reports where it placed the ranks.
    job = this.update(job.id, { placement, attempt, waitReason: ownQueue ? `submitted to ${this.backend.kind}, waiting for its placement` : undefined, neverFits: undefined });
    if (!ownQueue) job = this.setState(job, 'placed', reason);
    // Written before the backend is asked: a manager started after a crash looks for these ranks.
    this.journal.append({ t: 'launch', at, jobId: job.id, attempt, placement, resumeFrom }, true);
    const rt = this.rt(job.id);
    beginAttempt(rt, attempt, placement, resumeFrom, at, job.step);
    if (!ownQueue) job = this.setState(job, 'starting', resumeFrom ? `resuming from ${resumeFrom}` : 'launching');
    try {
      await this.backend.launch(job, placement, { resumeFrom, attempt });
    } catch (err) {
      await this.attemptLost(this.jobsById.get(job.id)!, `launch failed: ${(err as Error).message}`);
    }
  }

  // ---------------------------------------------------------------- backend events

  private onBackendEvent(e: BackendEvent): void {
    if (this.disposed) return;
    // Logs and metrics are frequent and change no state: handled at once, off the queue.
    if (e.kind === 'log') {
      const job = this.jobsById.get(e.jobId);
      const attempt = e.attempt ?? job?.attempt ?? 0;
      this.mirror.write(e.jobId, attempt, e.rank, e.line, e.unterminated);
      this.emit({ kind: 'log', jobId: e.jobId, rank: e.rank, line: e.line, stream: e.stream });
      return;
    }
    if (e.kind === 'metric') {
      this.onMetric(e.jobId, e.at, e.metric, e.attempt);
      return;
    }
    // Copy progress changes no state: shown at once (the launch it precedes holds the queue).
    if (e.kind === 'transfer') {
      if (this.jobsById.has(e.jobId)) this.update(e.jobId, { transfer: e.progress });
      return;
    }
    void this.enqueue(() => this.handle(e));
  }

  private onMetric(jobId: string, at: number, metric: { step?: number; totalSteps?: number; values: Record<string, number> }, attempt?: number): void {
    const job = this.jobsById.get(jobId);
    const rt = this.runtime.get(jobId);
    if (!job || !rt || (attempt !== undefined && attempt !== job.attempt)) return;
    const sample: MetricSample = { at, step: metric.step, values: metric.values, attempt: job.attempt };
    rt.metrics.add(sample);
    this.metricMirror.write(jobId, sample);
    const patch: Partial<JobRecord> = {};
    if (metric.step !== undefined) patch.step = metric.step;
    if (metric.totalSteps !== undefined) patch.totalSteps = metric.totalSteps;
    if (Object.keys(patch).length === 0) return;
    this.update(jobId, patch);
    // Progress is journaled sparsely: enough for `openclaw jobs` in another process.
    const wall = Date.now();
    if (wall - rt.progressJournaledAt >= 2000) {
      rt.progressJournaledAt = wall;
      this.journal.append({ t: 'progress', at, jobId, step: patch.step, totalSteps: patch.totalSteps });
    }
  }

  private current(e: { jobId: string; attempt?: number }): JobRecord | undefined {
    const job = this.jobsById.get(e.jobId);
    if (!job || isTerminal(job.state)) return undefined;
    if (e.attempt !== undefined && e.attempt !== job.attempt) return undefined;
    if (this.rt(job.id).stopping) return undefined;
    return job;
  }

  private async handle(e: BackendEvent): Promise<void> {
    switch (e.kind) {
      case 'node-state':
        return this.onNodeState(e.node, e.state, e.at);
      case 'node-lost':
        return this.onNodeState(e.node, 'dead', e.at);
      case 'node-added':
        this.buildCluster(this.backend.nodes());
        this.scheduleSoon('repair');
        return;
      case 'waiting': {
        const job = this.current(e);
        if (job?.state === 'queued' && job.waitReason !== e.reason) this.update(job.id, { waitReason: e.reason });
        return;
      }
      case 'placed': {
        const job = this.current(e);
        if (job) this.onPlaced(job, e.placement, e.at);
        return;
      }
      case 'requeued': {
        const job = this.current(e);
        if (job) await this.onRequeued(job, e.reason, e.at);
        return;
      }
      case 'started': {
        const job = this.current(e);
        if (!job) return;
        const rt = this.rt(job.id);
        if (e.rank !== undefined) {
          if (rt.started.has(e.rank)) return;
          rt.started.add(e.rank);
          this.journal.append({ t: 'rank', at: e.at, jobId: job.id, attempt: job.attempt, rank: e.rank, event: 'started' });
        }
        const all = e.rank === undefined || rt.started.size >= job.placement.length;
        if (all && (job.state === 'starting' || job.state === 'placed' || job.state === 'queued')) {
          this.toStarting(job, e.at);
          this.setState(this.jobsById.get(job.id)!, 'running', `${job.placement.length} rank${job.placement.length === 1 ? '' : 's'} running`, e.at);
          const a = rt.attempts[rt.attempts.length - 1];
          if (a) a.runningAt = e.at;
        }
        return;
      }
      case 'checkpointing': {
        const job = this.current(e);
        if (job?.state === 'running') this.setState(job, 'checkpointing', 'writing a checkpoint', e.at);
        return;
      }
      case 'checkpoint': {
        const job = this.current(e);
        if (!job) return;
        if (e.checkpoint.complete) {
          const rt = this.rt(job.id);
          rt.checkpoints.set(e.checkpoint.path, e.checkpoint);
          const a = rt.attempts.at(-1);
          // Listings repeat older checkpoints (a new attempt sees the whole folder): keep the newest.
          const last = job.lastCheckpoint;
          const newer = !last || (e.checkpoint.step ?? -1) > (last.step ?? -1) || ((e.checkpoint.step ?? -1) === (last.step ?? -1) && e.checkpoint.mtimeMs >= last.mtimeMs);
          if (newer) {
            this.journal.append({ t: 'checkpoint', at: e.at, jobId: job.id, attempt: job.attempt, checkpoint: e.checkpoint });
            if (a) a.lastCheckpointAt = Math.max(a.lastCheckpointAt ?? 0, e.at);
            this.update(job.id, { lastCheckpoint: e.checkpoint });
          }
        }
        const now = this.jobsById.get(job.id)!;
        if (now.state === 'checkpointing' && e.checkpoint.complete) this.setState(now, 'running', `checkpoint ${e.checkpoint.path}`, e.at);
        return;
      }
      case 'exited':
        return this.onExit(e);
      default:
        return;
    }
  }

  /** A backend that allocates itself placed the ranks: journaled, so that a restarted manager resumes their logs where they were. */
  private onPlaced(job: JobRecord, placement: RankPlacement[], at: number): void {
    if (JSON.stringify(placement) !== JSON.stringify(job.placement)) {
      this.journal.append({ t: 'placed', at, jobId: job.id, attempt: job.attempt, placement });
      const a = this.rt(job.id).attempts.at(-1);
      if (a && a.attempt === job.attempt && a.endedAt === undefined) a.placement = placement;
      job = this.update(job.id, { placement, waitReason: undefined });
    }
    this.toStarting(job, at);
  }

  /** queued -> placed -> starting for a job a backend placed itself (events may skip steps between two polls). */
  private toStarting(job: JobRecord, at: number): JobRecord {
    job = this.jobsById.get(job.id) ?? job;
    if (job.state === 'queued') {
      const where = [...new Set(job.placement.map((r) => r.node))];
      job = this.setState(this.update(job.id, { waitReason: undefined }), 'placed', where.length ? `placed by ${this.backend.kind} on ${where.join(', ')}` : `placed by ${this.backend.kind}`, at);
    }
    if (job.state === 'placed') job = this.setState(job, 'starting', job.resumeFrom ? `resuming from ${job.resumeFrom}` : 'launching', at);
    return job;
  }

  /** The job waits in the backend's own queue (Slurm) for its current attempt, already submitted. */
  private handedToBackend(job: JobRecord): boolean {
    if (this.backend.allocation !== 'backend' || job.state !== 'queued' || job.attempt === 0) return false;
    const a = this.rt(job.id).attempts.at(-1);
    return a !== undefined && a.attempt === job.attempt && a.endedAt === undefined;
  }

  /**
   * The backend requeued the job itself (Slurm after a node failure): the run is lost as in any
   * restart, but the backend runs it again under the same submission, so nothing is launched here.
   */
  private async onRequeued(job: JobRecord, reason: string, at: number): Promise<void> {
    if (job.state === 'queued') {
      // Requeued before it ran here: it just waits on.
      this.update(job.id, { waitReason: reason });
      return;
    }
    const why = `requeued by ${this.backend.kind}: ${reason}`;
    if (decideLost(this.rt(job.id), job).next === 'failed') {
      await this.attemptLost(job, why);
      return;
    }
    const { lostSeconds, lostSteps } = lostWork(this.rt(job.id), job, at);
    closeAttempt(this.rt(job.id), at, why);
    job = this.setState(job, 'restarting', why, at);
    const restarts = job.restarts + 1;
    const { resumeFrom, why: resumeWhy } = await this.freshResumePoint(job);
    this.journal.append({ t: 'restart', at, jobId: job.id, attempt: job.attempt, restarts, lostGpuSeconds: lostSeconds, lostSteps, resumeFrom, resumeWhy, reason: why });
    // The same attempt runs again: journaled as a new launch of it, so that a restarted manager
    // looks for it (and its new placement) rather than for the run that was lost.
    this.journal.append({ t: 'launch', at, jobId: job.id, attempt: job.attempt, placement: [], resumeFrom }, true);
    job = this.update(job.id, { restarts, lostGpuSeconds: job.lostGpuSeconds + lostSeconds, resumeFrom, placement: [], step: job.lastCheckpoint?.step ?? job.step, waitReason: reason });
    const rt = this.rt(job.id);
    rt.lostSteps += lostSteps;
    beginAttempt(rt, job.attempt, [], resumeFrom, at, job.step);
    this.setState(job, 'queued', `restart ${restarts} of ${job.spec.maxRestarts}, from ${resumeFrom ?? 'the start'}`, at);
  }

  /**
   * The policy preempted the job: it goes back to the queue and resumes from its last checkpoint;
   * the training since is lost work (lifecycle.ts), as in the simulator.
   */
  private async preempt(job: JobRecord): Promise<void> {
    const why = 'preempted by the policy';
    const at = this.now();
    const { lostSeconds: lost, lostSteps } = lostWork(this.rt(job.id), job, at);
    await this.stopAttempt(job, why);
    closeAttempt(this.rt(job.id), at, 'preempted');
    const resumeFrom = this.resumePoint(job);
    this.journal.append({ t: 'restart', at, jobId: job.id, attempt: job.attempt, restarts: job.restarts, lostGpuSeconds: lost, lostSteps, resumeFrom, reason: why, preempted: true });
    job = this.update(job.id, { resumeFrom, placement: [], lostGpuSeconds: job.lostGpuSeconds + lost, step: job.lastCheckpoint?.step ?? job.step });
    this.rt(job.id).lostSteps += lostSteps;
    if (job.state !== 'running') job = this.setState(job, 'restarting', why, at);
    this.setState(job, 'queued', why, at);
  }

  private async onExit(e: Extract<BackendEvent, { kind: 'exited' }>): Promise<void> {
    const job = this.current(e);
    if (!job) return;
    const rt = this.rt(job.id);
    const ranks = e.rank === undefined ? job.placement.map((r) => r.rank) : [e.rank];
    for (const rank of ranks) {
      if (rt.exited.has(rank)) continue;
      rt.exited.set(rank, e.exitCode);
      this.journal.append({ t: 'rank', at: e.at, jobId: job.id, attempt: job.attempt, rank, event: 'exited', exitCode: e.exitCode });
    }
    if (e.exitCode !== 0) {
      const what = e.signal ? `killed by ${e.signal}` : `exit code ${e.exitCode}`;
      const who = e.rank === undefined ? 'the job' : `rank ${e.rank}`;
      await this.attemptLost(job, `${who} failed (${what})`, e.exitCode);
      return;
    }
    if (rt.exited.size < job.placement.length) return;
    await this.succeed(job, e.at);
  }

  private async onNodeState(node: string, state: NodeState, at: number): Promise<void> {
    const index = this.cluster.nodeByName(node);
    if (index === undefined) return;
    if (this.cluster.nodes[index]!.state === state) return;
    this.journal.append({ t: 'node', at, node, state });
    if (state === 'dead') await nodeDied(this.recoveryHost(), node);
    this.cluster.setNodeState(index, state);
    this.emit({ kind: 'cluster', nodes: this.nodes() });
    if (state === 'ready') this.scheduleSoon('repair');
  }

  // ---------------------------------------------------------------- endings

  /** Tears the current attempt down (ranks killed or fenced) and frees its devices. */
  private async stopAttempt(job: JobRecord, reason: string): Promise<void> {
    const rt = this.rt(job.id);
    rt.stopping = true;
    if (job.attempt > 0 && (job.state !== 'queued' || this.handedToBackend(job))) {
      try {
        await this.backend.kill(job.id, reason);
      } catch (err) {
        this.internalError(err);
      }
    }
    if (this.cluster.devicesOf(job.id).length > 0) this.cluster.release(job.id);
  }

  /** The attempt is lost (a rank failed, a node died, the launch failed): restart from the last checkpoint or fail. */
  private async attemptLost(job: JobRecord, reason: string, exitCode?: number, countsAsRestart = true): Promise<void> {
    const at = this.now();
    const rt = this.rt(job.id);
    // A simulated cluster that vanished with the previous manager is not the job's failure.
    const decision = decideLost(rt, job, countsAsRestart);
    const restarts = decision.restarts;
    // Decided before the attempt is stopped: the nodes that ran it still know its checkpoint folders.
    const resume = decision.next === 'failed' ? undefined : await this.freshResumePoint(job);
    // Work since the later of the attempt's start and its last checkpoint (the one just found included) is lost.
    const { lostSeconds, lostSteps } = lostWork(rt, this.jobsById.get(job.id)!, at);
    await this.stopAttempt(job, reason);
    closeAttempt(this.rt(job.id), at, reason);
    job = this.jobsById.get(job.id)!;
    if (!resume) {
      this.journal.append({ t: 'error', at, jobId: job.id, error: reason, exitCode });
      job = this.update(job.id, { lostGpuSeconds: job.lostGpuSeconds + lostSeconds, error: reason, exitCode });
      this.finish(job, 'failed', job.spec.maxRestarts === 0 ? reason : `${reason}; no restarts left (maxRestarts ${job.spec.maxRestarts})`);
      this.scheduleSoon('failure');
      return;
    }
    job = this.setState(job, 'restarting', reason, at);
    const { resumeFrom, why: resumeWhy } = resume;
    this.journal.append({ t: 'restart', at, jobId: job.id, attempt: job.attempt, restarts, lostGpuSeconds: lostSeconds, lostSteps, resumeFrom, resumeWhy, reason });
    job = this.update(job.id, { restarts, lostGpuSeconds: job.lostGpuSeconds + lostSeconds, resumeFrom, placement: [], step: job.lastCheckpoint?.step ?? job.step });
    rt.lostSteps += lostSteps;
    const what = countsAsRestart ? `restart ${restarts} of ${job.spec.maxRestarts}` : 'queued again';
    this.setState(job, 'queued', `${what}, from ${resumeFrom ?? 'the start'}`, at);
    this.scheduleSoon('failure');
  }

  /**
   * The newest complete checkpoint on the nodes that ran the job (listed now), else the last one
   * reported; a newer one found is journaled as a checkpoint of the attempt.
   */
  private async freshResumePoint(job: JobRecord): Promise<ResumeChoice> {
    let survey: CheckpointSurvey | undefined;
    let failed: string | undefined;
    try {
      survey = await withTimeout(this.backend.surveyCheckpoints ? this.backend.surveyCheckpoints(job) : this.backend.checkpoints(job).then((checkpoints) => ({ checkpoints: [...checkpoints], nodes: [] })), 5000);
    } catch (err) {
      failed = (err as Error).message;
    }
    const choice = chooseResumePoint(survey, job.lastCheckpoint, job.spec.checkpoint?.dir, job.resumeFrom, failed);
    if (choice.checkpoint && choice.checkpoint !== job.lastCheckpoint) {
      this.journal.append({ t: 'checkpoint', at: this.now(), jobId: job.id, attempt: job.attempt, checkpoint: choice.checkpoint });
      const rt = this.rt(job.id);
      rt.checkpoints.set(choice.checkpoint.path, choice.checkpoint);
      const a = rt.attempts.at(-1);
      if (a && a.endedAt === undefined) a.lastCheckpointAt = Math.max(a.lastCheckpointAt ?? 0, choice.checkpoint.mtimeMs);
      this.update(job.id, { lastCheckpoint: choice.checkpoint });
    }
    return choice;
  }

  private resumePoint(job: JobRecord): string | undefined {
    const c = job.lastCheckpoint;
    return c ? checkpointPath(job.spec.checkpoint?.dir, c) : job.resumeFrom;
  }

  private async succeed(job: JobRecord, at: number): Promise<void> {
    const rt = this.rt(job.id);
    rt.stopping = true;
    const { outputs, error } = await fetchOutputs(this.backend, job, outputsDirOf(job, this.state, this.options.outputsDir));
    if (outputs.length > 0) this.journal.append({ t: 'outputs', at: this.now(), jobId: job.id, files: outputs });
    await this.stopAttempt(job, 'job finished');
    closeAttempt(this.rt(job.id), at, 'succeeded');
    // A job a backend placed itself may have run and ended unseen (between two polls, or while no manager ran).
    job = this.toStarting(job, at);
    job = this.update(job.id, { outputs, exitCode: 0, error });
    if (error) {
      this.journal.append({ t: 'error', at, jobId: job.id, error, exitCode: 0 });
      this.finish(job, 'failed', error);
    } else {
      this.finish(job, 'succeeded', 'every rank exited with 0');
    }
    this.scheduleSoon('completion');
  }

  /** Moves the job to a final state, writes its report and wakes its waiters. */
  private finish(job: JobRecord, state: Extract<JobState, 'succeeded' | 'failed' | 'cancelled'>, reason: string): JobRecord {
    const at = this.now();
    closeAttempt(this.rt(job.id), at, state);
    if (this.cluster.devicesOf(job.id).length > 0) this.cluster.release(job.id);
    this.scheduler.forget(job.id);
    // Progress is journaled sparsely while running; the last figure goes in with the end.
    if (job.step !== undefined) this.journal.append({ t: 'progress', at, jobId: job.id, step: job.step, totalSteps: job.totalSteps });
    job = this.setState(job, state, reason, at);
    const rt = this.rt(job.id);
    rt.report = buildReport(job, rt.attempts, rt.submittedAt, at, rt.lostSteps);
    const path = this.state.reportPath(job.id);
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileAtomic(path, JSON.stringify(rt.report, null, 2) + '\n');
      this.journal.append({ t: 'report', at, jobId: job.id, path });
      job = this.update(job.id, { reportPath: path });
    } catch (err) {
      this.internalError(err);
    }
    this.mirror.closeJob(job.id);
    const waiting = this.waiters.get(job.id);
    this.waiters.delete(job.id);
    for (const w of waiting ?? []) w(job);
    return job;
  }

  private checkTimeLimits(): void {
    const now = this.now();
    for (const job of this.jobsById.values()) {
      const a = holdsDevices(job.state) ? pastTimeLimit(this.rt(job.id), job, now) : undefined;
      if (!a) continue;
      void this.enqueue(async () => {
        const current = this.jobsById.get(job.id)!;
        if (!holdsDevices(current.state) || current.attempt !== a.attempt) return;
        const why = `ran past its time limit of ${job.spec.timeLimit}`;
        await this.stopAttempt(current, why);
        this.journal.append({ t: 'error', at: this.now(), jobId: job.id, error: why });
        this.finish(this.update(job.id, { error: why }), 'failed', why);
        this.scheduleSoon('completion');
      });
    }
  }

  // ---------------------------------------------------------------- requests from other processes

  private takeRequests(): void {
    let requests;
    try {
      requests = this.state.takeRequests();
    } catch {
      return;
    }
    for (const r of requests) {
      if (r.kind === 'cancel' && this.jobsById.has(r.jobId)) void this.cancel(r.jobId, r.reason).catch((err) => this.internalError(err));
    }
  }

  // ---------------------------------------------------------------- records

  private newId(name: string): string {
    this.idCounter++;
    return `${name}-${this.idCounter}`;
  }

  private rt(jobId: string): Runtime {
    let rt = this.runtime.get(jobId);
    if (!rt) this.runtime.set(jobId, (rt = newRuntime(this.now())));
    return rt;
  }

  private mustGet(jobId: string): JobRecord {
    const job = this.jobsById.get(jobId);
    if (!job) throw new Error(`no job "${jobId}"`);
    return job;
  }

  private setState(job: JobRecord, to: JobState, reason?: string, at = this.now()): JobRecord {
    const current = this.jobsById.get(job.id) ?? job;
    const next = transition(current, to, at, reason);
    this.journal.append({ t: 'state', at, jobId: job.id, state: to, reason });
    this.jobsById.set(job.id, next);
    // Only queued jobs are checked against the cluster's shape; a check of a job that left the queue is stale.
    if (to !== 'queued') this.rounds.leftQueue(job.id);
    this.emitJob(next);
    return next;
  }

  private update(jobId: string, patch: Partial<JobRecord>): JobRecord {
    const current = this.mustGet(jobId);
    const next = { ...current, ...patch };
    this.jobsById.set(jobId, next);
    this.emitJob(next);
    return next;
  }

  private emitJob(job: JobRecord): void {
    this.emit({ kind: 'job', job });
  }

  private emit(change: ControllerChange): void {
    for (const l of this.listeners) {
      try {
        l(change);
      } catch (err) {
        this.internalError(err);
      }
    }
  }
}

function readReport(path: string): JobReport | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as JobReport;
  } catch {
    return undefined;
  }
}
