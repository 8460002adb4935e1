// The ranks this agent runs: launched through the rendezvous of their framework, each in its own
// process group with its output in a log file, recorded on disk so that a restarted agent (and
// through it a restarted manager) finds them again.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';
import { Launcher } from '../src/core/job-spec';
import { writeFileAtomic } from '../src/io/atomic-file';
import { nodeLaunches, type DeviceVendor, type NodeContext, type ProcessLaunch } from '../src/core/rendezvous';
import type { LaunchRequest__Output } from '../proto/generated/openclaw/agent/v1/LaunchRequest';
import type { MetricSample__Output as MetricSample } from '../proto/generated/openclaw/agent/v1/MetricSample';
import type { RankStatus__Output } from '../proto/generated/openclaw/agent/v1/RankStatus';
import type { SignalRequest__Output } from '../proto/generated/openclaw/agent/v1/SignalRequest';
import { MetricSamples } from './metric-samples';
import { EventFilesTail } from './event-files';
import { MetricTail } from './metric-tail';
import { GroupUsage, readStat, sameProcessAlive } from './proc';
import { isExecutable, readRecordedExit, wrappedArgv } from './rank-wrapper';
import { PathRefused } from './safe-path';

/** A request the agent cannot act on; answered INVALID_ARGUMENT. */
export class BadRequest extends Error {}
/** Something asked for does not exist; answered NOT_FOUND. */
export class NotFound extends Error {}
/** Not possible in the current state; answered FAILED_PRECONDITION. */
export class NotNow extends Error {}

/** What the agent keeps of a rank: what it reports, plus what it needs to find the process again. */
export type RankRecord = RankStatus__Output & { startTicks: string; logPath: string; /** pid is the rank's wrapper (rank-wrapper.ts). */ wrapped?: boolean };

/** What the agent keeps of a job: where its files are. */
export interface JobRecordOnAgent {
  jobId: string;
  cwd: string;
  checkpointDir: string;
  launcher: string;
}

const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
/** The signals a SignalRequest may name. */
export const SIGNALS: ReadonlySet<string> = new Set(['SIGTERM', 'SIGKILL', 'SIGINT', 'SIGUSR1', 'SIGUSR2', 'SIGHUP', 'SIGCONT', 'SIGSTOP']);

export function checkJobId(jobId: string): string {
  if (jobId.includes('/') || jobId.includes('\\') || jobId.includes('\0') || jobId.includes('..')) {
    throw new PathRefused(`job id "${jobId.replace(/\0/g, '\\0')}" refused: it would name a path outside the agent's folders`);
  }
  if (!JOB_ID.test(jobId)) throw new BadRequest(`job id "${jobId}": expected letters, digits, "_", ".", ":" or "-" (at most 128)`);
  return jobId;
}

function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value), 0o600);
}

const key = (jobId: string, attempt: number) => `${jobId}#${attempt}`;

export interface RankManagerOptions {
  workdir: string;
  /** How often ranks not started by this run of the agent are checked, and metric lines read (ms). */
  pollMs?: number;
}

export class RankManager {
  private readonly ranks = new Map<string, RankRecord[]>(); // key(job, attempt) -> ranks
  private readonly jobs = new Map<string, JobRecordOnAgent>();
  private readonly tails = new Map<RankRecord, MetricTail>();
  private readonly samples = new Map<string, MetricSamples>(); // jobId -> samples
  /** TensorBoard event files followed for an attempt whose node rank 0 runs here. */
  private readonly eventTails = new Map<string, { jobId: string; attempt: number; tail: EventFilesTail }>(); // key(job, attempt)
  private seq = 0;
  private readonly exitWaiters = new Set<() => void>();
  private readonly usage = new GroupUsage();
  private readonly timer: NodeJS.Timeout;
  private readonly jobsDir: string;

  constructor(private readonly options: RankManagerOptions) {
    this.jobsDir = join(options.workdir, 'jobs');
    // Logs and records are the agent owner's only: folders 0700, files 0600.
    mkdirSync(this.jobsDir, { recursive: true, mode: 0o700 });
    this.load();
    this.timer = setInterval(() => this.poll(), options.pollMs ?? 500);
    this.timer.unref();
  }

  /** Reads the records a previous run of the agent left, and re-attaches to ranks still running. */
  private load(): void {
    for (const jobId of readdirSync(this.jobsDir)) {
      const dir = join(this.jobsDir, jobId);
      const jobFile = join(dir, 'job.json');
      if (!existsSync(jobFile)) continue;
      try {
        this.jobs.set(jobId, JSON.parse(readFileSync(jobFile, 'utf8')) as JobRecordOnAgent);
      } catch {
        continue;
      }
      for (const a of readdirSync(dir).filter((n) => /^a\d+$/.test(n))) {
        const list: RankRecord[] = [];
        for (const f of readdirSync(join(dir, a)).filter((n) => /^rank-\d+\.json$/.test(n))) {
          try {
            list.push(JSON.parse(readFileSync(join(dir, a, f), 'utf8')) as RankRecord);
          } catch {
            /* unreadable: skip it rather than refuse to start */
          }
        }
        if (list.length === 0) continue;
        list.sort((x, y) => x.rank - y.rank);
        this.ranks.set(key(jobId, Number(a.slice(1))), list);
        for (const r of list) {
          if (r.state !== 'RANK_STATE_RUNNING') continue;
          if (!sameProcessAlive(r.pid, r.startTicks)) this.finishUnwatched(r);
          else this.tails.set(r, this.newTail(r));
        }
      }
    }
  }

  private attemptDir(jobId: string, attempt: number): string {
    return join(this.jobsDir, jobId, `a${attempt}`);
  }

  private save(r: RankRecord): void {
    writeJsonAtomic(join(this.attemptDir(r.jobId, r.attempt), `rank-${r.rank}.json`), r);
  }

  private newTail(r: RankRecord): MetricTail {
    return new MetricTail(r.logPath, r.rank, (s) => this.addSample(r.jobId, r.attempt, s));
  }

  private addSample(jobId: string, attempt: number, s: Omit<MetricSample, 'seq' | 'attempt'>): void {
    let list = this.samples.get(jobId);
    if (!list) this.samples.set(jobId, (list = new MetricSamples()));
    list.push({ ...s, seq: ++this.seq, attempt });
  }

  /** Event files are read on the node of node rank 0 only: on a shared folder, once. */
  private followEventFiles(jobId: string, attempt: number, roots: string[]): void {
    const tail = new EventFilesTail(roots, (e) => this.addSample(jobId, attempt, { rank: 0, atMs: e.atMs, values: e.values, source: 'tensorboard' }));
    this.eventTails.set(key(jobId, attempt), { jobId, attempt, tail });
  }

  /** Reads new metric lines and notices ranks of an earlier agent run that have ended. */
  poll(): void {
    for (const [r, tail] of this.tails) {
      const read = tail.poll();
      if (r.state === 'RANK_STATE_RUNNING' && !this.children.has(r) && !sameProcessAlive(r.pid, r.startTicks)) this.finishUnwatched(r);
      else if (r.state !== 'RANK_STATE_RUNNING' && read === 0) this.tails.delete(r);
    }
    for (const [k, e] of this.eventTails) {
      const running = (this.ranks.get(k) ?? []).some((r) => r.state === 'RANK_STATE_RUNNING');
      // Once the ranks are gone, a last look for what they wrote at the end, then no more.
      const read = e.tail.poll(!running);
      if (!running && read === 0) this.eventTails.delete(k);
    }
  }

  private readonly children = new Set<RankRecord>();

  /** Where a rank's wrapper records how it ended. */
  private exitPath(r: Pick<RankRecord, 'jobId' | 'attempt' | 'rank'>): string {
    return join(this.attemptDir(r.jobId, r.attempt), `rank-${r.rank}.exit`);
  }

  /** A rank this run of the agent did not start has ended: its wrapper's record says how, else it is lost. */
  private finishUnwatched(r: RankRecord): void {
    const recorded = readRecordedExit(this.exitPath(r));
    this.finish(r, recorded ?? { lost: true });
  }

  /** Records the end of a rank, kills what is left of its process group, and wakes waiters. */
  private finish(r: RankRecord, how: { code?: number | null; signal?: string | null; lost?: boolean }): void {
    if (r.state !== 'RANK_STATE_RUNNING') return;
    // Whatever the rank left behind in its group (data loader workers, a shell's children) goes too;
    // unless its pid now names another process, whose group this is not.
    const now = r.pid > 0 ? readStat(r.pid) : undefined;
    if (r.pid > 0 && (now === undefined || now.startTicks === r.startTicks)) killGroup(r.pid, 'SIGKILL');
    r.state = how.lost ? 'RANK_STATE_LOST' : 'RANK_STATE_EXITED';
    r.exitCode = how.lost ? -1 : (how.code ?? -1);
    r.signal = how.signal ?? '';
    r.endedMs = Date.now();
    r.logBytes = fileSize(r.logPath);
    // The tail stays until it has read the rest of the log (poll drops it then).
    this.tails.get(r)?.poll();
    this.children.delete(r);
    this.usage.forget(r.pid);
    this.save(r);
    for (const w of [...this.exitWaiters]) w();
  }

  job(jobId: string): JobRecordOnAgent {
    const j = this.jobs.get(checkJobId(jobId));
    if (!j) throw new NotFound(`job ${jobId} was never launched on this agent`);
    return j;
  }

  list(jobId = ''): RankRecord[] {
    const out: RankRecord[] = [];
    for (const list of this.ranks.values()) for (const r of list) if (!jobId || r.jobId === jobId) out.push(r);
    for (const r of out) if (r.state === 'RANK_STATE_RUNNING') r.logBytes = fileSize(r.logPath);
    return out.sort((a, b) => a.jobId.localeCompare(b.jobId) || a.attempt - b.attempt || a.rank - b.rank);
  }

  /** The rank whose log a request names. */
  rank(jobId: string, attempt: number, rank: number): RankRecord {
    checkJobId(jobId);
    const list = attempt ? this.ranks.get(key(jobId, attempt)) : this.latestAttempt(jobId);
    const r = list?.find((x) => x.rank === rank);
    if (!r) throw new NotFound(`no rank ${rank} of job ${jobId}${attempt ? ` attempt ${attempt}` : ''} on this agent`);
    return r;
  }

  private latestAttempt(jobId: string): RankRecord[] | undefined {
    let best: RankRecord[] | undefined;
    for (const list of this.ranks.values()) if (list[0]?.jobId === jobId && (!best || list[0].attempt > best[0]!.attempt)) best = list;
    return best;
  }

  private readonly launching = new Map<string, Promise<{ ranks: RankRecord[]; alreadyLaunched: boolean; masterPort: number }>>();

  /**
   * Starts the ranks of one job attempt; asking twice returns the first launch's ranks. On node
   * rank 0 a request without a rendezvous port gets one that is free here, returned in the reply.
   */
  async launch(req: LaunchRequest__Output): Promise<{ ranks: RankRecord[]; alreadyLaunched: boolean; masterPort: number }> {
    checkJobId(req.jobId);
    const attempt = req.attempt || 1;
    const k = key(req.jobId, attempt);
    const existing = this.ranks.get(k);
    if (existing) return { ranks: existing, alreadyLaunched: true, masterPort: this.masterPortOf(req.jobId, attempt) };
    // The same attempt asked again while its port is being chosen: the one launch answers both.
    const inFlight = this.launching.get(k);
    if (inFlight) return { ...(await inFlight), alreadyLaunched: true };
    const run = (async () => {
      const rz = req.rendezvous;
      let masterPort = rz?.masterPort ?? 0;
      if (!masterPort) {
        if ((rz?.nodeRank ?? 0) !== 0) throw new BadRequest('rendezvous.masterPort: expected the port node rank 0 chose (only node rank 0 may leave it 0)');
        // TensorFlow's workers of this node listen on masterPort + localRank: all of them free.
        masterPort = await freePortRun(Math.max(1, rz?.processesPerNode || req.ranks.length));
      }
      return { ...this.launchNow(req, attempt, masterPort), masterPort };
    })();
    this.launching.set(k, run);
    try {
      return await run;
    } finally {
      this.launching.delete(k);
    }
  }

  /** The rendezvous port an attempt was launched with (kept beside its ranks' records). */
  private masterPortOf(jobId: string, attempt: number): number {
    try {
      return (JSON.parse(readFileSync(join(this.attemptDir(jobId, attempt), 'rendezvous.json'), 'utf8')) as { masterPort?: number }).masterPort ?? 0;
    } catch {
      return 0;
    }
  }

  private launchNow(req: LaunchRequest__Output, attempt: number, masterPort: number): { ranks: RankRecord[]; alreadyLaunched: boolean } {
    const existing = this.ranks.get(key(req.jobId, attempt));
    if (existing) return { ranks: existing, alreadyLaunched: true };

    const launcher = Launcher.safeParse(req.launcher || 'pytorch');
    if (!launcher.success) throw new BadRequest(`launcher "${req.launcher}": expected one of ${Launcher.options.join(', ')}`);
    if (req.command.length === 0 || !req.command[0]) throw new BadRequest('command: expected an argv array such as ["python3", "train.py"]');
    if (!req.cwd || !isAbsolute(req.cwd)) throw new BadRequest(`cwd "${req.cwd}": expected an absolute path on this node`);
    if (req.ranks.length === 0) throw new BadRequest('ranks: expected at least one rank placed on this node');
    const rz = req.rendezvous;
    const worldSize = rz?.worldSize || req.ranks.length;
    const nodes = rz?.nodes || 1;
    const ppn = rz?.processesPerNode || req.ranks.length;
    for (const r of req.ranks) if (r.rank >= worldSize) throw new BadRequest(`ranks: rank ${r.rank} is not below the world size ${worldSize}`);
    const vendor = (['nvidia', 'amd', 'cpu', 'other'].includes(req.deviceVendor) ? req.deviceVendor : 'cpu') as DeviceVendor;
    const checkpointDir = resolve(req.cwd, req.checkpointDir || 'checkpoints');
    const ctx: NodeContext = {
      jobId: req.jobId,
      attempt,
      nodeRank: rz?.nodeRank ?? 0,
      nodes,
      processesPerNode: ppn,
      worldSize,
      masterAddr: rz?.masterAddr || '127.0.0.1',
      masterPort,
      hosts: rz?.hosts.length ? rz.hosts : [rz?.masterAddr || '127.0.0.1'],
      vendor,
      checkpointDir,
      resumeFrom: req.resumeFrom || undefined,
    };
    let launches: ProcessLaunch[];
    try {
      launches = nodeLaunches(launcher.data, req.command, ctx, req.ranks.map((r) => ({ rank: r.rank, localRank: r.localRank, devices: r.devices })));
    } catch (err) {
      throw new BadRequest((err as Error).message);
    }

    mkdirSync(req.cwd, { recursive: true });
    mkdirSync(checkpointDir, { recursive: true });
    const dir = this.attemptDir(req.jobId, attempt);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const job: JobRecordOnAgent = { jobId: req.jobId, cwd: req.cwd, checkpointDir, launcher: launcher.data };
    writeJsonAtomic(join(this.jobsDir, req.jobId, 'job.json'), job);
    writeJsonAtomic(join(dir, 'rendezvous.json'), { masterPort });
    this.jobs.set(req.jobId, job);

    const baseEnv: NodeJS.ProcessEnv = { ...process.env, PYTHONUNBUFFERED: '1', ...req.env };
    const records = launches.map((l) => this.spawnRank(req, attempt, ctx.nodeRank, launcher.data, l, baseEnv, dir));
    this.ranks.set(key(req.jobId, attempt), records);
    if (ctx.nodeRank === 0 && !req.noEventFiles) this.followEventFiles(req.jobId, attempt, [req.cwd, checkpointDir]);
    return { ranks: records, alreadyLaunched: false };
  }

  private spawnRank(req: LaunchRequest__Output, attempt: number, nodeRank: number, launcher: string, l: ProcessLaunch, baseEnv: NodeJS.ProcessEnv, dir: string): RankRecord {
    const logPath = join(dir, `rank-${l.rank}.log`);
    const fd = openSync(logPath, 'a', 0o600);
    const r: RankRecord = {
      jobId: req.jobId, attempt, rank: l.rank, localRank: l.localRank, nodeRank, pid: 0, state: 'RANK_STATE_RUNNING',
      exitCode: 0, signal: '', startedMs: Date.now(), endedMs: 0, logBytes: 0, devices: l.devices, launcher, argv: l.argv,
      managerId: req.managerId, heldDevices: req.heldDevices, startTicks: '', logPath,
    };
    try {
      const env = { ...baseEnv, ...l.env };
      // An argv array, never a shell; a process group of its own so a kill reaches all it starts;
      // under the wrapper that records the exit status for an agent restarted meanwhile.
      const exitPath = this.exitPath(r);
      rmSync(exitPath, { force: true });
      const child = isExecutable(l.argv[0]!, req.cwd, env.PATH)
        ? spawn(process.execPath, wrappedArgv(l.argv, exitPath).slice(1), { cwd: req.cwd, env, detached: true, stdio: ['ignore', fd, fd] })
        : undefined;
      if (child?.pid === undefined) {
        child?.once('error', () => undefined);
        writeSync(fd, `openclaw agent: cannot start ${JSON.stringify(l.argv[0])}: not found or not executable\n`);
        r.state = 'RANK_STATE_EXITED';
        r.exitCode = 127;
        r.endedMs = Date.now();
        this.save(r);
        return r;
      }
      r.pid = child.pid;
      r.wrapped = true;
      r.startTicks = readStat(child.pid)?.startTicks ?? '';
      this.children.add(r);
      this.save(r);
      this.tails.set(r, this.newTail(r));
      // The wrapper's record is the rank's own status (the wrapper only mirrors it in its own exit).
      child.once('exit', (code, signal) => this.finish(r, readRecordedExit(exitPath) ?? { code, signal }));
      child.unref();
      return r;
    } finally {
      closeSync(fd);
    }
  }

  /** Signals the ranks' process groups; SIGKILL after the grace; optionally waits for them to end. */
  async signal(req: SignalRequest__Output): Promise<RankRecord[]> {
    checkJobId(req.jobId);
    const sig = req.signal || 'SIGTERM';
    if (!SIGNALS.has(sig)) throw new BadRequest(`signal "${sig}": expected one of ${[...SIGNALS].join(', ')}`);
    const targets = this.list(req.jobId).filter(
      (r) => r.state === 'RANK_STATE_RUNNING' && (!req.attempt || r.attempt === req.attempt) && (req.ranks.length === 0 || req.ranks.includes(r.rank)),
    );
    for (const r of targets) killGroup(r.pid, sig as NodeJS.Signals);
    if (req.graceMs > 0 && sig !== 'SIGKILL') {
      setTimeout(() => {
        for (const r of targets) if (r.state === 'RANK_STATE_RUNNING') killGroup(r.pid, 'SIGKILL');
      }, req.graceMs).unref();
    }
    if (req.wait) await this.waitFor(() => targets.every((r) => r.state !== 'RANK_STATE_RUNNING'), req.graceMs + 5_000);
    return targets;
  }

  private waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
    return new Promise((resolveWait) => {
      const check = () => {
        this.poll();
        if (done()) finish();
      };
      const finish = () => {
        clearInterval(iv);
        clearTimeout(to);
        this.exitWaiters.delete(check);
        resolveWait();
      };
      const iv = setInterval(check, 100);
      const to = setTimeout(finish, timeoutMs);
      this.exitWaiters.add(check);
      check();
    });
  }

  metrics(jobId: string, attempt: number, sinceSeq: number, limit: number): { samples: MetricSample[]; nextSeq: number } {
    checkJobId(jobId);
    this.poll();
    const samples = this.samples.get(jobId)?.since(sinceSeq, attempt, Math.min(limit || 10_000, 10_000)) ?? [];
    const nextSeq = samples.length ? (samples[samples.length - 1]!.seq as number) : sinceSeq;
    return { samples, nextSeq };
  }

  usageOf(jobId: string, attempt: number): { rank: number; pid: number; cpuPercent: number; rssBytes: number }[] {
    return this.list(jobId)
      .filter((r) => r.state === 'RANK_STATE_RUNNING' && (!attempt || r.attempt === attempt))
      .map((r) => ({ rank: r.rank, pid: r.pid, ...this.usage.sample(r.pid, r.wrapped === true) }));
  }

  /** Drops the records of a job's ranks once they have all ended. */
  forget(jobId: string): number {
    checkJobId(jobId);
    const mine = this.list(jobId);
    if (mine.some((r) => r.state === 'RANK_STATE_RUNNING')) throw new NotNow(`job ${jobId} still has running ranks on this agent: kill them first`);
    for (const [k, list] of this.ranks) {
      if (list[0]?.jobId !== jobId) continue;
      this.ranks.delete(k);
      for (const r of list) this.tails.delete(r);
      for (const r of list) rmSync(join(this.attemptDir(r.jobId, r.attempt), `rank-${r.rank}.json`), { force: true });
    }
    this.samples.delete(jobId);
    for (const [k, e] of this.eventTails) if (e.jobId === jobId) this.eventTails.delete(k);
    return mine.length;
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}

/**
 * A port free on every interface here, with the `count - 1` ports after it free too (a rendezvous
 * server binds it a moment later: chosen, not held, as torchrun's own free-port choice is).
 */
async function freePortRun(count: number): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const first = await bindProbe(0);
    if (first === undefined) continue;
    let ok = first + count - 1 <= 65535;
    for (let i = 1; ok && i < count; i++) ok = (await bindProbe(first + i)) !== undefined;
    if (ok) return first;
  }
  throw new Error('no free port for the rendezvous');
}

/** Binds `port` (0: any) on all interfaces and closes it again; the port, or undefined when taken. */
function bindProbe(port: number): Promise<number | undefined> {
  return new Promise((resolveProbe) => {
    const server = createServer();
    server.once('error', () => resolveProbe(undefined));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => {
      const got = (server.address() as AddressInfo).port;
      server.close(() => resolveProbe(got));
    });
  });
}

function killGroup(pgid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pgid, sig);
  } catch {
    /* already gone */
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
