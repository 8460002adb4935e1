/**
 * The Slurm backend: Slurm allocates, OpenClaw submits, watches and reports.
 *
 *   launch   -> job.json + batch.sh in <sharedDir>/jobs/<job>/, `sbatch --parsable`
 *   watching -> squeue/sacct/scontrol polled with back-off; states become placed/started/exited
 *               events, rank log files are followed into log and metric events, new checkpoints
 *               into checkpoint events
 *   kill     -> scancel
 *   nodes    -> scontrol show node (the cluster file's partition)
 *
 * Locally (OpenClaw on the login node) or through `ssh` to a login node named in the cluster file.
 */
import { CheckpointContentsSchema, type CheckpointContents } from '../../../core/checkpoint-contents/contents';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, posix, resolve } from 'node:path';
import { writeFile } from 'node:fs/promises';
import type { CheckpointInfo } from '../../../core/checkpoint';
import { CheckpointFormat } from '../../../core/checkpoint';
import type { SlurmClusterFile } from '../../../core/cluster-file';
import type { NodeInfo } from '../../../core/device';
import type { BackendEvent } from '../../../core/events';
import type { JobRecord, RankPlacement } from '../../../core/job';
import { isTerminal } from '../../../core/job-state';
import { printedForms } from '../../../core/job-spec';
import { EVENT_FILE, EventFileReader, samplesByStep } from '../../../core/metrics/event-file';
import { lastProgressSegment, parsePrintedMetric } from '../../../core/metrics/printed';
import type { AttachResult, Backend, FetchedOutput, LogChunk, LogOptions } from '../../api';
import { batchScript } from './batch-script';
import { partitionNodes } from './cluster-view';
import { LocalFiles, RemoteFiles, type ClusterFiles } from './files';
import type { SlurmJobStatus } from './job-status';
import { parseSlurmVersion, preferredFormat, QueueReader, type QueueFormat } from './queue-reader';
import type { RankPlan } from './rank-plan';
import { gpuIndicesOfJob, parseScontrolNodes } from './scontrol';
import { defaultSshOptions, firstError, LocalShell, SshShell, type Shell } from './shell';
import { endReason, isEnded, slurmPhase, type SlurmPhase } from './state';

export interface SlurmBackendOptions {
  /** Runs Slurm's commands; default: local, or `ssh <cluster.ssh>`. */
  shell?: Shell;
  /** The bundled rank launcher (dist/slurm-rank.js); found beside this bundle or in dist/ by default. */
  rankBundle?: string;
  /** Folder relative `sharedDir` paths resolve against when local (the cluster file's folder). */
  baseDir?: string;
  /** Fastest and slowest poll intervals (ms); default 500 and the cluster file's pollSeconds. */
  minPollMs?: number;
  maxPollMs?: number;
  /** squeue output to read; default: --json on Slurm 23.02+, the formatted output before. */
  queueFormat?: QueueFormat;
  /** Seconds between refreshes of the node list (default 30). */
  nodeRefreshSeconds?: number;
  /** Called with problems the backend works around (a failed poll, an unreachable login node). */
  onWarning?: (message: string) => void;
}

interface Tracked {
  job: JobRecord;
  attempt: number;
  slurmId: string;
  jobDir: string;
  checkpointDir: string;
  phase?: SlurmPhase;
  reason?: string;
  restarts: number;
  placed: boolean;
  started: boolean;
  ended: boolean;
  /** Bytes of each rank log already turned into events. */
  offsets: Map<number, number>;
  /** Partial last line of each rank log. */
  partial: Map<number, string>;
  seenCheckpoints: Set<string>;
  lastCheckpointScan: number;
  /** TensorBoard event files of the job on the shared folder, each read up to `offset`. */
  eventFiles: Map<string, { offset: number; reader: EventFileReader }>;
  lastEventScan: number;
}

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const READ_CHUNK = 256 * 1024;

/** Bytes of `buf` that end on a whole UTF-8 character (a multi-byte character cut at the end waits). */
export function wholeUtf8Length(buf: Buffer): number {
  let i = buf.length - 1;
  let back = 0;
  while (i >= 0 && back < 4 && (buf[i]! & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i < 0) return buf.length;
  const lead = buf[i]!;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return buf.length - i < need ? i : buf.length;
}

function findRankBundle(): string | undefined {
  const candidates = [join(__dirname, 'slurm-rank.js')];
  for (let dir = __dirname, i = 0; i < 8; i++, dir = dirname(dir)) candidates.push(join(dir, 'dist', 'slurm-rank.js'));
  return candidates.find((p) => existsSync(p));
}

export class SlurmBackend implements Backend {
  readonly kind = 'slurm' as const;
  readonly allocation = 'backend' as const;
  private readonly shell: Shell;
  private readonly files: ClusterFiles;
  private readonly reader: QueueReader;
  private emit: (e: BackendEvent) => void = () => undefined;
  private nodeList: NodeInfo[] = [];
  /** GPU types as the nodes' GRES spell them ("A100", "a100-80g"). */
  private gresTypes: string[] = [];
  private readonly tracked = new Map<string, Tracked>();
  private timer: NodeJS.Timeout | undefined;
  private pollMs: number;
  private polling: Promise<void> | undefined;
  private disposed = false;
  private lastNodeRefresh = 0;
  private shared: string | undefined;
  /** Installed once: concurrent callers (a launch, a checkpoint listing) share the one install. */
  private runtime: Promise<{ node: string; rankScript: string }> | undefined;

  constructor(
    readonly cluster: SlurmClusterFile,
    private readonly options: SlurmBackendOptions = {},
  ) {
    if (options.shell) this.shell = options.shell;
    else if (cluster.ssh) {
      const control = join(tmpdir(), `openclaw-ssh-${process.getuid?.() ?? 'u'}`);
      mkdirSync(control, { recursive: true, mode: 0o700 });
      this.shell = new SshShell(cluster.ssh, defaultSshOptions(control));
    } else this.shell = new LocalShell();
    this.files = this.shell.remote ? new RemoteFiles(this.shell) : new LocalFiles();
    this.reader = new QueueReader(this.shell, options.queueFormat ?? 'text');
    this.pollMs = this.minPoll;
  }

  private get minPoll(): number {
    return this.options.minPollMs ?? 500;
  }
  private get maxPoll(): number {
    return this.options.maxPollMs ?? this.cluster.pollSeconds * 1000;
  }

  // ------------------------------------------------------------------ lifecycle

  async start(emit: (event: BackendEvent) => void): Promise<void> {
    this.emit = emit;
    const version = await this.shell.run(['sinfo', '--version']);
    if (version.code !== 0) throw new Error(`Slurm is not reachable (${this.shell.where}): ${firstError(version)}`);
    if (!this.options.queueFormat) this.reader.format = preferredFormat(parseSlurmVersion(version.stdout));
    await this.refreshNodes(true);
    // An unknown partition is not refused here: sbatch refuses the job with Slurm's own words.
    if (!this.nodeList.length) this.options.onWarning?.(`Slurm has no nodes in partition ${JSON.stringify(this.cluster.partition)}`);
    this.schedule();
  }

  nodes(): readonly NodeInfo[] {
    return this.nodeList;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.polling?.catch(() => undefined);
    // A shell handed in by the caller is the caller's to close.
    if (!this.options.shell) await this.shell.close?.();
  }

  // ------------------------------------------------------------------ paths

  /** The shared folder on the cluster, absolute. */
  async sharedDir(): Promise<string> {
    if (this.shared) return this.shared;
    const configured = this.cluster.sharedDir ?? '~/.openclaw/slurm';
    if (!this.shell.remote) {
      const expanded = configured.replace(/^~(?=$|\/)/, homedir());
      this.shared = resolve(this.options.baseDir ?? process.cwd(), expanded);
    } else {
      const home = await this.shell.run(['sh', '-c', 'printf %s "$HOME"']);
      if (home.code !== 0) throw new Error(`${this.shell.where}: ${firstError(home)}`);
      const expanded = configured.replace(/^~(?=$|\/)/, home.stdout);
      this.shared = posix.isAbsolute(expanded) ? expanded : posix.join(home.stdout, expanded);
    }
    return this.shared;
  }

  /** The job's folder on the shared file system (stable for the job's whole life). */
  async jobDir(job: Pick<JobRecord, 'id' | 'history'>): Promise<string> {
    return posix.join(await this.sharedDir(), 'jobs', jobFolderName(job));
  }

  /** Relative checkpoint folders live in the job's folder; absolute ones (local only) stay where they are. */
  private checkpointDirOf(job: JobRecord, jobDir: string): string {
    const dir = job.spec.checkpoint?.dir ?? 'checkpoints';
    if (!isAbsolute(dir)) return posix.join(jobDir, dir);
    return this.shell.remote ? posix.join(jobDir, 'checkpoints') : dir;
  }

  /** Node.js and the rank launcher, installed once per version in the shared folder. */
  private ensureRuntime(): Promise<{ node: string; rankScript: string }> {
    this.runtime ??= this.installRuntime();
    // A failed install is tried again at the next call.
    this.runtime.catch(() => (this.runtime = undefined));
    return this.runtime;
  }

  private async installRuntime(): Promise<{ node: string; rankScript: string }> {
    const bundle = this.options.rankBundle ?? findRankBundle();
    if (!bundle || !existsSync(bundle)) throw new Error('the rank launcher dist/slurm-rank.js is missing: run the build first');
    const hash = createHash('sha256').update(readFileSync(bundle)).digest('hex').slice(0, 12);
    const dir = posix.join(await this.sharedDir(), '.openclaw');
    const rankScript = posix.join(dir, `slurm-rank-${hash}.js`);
    await this.files.install(bundle, rankScript, 0o644);
    let node = this.cluster.node;
    if (!node) {
      // Locally, this Node is copied next to the launcher so that compute nodes without Node run it too.
      if (!this.shell.remote && /^node(\.exe)?$/.test(basename(process.execPath))) {
        node = posix.join(dir, `node-${process.version}`);
        await this.files.install(process.execPath, node, 0o755);
      } else node = 'node';
    }
    return { node, rankScript };
  }

  /** The folder the ranks run in, on the cluster: the spec's workdir, uploaded first over SSH. */
  private async workdirOf(job: JobRecord, jobDir: string): Promise<string> {
    const local = job.spec.workdir ?? (job.specPath ? dirname(job.specPath) : process.cwd());
    if (!this.shell.remote) return local;
    if (!existsSync(local) || !statSync(local).isDirectory()) return local; // a path on the cluster
    const remote = posix.join(jobDir, 'work');
    await this.upload(local, remote);
    return remote;
  }

  /** Copies a local folder to the cluster through tar over the SSH connection. */
  private async upload(localDir: string, remoteDir: string): Promise<void> {
    const excludes = ['.git', 'node_modules', '__pycache__', '.venv', '.openclaw', 'checkpoints'].flatMap((e) => [`--exclude=${e}`]);
    const tar = spawn('tar', ['-C', localDir, ...excludes, '-cf', '-', '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const result = await this.shell.run(['sh', '-c', 'mkdir -p -- "$1" && tar -C "$1" -xf -', 'sh', remoteDir], { input: tar.stdout });
    if (result.code !== 0) throw new Error(`uploading ${localDir} to ${this.shell.where}:${remoteDir}: ${firstError(result)}`);
  }

  // ------------------------------------------------------------------ launch and kill

  async launch(job: JobRecord, _placement: readonly RankPlacement[], options: { resumeFrom?: string; attempt: number }): Promise<void> {
    const jobDir = await this.jobDir(job);
    const checkpointDir = this.checkpointDirOf(job, jobDir);
    // A submission of this very attempt that is still alive (the manager restarted mid-launch) is reused.
    const previous = await this.submissionOf(jobDir, options.attempt);
    if (previous) {
      const status = (await this.reader.read([previous])).get(previous);
      if (status && !isEnded(slurmPhase(status.state))) {
        this.track(job, options.attempt, previous, jobDir, checkpointDir);
        return;
      }
    }
    const runtime = await this.ensureRuntime();
    await this.files.mkdirp(posix.join(jobDir, 'logs'));
    await this.files.mkdirp(checkpointDir);
    const workdir = await this.workdirOf(job, jobDir);
    const spec = job.spec;
    const plan: RankPlan = {
      jobId: job.id,
      launcher: spec.launcher,
      command: spec.command,
      env: spec.env,
      nodes: spec.resources.nodes,
      processesPerNode: spec.resources.processesPerNode,
      gpusPerProcess: spec.resources.gpusPerProcess,
      checkpointDir,
      attempt: options.attempt,
    };
    if (options.resumeFrom) plan.resumeFrom = options.resumeFrom;
    const script = batchScript({
      jobId: job.id,
      spec,
      partition: this.cluster.partition,
      account: this.cluster.account,
      defaultTimeLimit: this.cluster.timeLimit,
      jobDir,
      workdir,
      node: runtime.node,
      rankScript: runtime.rankScript,
      gpuOption: this.cluster.gpuOption,
      gpuType: this.gpuTypeFor(spec.resources.deviceModel),
    });
    await this.files.writeFile(posix.join(jobDir, 'job.json'), `${JSON.stringify(plan, null, 2)}\n`);
    const scriptPath = posix.join(jobDir, `batch-${options.attempt}.sh`);
    await this.files.writeFile(scriptPath, script, 0o755);
    const result = await this.shell.run(['sbatch', '--parsable', scriptPath]);
    if (result.code !== 0) throw new Error(firstError(result));
    const slurmId = result.stdout.trim().split(';')[0]!.split('\n').pop()!.trim();
    if (!/^\d+(_\d+)?$/.test(slurmId)) throw new Error(`sbatch printed no job id: ${JSON.stringify(result.stdout.trim())}`);
    await this.recordSubmission(jobDir, options.attempt, slurmId);
    this.track(job, options.attempt, slurmId, jobDir, checkpointDir);
  }

  /** The GPU type as this cluster's GRES spell it (a100 -> A100 where the nodes say so). */
  private gpuTypeFor(model: string | undefined): string | undefined {
    if (!model) return undefined;
    return this.gresTypes.find((t) => t.toLowerCase() === model.toLowerCase()) ?? model;
  }

  private track(job: JobRecord, attempt: number, slurmId: string, jobDir: string, checkpointDir: string): Tracked {
    const t: Tracked = {
      job,
      attempt,
      slurmId,
      jobDir,
      checkpointDir,
      restarts: 0,
      placed: false,
      started: false,
      ended: false,
      offsets: new Map(),
      partial: new Map(),
      seenCheckpoints: new Set(),
      lastCheckpointScan: 0,
      eventFiles: new Map(),
      lastEventScan: 0,
    };
    this.tracked.set(job.id, t);
    this.pollSoon();
    return t;
  }

  private async recordSubmission(jobDir: string, attempt: number, slurmId: string): Promise<void> {
    const path = posix.join(jobDir, 'submissions.json');
    const current = await this.submissions(jobDir);
    current[String(attempt)] = slurmId;
    await this.files.writeFile(path, `${JSON.stringify(current)}\n`);
  }

  private async submissions(jobDir: string): Promise<Record<string, string>> {
    const raw = (await this.files.read(posix.join(jobDir, 'submissions.json'), 0, 1 << 20)).toString('utf8');
    try {
      const parsed = JSON.parse(raw) as unknown;
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
    } catch {
      return {};
    }
  }

  private async submissionOf(jobDir: string, attempt: number): Promise<string | undefined> {
    return (await this.submissions(jobDir))[String(attempt)];
  }

  /** The Slurm job id of a job's current submission, if OpenClaw submitted it. */
  slurmJobId(jobId: string): string | undefined {
    return this.tracked.get(jobId)?.slurmId;
  }

  async kill(jobId: string, _reason: string): Promise<void> {
    const t = this.tracked.get(jobId);
    if (!t || t.ended) return;
    const result = await this.shell.run(['scancel', t.slurmId]);
    if (result.code !== 0 && !/Invalid job id|already completing or completed/i.test(result.stderr)) {
      throw new Error(`scancel ${t.slurmId}: ${firstError(result)}`);
    }
    this.pollSoon();
  }

  async attach(job: JobRecord, _placement: readonly RankPlacement[], attempt: number, options?: { logOffsets?: ReadonlyMap<number, number> }): Promise<AttachResult> {
    const jobDir = await this.jobDir(job);
    const slurmId = await this.submissionOf(jobDir, attempt);
    const ranks = Array.from({ length: job.spec.resources.nodes * job.spec.resources.processesPerNode }, (_, r) => r);
    if (!slurmId) return { running: [], exited: [], missing: ranks };
    const status = (await this.reader.read([slurmId])).get(slurmId);
    if (!status) return { running: [], exited: [], missing: ranks };
    const t = this.track(job, attempt, slurmId, jobDir, this.checkpointDirOf(job, jobDir));
    for (const [rank, offset] of options?.logOffsets ?? []) t.offsets.set(rank, offset);
    // Requeues before now were reported to the manager that saw them.
    t.restarts = status.restarts ?? 0;
    const phase = slurmPhase(status.state);
    if (isEnded(phase)) {
      const { exitCode } = exitOf(status, phase);
      await this.followLogs(t, true);
      t.ended = true;
      return { running: [], exited: ranks.map((rank) => ({ rank, exitCode })), missing: [] };
    }
    // Pending or running: the poll loop reports it from here on.
    return { running: phase === 'running' ? ranks : [], exited: [], missing: [] };
  }

  // ------------------------------------------------------------------ polling

  private schedule(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.polling = this.pollOnce().finally(() => {
        this.polling = undefined;
        this.schedule();
      });
    }, this.pollMs);
  }

  /** Polls fast for a while after an action; the back-off resumes when nothing changes. */
  private pollSoon(): void {
    this.pollMs = this.minPoll;
    if (!this.polling) this.schedule();
  }

  private async pollOnce(): Promise<void> {
    let changed = false;
    try {
      const active = [...this.tracked.values()].filter((t) => !t.ended);
      if (active.length > 0) {
        const statuses = await this.reader.read(active.map((t) => t.slurmId));
        for (const t of active) {
          if (this.disposed) return;
          const status = statuses.get(t.slurmId);
          changed = (await this.update(t, status)) || changed;
        }
      }
      const now = Date.now();
      if (now - this.lastNodeRefresh >= (this.options.nodeRefreshSeconds ?? 30) * 1000) await this.refreshNodes(false);
    } catch (err) {
      this.options.onWarning?.(`Slurm poll failed (${this.shell.where}): ${(err as Error).message}`);
    }
    const anyActive = [...this.tracked.values()].some((t) => !t.ended);
    this.pollMs = changed ? this.minPoll : Math.min(this.maxPoll, Math.round(this.pollMs * 1.5));
    if (!anyActive) this.pollMs = this.maxPoll;
  }

  /** Turns one job's new status into events; true when something changed. */
  private async update(t: Tracked, status: SlurmJobStatus | undefined): Promise<boolean> {
    const at = Date.now();
    const base = { jobId: t.job.id, at, attempt: t.attempt };
    if (!status) {
      // Neither squeue, sacct nor scontrol knows it any more: it ended long ago, unseen.
      await this.followLogs(t, true);
      t.ended = true;
      this.emit({ ...base, kind: 'exited', exitCode: 1 });
      return true;
    }
    const phase = slurmPhase(status.state);
    let changed = phase !== t.phase;
    const wasRunning = t.phase === 'running' || t.phase === 'configuring';
    const restarts = status.restarts ?? t.restarts;
    if (restarts > t.restarts || phase === 'requeued' || (wasRunning && phase === 'pending')) {
      if (t.started || restarts > t.restarts) {
        this.emit({ ...base, kind: 'requeued', reason: endReason(status.state, status.reason) });
        t.placed = false;
        t.started = false;
        // The next pending reason is news again (the manager shows it while the job waits).
        t.reason = undefined;
        changed = true;
        // One requeue, once: Slurm's restart count may catch up only at a later poll.
        t.restarts = Math.max(restarts, t.restarts + 1);
      }
      t.restarts = Math.max(restarts, t.restarts);
    }
    if (phase === 'pending') {
      const reason = describePending(status.reason);
      if (reason !== t.reason) {
        t.reason = reason;
        this.emit({ ...base, kind: 'waiting', reason });
        changed = true;
      }
    }
    if ((phase === 'configuring' || phase === 'running' || isEnded(phase)) && !t.placed && status.nodes.length > 0) {
      t.placed = true;
      let gpuIndices: Map<string, number[]> | undefined;
      if (t.job.spec.resources.gpusPerProcess > 0) {
        const detail = await this.shell.run(['scontrol', 'show', 'job', '-d', t.slurmId]);
        if (detail.code === 0) gpuIndices = gpuIndicesOfJob(detail.stdout);
      }
      this.emit({ ...base, kind: 'placed', placement: placementOf(t.job, status.nodes, gpuIndices) });
    }
    // A job that ran and ended between two polls still reports that it started.
    if ((phase === 'running' || (isEnded(phase) && status.startTime !== undefined && status.nodes.length > 0)) && !t.started) {
      t.started = true;
      this.emit({ ...base, kind: 'started', at: status.startTime ?? at });
    }
    t.phase = phase;
    if (phase === 'running' || isEnded(phase)) {
      if (await this.followLogs(t, isEnded(phase))) changed = true;
      if (t.job.spec.metrics?.tensorboard !== false) {
        await this.followEventFiles(t, isEnded(phase) || at - t.lastEventScan >= 3000).catch((err: Error) => this.options.onWarning?.(`event files of ${t.job.id}: ${err.message}`));
        if (isEnded(phase) || at - t.lastEventScan >= 3000) t.lastEventScan = at;
      }
      if (isEnded(phase) || at - t.lastCheckpointScan >= 3000) {
        t.lastCheckpointScan = at;
        await this.reportCheckpoints(t).catch((err: Error) => this.options.onWarning?.(`checkpoints of ${t.job.id}: ${err.message}`));
      }
    }
    if (isEnded(phase)) {
      t.ended = true;
      const { exitCode, signal } = exitOf(status, phase);
      if (!t.started && phase !== 'cancelled') {
        // It ended before running (a launch failure): say why in its log.
        this.emit({ ...base, kind: 'log', rank: 0, stream: 'stderr', line: `[openclaw] ${endReason(status.state, status.reason)}` });
      }
      const exited: BackendEvent = signal ? { ...base, kind: 'exited', exitCode, signal } : { ...base, kind: 'exited', exitCode };
      this.emit(exited);
      changed = true;
    }
    return changed;
  }

  // ------------------------------------------------------------------ logs

  private rankLogPath(t: Pick<Tracked, 'jobDir' | 'job'>, rank: number): string {
    const torchrun = t.job.spec.launcher === 'torchrun';
    const file = torchrun ? `node-${Math.floor(rank / t.job.spec.resources.processesPerNode)}.log` : `rank-${rank}.log`;
    return posix.join(t.jobDir, 'logs', file);
  }

  /** Ranks that have a log file of their own (torchrun: the first rank of each node). */
  private logRanks(job: JobRecord): number[] {
    const { nodes, processesPerNode } = job.spec.resources;
    if (job.spec.launcher === 'torchrun') return Array.from({ length: nodes }, (_, n) => n * processesPerNode);
    return Array.from({ length: nodes * processesPerNode }, (_, r) => r);
  }

  /** New lines of every rank log as log and metric events (rank 0's holds the batch step's output too). */
  private async followLogs(t: Tracked, final: boolean): Promise<boolean> {
    let any = false;
    // Every rank's new bytes in one read (one SSH round trip), again while some file had more.
    let ranks = this.logRanks(t.job);
    while (ranks.length > 0) {
      const bufs = await this.files.readMany(ranks.map((rank) => ({ path: this.rankLogPath(t, rank), offset: t.offsets.get(rank) ?? 0 })), READ_CHUNK);
      const more: number[] = [];
      ranks.forEach((rank, i) => {
        const buf = bufs[i]!;
        if (buf.length === 0) return;
        const n = wholeUtf8Length(buf);
        t.offsets.set(rank, (t.offsets.get(rank) ?? 0) + n);
        const text = (t.partial.get(rank) ?? '') + buf.subarray(0, n).toString('utf8');
        const lines = text.split('\n');
        const unfinished = lines.pop() ?? '';
        t.partial.set(rank, unfinished);
        for (const line of lines) this.emitLine(t, rank, line, 'stdout');
        // A progress bar rewriting its line with \r: its latest state, before the line ends.
        const segment = rank === 0 ? lastProgressSegment(unfinished) : undefined;
        const metric = segment === undefined ? undefined : parsePrintedMetric(segment, printedForms(t.job.spec));
        if (metric) this.emit({ kind: 'metric', jobId: t.job.id, at: Date.now(), rank, metric, attempt: t.attempt });
        any = true;
        if (buf.length >= READ_CHUNK) more.push(rank);
      });
      ranks = more;
    }
    for (const rank of this.logRanks(t.job)) {
      if (final) {
        const rest = t.partial.get(rank);
        if (rest) this.emitLine(t, rank, rest, 'stdout');
        t.partial.delete(rank);
      }
    }
    return any;
  }

  private emitLine(t: Tracked, rank: number, line: string, stream: 'stdout' | 'stderr'): void {
    const at = Date.now();
    this.emit({ kind: 'log', jobId: t.job.id, at, rank, stream, line, attempt: t.attempt });
    const metric = rank === 0 ? parsePrintedMetric(line, printedForms(t.job.spec)) : undefined;
    if (metric) this.emit({ kind: 'metric', jobId: t.job.id, at, rank, metric, attempt: t.attempt });
  }

  async *logs(job: JobRecord, options: LogOptions): AsyncIterable<LogChunk> {
    const jobDir = await this.jobDir(job);
    const where = { jobDir, job };
    const ranks = options.rank !== undefined ? [options.rank] : this.logRanks(job);
    const offsets = new Map<number, number>();
    for (const rank of ranks) {
      const size = (await this.files.size(this.rankLogPath(where, rank))) ?? 0;
      offsets.set(rank, options.tailBytes !== undefined ? Math.max(0, size - options.tailBytes) : 0);
    }
    for (;;) {
      const endedBefore = !options.follow || this.hasEnded(job);
      let read = false;
      for (const rank of ranks) {
        for (;;) {
          if (options.signal?.aborted) return;
          const offset = offsets.get(rank)!;
          const buf = await this.files.read(this.rankLogPath(where, rank), offset, READ_CHUNK);
          const n = endedBefore ? buf.length : wholeUtf8Length(buf);
          if (n === 0) break;
          offsets.set(rank, offset + n);
          read = true;
          yield { rank, attempt: this.tracked.get(job.id)?.attempt, offset, text: buf.subarray(0, n).toString('utf8') };
          if (buf.length < READ_CHUNK) break;
        }
      }
      if (endedBefore || options.signal?.aborted) return;
      if (!read) await sleep(300, options.signal);
    }
  }

  private hasEnded(job: JobRecord): boolean {
    const t = this.tracked.get(job.id);
    if (t) return t.ended;
    return isTerminal(job.state);
  }

  // ------------------------------------------------------------------ checkpoints

  async checkpoints(job: JobRecord): Promise<readonly CheckpointInfo[]> {
    const jobDir = this.tracked.get(job.id)?.jobDir ?? (await this.jobDir(job));
    return this.listCheckpoints(this.checkpointDirOf(job, jobDir));
  }

  async inspectCheckpoint(job: JobRecord, checkpoint: Pick<CheckpointInfo, 'path'>): Promise<CheckpointContents> {
    const jobDir = this.tracked.get(job.id)?.jobDir ?? (await this.jobDir(job));
    // Read where the files are (the login node), by the same inspector the agents run.
    const runtime = await this.ensureRuntime();
    const r = await this.shell.run([runtime.node, runtime.rankScript, 'inspect', this.checkpointDirOf(job, jobDir), checkpoint.path]);
    if (r.code !== 0) throw new Error(firstError(r));
    return CheckpointContentsSchema.parse(JSON.parse(r.stdout));
  }

  private async listCheckpoints(dir: string): Promise<CheckpointInfo[]> {
    // The node agent's format recogniser, run where the files are (the login node) inside the
    // installed rank launcher: the job manager does not import the agent.
    const runtime = await this.ensureRuntime();
    const r = await this.shell.run([runtime.node, runtime.rankScript, 'checkpoints', dir]);
    if (r.code !== 0) throw new Error(firstError(r));
    const found = JSON.parse(r.stdout) as unknown[];
    return found.map((c) => toCheckpointInfo(c as Record<string, unknown>));
  }

  private async reportCheckpoints(t: Tracked): Promise<void> {
    for (const c of await this.listCheckpoints(t.checkpointDir)) {
      const key = `${c.path}@${c.mtimeMs}`;
      if (!c.complete || t.seenCheckpoints.has(key)) continue;
      t.seenCheckpoints.add(key);
      this.emit({ kind: 'checkpoint', jobId: t.job.id, at: Date.now(), checkpoint: c, attempt: t.attempt });
    }
  }

  // ------------------------------------------------------------------ TensorBoard event files

  /**
   * The scalars of the job's TensorBoard event files, read from the shared folder as they grow (what
   * the agents do on their nodes): found under the run folder and the checkpoint folder when `scan`,
   * every followed file's new bytes in one read.
   */
  private async followEventFiles(t: Tracked, scan: boolean): Promise<void> {
    if (scan) {
      for (const dir of new Set([this.runDirOf(t.job, t.jobDir), t.checkpointDir])) {
        for (const e of await this.files.list(dir, 5000)) {
          const path = posix.join(dir, e.path);
          if (e.type === 'file' && EVENT_FILE.test(posix.basename(e.path)) && !t.eventFiles.has(path) && t.eventFiles.size < 64) t.eventFiles.set(path, { offset: 0, reader: new EventFileReader() });
        }
      }
    }
    let files = [...t.eventFiles.entries()];
    while (files.length > 0) {
      const bufs = await this.files.readMany(files.map(([path, f]) => ({ path, offset: f.offset })), READ_CHUNK);
      const more: typeof files = [];
      files.forEach(([path, f], i) => {
        const buf = bufs[i]!;
        if (buf.length === 0) return;
        f.offset += buf.length;
        // One sample per step, as the agents report them.
        for (const sample of samplesByStep(f.reader.push(buf).points)) {
          this.emit({ kind: 'metric', jobId: t.job.id, at: sample.atMs, rank: 0, metric: { step: sample.step, values: sample.values }, attempt: t.attempt });
        }
        if (buf.length >= READ_CHUNK) more.push([path, f]);
      });
      files = more;
    }
  }

  /** Where the ranks run on the cluster (the workdir, or its uploaded copy over SSH). */
  private runDirOf(job: JobRecord, jobDir: string): string {
    const local = job.spec.workdir ?? (job.specPath ? dirname(job.specPath) : process.cwd());
    return this.shell.remote && existsSync(local) ? posix.join(jobDir, 'work') : local;
  }

  // ------------------------------------------------------------------ outputs

  async fetchOutputs(job: JobRecord, destDir: string): Promise<FetchedOutput[]> {
    const workdir = this.runDirOf(job, await this.jobDir(job));
    const out: FetchedOutput[] = [];
    for (const rel of job.spec.outputs) {
      const src = isAbsolute(rel) ? rel : posix.join(workdir, rel);
      const size = await this.files.size(src);
      if (size === undefined) throw new Error(`output ${rel} was not written (${src})`);
      const bytes = await this.files.read(src, 0, size);
      const localPath = join(destDir, rel);
      mkdirSync(dirname(localPath), { recursive: true });
      await writeFile(localPath, bytes);
      out.push({ path: rel, localPath, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    }
    return out;
  }

  // ------------------------------------------------------------------ nodes

  private async refreshNodes(first: boolean): Promise<void> {
    this.lastNodeRefresh = Date.now();
    const r = await this.shell.run(['scontrol', 'show', 'node', '-o']);
    if (r.code !== 0) throw new Error(`scontrol show node: ${firstError(r)}`);
    const raw = parseScontrolNodes(r.stdout);
    const next = partitionNodes(raw, this.cluster.partition);
    this.gresTypes = [...new Set(raw.flatMap((n) => [...n.gres.matchAll(/gpu:([^:(),]+):\d/g)].map((m) => m[1]!)))];
    if (!first) {
      const before = new Map(this.nodeList.map((n) => [n.name, n]));
      for (const n of next) {
        const old = before.get(n.name);
        if (!old) this.emit({ kind: 'node-added', at: Date.now(), node: n });
        else if (old.state !== n.state) this.emit({ kind: 'node-state', at: Date.now(), node: n.name, state: n.state });
      }
      for (const name of before.keys()) if (!next.some((n) => n.name === name)) this.emit({ kind: 'node-lost', at: Date.now(), node: name });
    }
    this.nodeList = next;
  }
}

/**
 * `<job id>-<submission time>`: job ids are unique within one manager's state folder only, and
 * several managers (workspaces, users) may share one sharedDir.
 */
export function jobFolderName(job: Pick<JobRecord, 'id' | 'history'>): string {
  if (!SAFE_ID.test(job.id)) throw new Error(`job id ${JSON.stringify(job.id)} is not usable as a folder name`);
  const submitted = job.history[0]?.at;
  return submitted === undefined ? job.id : `${job.id}-${Math.round(submitted).toString(36)}`;
}

/** Slurm's pending reasons in words a user can act on. */
export function describePending(reason: string | undefined): string {
  const words: Record<string, string> = {
    Priority: 'waiting in Slurm\'s queue behind higher-priority jobs',
    Resources: 'waiting for nodes to become free',
    None: 'waiting in Slurm\'s queue',
    BeginTime: 'waiting for its begin time',
    Dependency: 'waiting for a job it depends on',
    QOSMaxJobsPerUserLimit: 'waiting: the QOS limit on running jobs per user is reached',
    AssocGrpGRES: 'waiting: the account\'s GPU limit is reached',
    ReqNodeNotAvail: 'waiting: a requested node is not available',
    PartitionTimeLimit: 'held: the time limit exceeds the partition\'s',
    JobHeldUser: 'held by the user (scontrol release)',
    JobHeldAdmin: 'held by an administrator',
  };
  if (!reason) return words.None!;
  const key = reason.replace(/,.*$/, '');
  return words[key] ? `${words[key]} (Slurm: ${reason})` : `pending in Slurm: ${reason}`;
}

/** Ranks laid out node by node over the allocated hosts (SLURM_NODEID order, as srun's block distribution does). */
export function placementOf(job: JobRecord, hosts: readonly string[], gpuIndices?: ReadonlyMap<string, readonly number[]>): RankPlacement[] {
  const { nodes, processesPerNode, gpusPerProcess } = job.spec.resources;
  const out: RankPlacement[] = [];
  for (let n = 0; n < nodes; n++) {
    const node = hosts[n] ?? hosts[hosts.length - 1] ?? 'unknown';
    // The GPUs Slurm gave the job on this node (scontrol show job -d), else the first ones.
    const given = gpuIndices?.get(node);
    for (let l = 0; l < processesPerNode; l++) {
      const devices = Array.from({ length: gpusPerProcess }, (_, g) => given?.[l * gpusPerProcess + g] ?? l * gpusPerProcess + g);
      out.push({ rank: n * processesPerNode + l, node, devices });
    }
  }
  return out;
}

/** The exit to report: failures never as 0, cancellations as SIGTERM. */
function exitOf(status: SlurmJobStatus, phase: SlurmPhase): { exitCode: number; signal?: string } {
  const signalName = (n: number | undefined) => (n ? (['', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE', 'SIGKILL', 'SIGUSR1', 'SIGSEGV', 'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM'][n] ?? `signal ${n}`) : undefined);
  if (phase === 'succeeded') return { exitCode: 0 };
  if (phase === 'cancelled') return { exitCode: status.exitCode && status.exitCode !== 0 ? status.exitCode : 143, signal: signalName(status.signal) ?? 'SIGTERM' };
  const code = status.exitCode && status.exitCode !== 0 ? status.exitCode : 1;
  const signal = signalName(status.signal) ?? (status.state === 'TIMEOUT' ? 'SIGTERM' : undefined);
  return signal ? { exitCode: code, signal } : { exitCode: code };
}

function toCheckpointInfo(c: Record<string, unknown>): CheckpointInfo {
  const format = CheckpointFormat.safeParse(c.format);
  const info: CheckpointInfo = {
    path: String(c.path),
    format: format.success ? format.data : 'unknown',
    sizeBytes: Number(c.sizeBytes ?? 0),
    mtimeMs: Number(c.mtimeMs ?? 0),
    complete: c.complete === true,
  };
  if (typeof c.step === 'number') info.step = c.step;
  if (typeof c.tensors === 'number' && c.tensors > 0) info.tensors = c.tensors;
  return info;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolveSleep) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolveSleep();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
