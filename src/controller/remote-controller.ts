/**
 * A Controller that is a client of a team's control plane (`openclaw serve`, cluster file
 * `backend: server`): the views and the CLI work on it as on the bundled manager. Jobs and nodes
 * are kept here from one watch stream (reopened if the server goes away); logs, checkpoints and
 * metrics are asked for when wanted. Everything the server sends is checked against the core's
 * zod schemas before it is used.
 */
import * as grpc from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CheckpointContentsSchema, type CheckpointContents } from '../core/checkpoint-contents/contents';
import { CheckpointInfo } from '../core/checkpoint';
import type { ServerClusterFile } from '../core/cluster-file';
import { NodeInfo } from '../core/device';
import { JobRecord, MetricSample } from '../core/job';
import { JobReport } from '../core/job-report';
import type { JobSpec } from '../core/job-spec';
import { isTerminal } from '../core/job-state';
import { controlPackage } from '../../proto/load';
import type { Change__Output } from '../../proto/generated/openclaw/control/v1/Change';
import type { ControlPlaneClient } from '../../proto/generated/openclaw/control/v1/ControlPlane';
import type { ForecastReply__Output } from '../../proto/generated/openclaw/control/v1/ForecastReply';
import type { MetricsChunk__Output } from '../../proto/generated/openclaw/control/v1/MetricsChunk';
import type { JobReply__Output } from '../../proto/generated/openclaw/control/v1/JobReply';
import type { WhoAmIReply__Output } from '../../proto/generated/openclaw/control/v1/WhoAmIReply';
import type { LogChunk__Output } from '../../proto/generated/openclaw/control/v1/LogChunk';
import type { Controller, ControllerChange, Disposable, LogChunk, LogOptions } from './api';
import { bearer, channelOptions, streamOf } from './grpc-client';
import { readTokenFile } from './read-token';

/** A refusal or failure of the control plane, with its gRPC status (PERMISSION_DENIED, NOT_FOUND...). */
export class ServerError extends Error {
  constructor(
    message: string,
    readonly code: grpc.status,
  ) {
    super(message);
    this.name = 'ServerError';
  }
}

type Unary<Req, Res> = (req: Req, md: grpc.Metadata, options: grpc.CallOptions, cb: grpc.requestCallback<Res>) => grpc.ClientUnaryCall;

/** Jobs whose metrics stream at once (the views show a few; each closed one reopens when asked). */
const MAX_METRIC_STREAMS = 16;
/** Samples kept a job: past it the older half goes (the server's own list is thinned likewise). */
const MAX_SAMPLES = 20_000;

interface MetricStream {
  samples: MetricSample[];
  call?: grpc.ClientReadableStream<MetricsChunk__Output>;
  /** The stream ended (the job had ended, or the connection broke): reopened if the job still runs. */
  done?: boolean;
}
const RECONNECT_MS = 1000;
/** A patch's fields, each checked as the record's own schema checks it. */
const JobRecordFields = JobRecord.partial();

export class RemoteController implements Controller {
  backendKind: Controller['backendKind'] = 'simulator';
  /** Who the token names, and their role. */
  user = '';
  role: 'user' | 'admin' = 'user';
  /** The control plane's identity. */
  identity = '';
  private readonly jobsById = new Map<string, JobRecord>();
  private nodeList: NodeInfo[] = [];
  private readonly listeners = new Set<(change: ControllerChange) => void>();
  private readonly metricStreams = new Map<string, MetricStream>();
  private readonly reports = new Map<string, JobReport>();
  private readonly reportsAsked = new Map<string, Promise<void>>();
  /** Log streams of jobs submitted here, turned into `log` changes (as the bundled manager emits). */
  private readonly follows = new Map<string, AbortController>();
  private watchCall: grpc.ClientReadableStream<Change__Output> | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private badRecordSaid = false;

  private constructor(
    private readonly stub: ControlPlaneClient,
    private readonly token: string,
    readonly address: string,
  ) {}

  /** Connects, says who the token names, and waits for the first whole view of jobs and nodes. */
  static async connect(cluster: ServerClusterFile, options: { timeoutMs?: number } = {}): Promise<RemoteController> {
    const token = readTokenFile(cluster.tokenFile);
    const creds = cluster.tls ? grpc.credentials.createSsl(cluster.tls.ca ? readFileSync(cluster.tls.ca) : null) : grpc.credentials.createInsecure();
    const Ctor = controlPackage().ControlPlane;
    const stub = new Ctor(cluster.address, creds, channelOptions(64 * 1024 * 1024));
    const c = new RemoteController(stub, token, cluster.address);
    try {
      const me = await c.unary<object, WhoAmIReply__Output>(stub.WhoAmI, {}, options.timeoutMs ?? 5000);
      c.user = me.user;
      c.role = me.role === 'admin' ? 'admin' : 'user';
      c.identity = me.identity;
      c.backendKind = me.backend === 'agents' || me.backend === 'slurm' ? me.backend : 'simulator';
      await c.watch();
      return c;
    } catch (err) {
      stub.close();
      throw err;
    }
  }

  private metadata(): grpc.Metadata {
    return bearer(this.token);
  }

  private unary<Req, Res>(fn: Unary<Req, Res>, req: Req, timeoutMs = 30_000): Promise<Res> {
    return new Promise((resolve, reject) => {
      fn.call(this.stub, req, this.metadata(), { deadline: Date.now() + timeoutMs }, (err, res) =>
        err ? reject(serverError(err, this.address)) : resolve(res as Res),
      );
    });
  }

  /** A call that answers with a job record. */
  private async jobCall<Req>(fn: Unary<Req, JobReply__Output>, req: Req): Promise<JobRecord> {
    const reply = await this.unary<Req, JobReply__Output>(fn, req);
    return JobRecord.parse(JSON.parse(reply.jobJson));
  }

  private async json<T extends z.ZodType>(schema: T, call: Promise<{ json: string }>): Promise<z.output<T>> {
    const reply = await call;
    return schema.parse(JSON.parse(reply.json));
  }

  /** Opens the watch stream; resolves once the server's first whole view has arrived. */
  private watch(): Promise<void> {
    return new Promise((resolve, reject) => {
      let synced = false;
      const seen = new Set<string>();
      const call = this.stub.Watch({}, this.metadata());
      this.watchCall = call;
      call.on('data', (m: Change__Output) => {
        try {
          this.onWatchMessage(m, synced, seen, resolve);
          if (m.change === 'synced') synced = true;
        } catch (err) {
          // A record that fails its schema is left out (and said once), not allowed to end the stream.
          if (!this.badRecordSaid) console.error(`openclaw: the control plane at ${this.address} sent a record this client cannot read: ${(err as Error).message.split('\n')[0]}`);
          this.badRecordSaid = true;
        }
      });
      call.on('error', (err: grpc.ServiceError) => {
        if (this.watchCall === call) this.watchCall = undefined;
        if (!synced) return reject(serverError(err, this.address));
        this.reconnectLater();
      });
      call.on('end', () => {
        if (this.watchCall === call) this.watchCall = undefined;
        if (synced) this.reconnectLater();
      });
    });
  }

  /** One message of the watch stream: a job, a job gone, the nodes, or the end of the first whole view. */
  private onWatchMessage(m: Change__Output, synced: boolean, seen: Set<string>, resolve: () => void): void {
    if (m.jobJson !== undefined && m.change === 'jobJson') {
      const job = JobRecord.parse(JSON.parse(m.jobJson));
      if (!synced) seen.add(job.id);
      this.setJob(job);
    } else if (m.change === 'jobPatchJson' && m.jobPatchJson) {
      const patch = JSON.parse(m.jobPatchJson) as Record<string, unknown> & { id: string };
      const held = this.jobsById.get(patch.id);
      if (!held) return;
      // Only the fields that came are checked (the rest were when they came), and only they are
      // taken from the check: it fills the absent ones with their defaults.
      const checked = JobRecordFields.parse(Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== null))) as Record<string, unknown>;
      const next: Record<string, unknown> = { ...held };
      for (const [k, v] of Object.entries(patch)) {
        if (v === null) delete next[k];
        else next[k] = checked[k];
      }
      this.setJob(next as JobRecord);
    } else if (m.change === 'jobRemoved' && m.jobRemoved) {
      this.jobsById.delete(m.jobRemoved);
      this.emit({ kind: 'job-removed', jobId: m.jobRemoved });
    } else if (m.change === 'nodesJson' && m.nodesJson !== undefined) {
      this.nodeList = z.array(NodeInfo).parse(JSON.parse(m.nodesJson));
      this.emit({ kind: 'cluster', nodes: this.nodeList });
    } else if (m.change === 'synced') {
      // After a reconnect: jobs the server no longer has are gone.
      for (const id of [...this.jobsById.keys()]) {
        if (!seen.has(id)) {
          this.jobsById.delete(id);
          this.emit({ kind: 'job-removed', jobId: id });
        }
      }
      resolve();
    }
  }

  private reconnectLater(): void {
    if (this.disposed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.disposed) this.watch().catch(() => this.reconnectLater());
    }, RECONNECT_MS);
  }

  private setJob(job: JobRecord): void {
    this.jobsById.set(job.id, job);
    this.emit({ kind: 'job', job });
  }

  /** Asks for a finished job's report once (a view asked for it, or `waitForEnd` is about to resolve); the same promise while it is on its way. */
  private fetchReport(jobId: string): Promise<void> {
    let asked = this.reportsAsked.get(jobId);
    if (!asked) {
      asked = this.json(JobReport.nullable(), this.unary(this.stub.Report, { jobId, reason: '' })).then(
        (report) => {
          if (!report) return void this.reportsAsked.delete(jobId);
          this.reports.set(jobId, report);
          const job = this.jobsById.get(jobId);
          if (job) this.emit({ kind: 'job', job });
        },
        // Asked again the next time it is wanted.
        () => void this.reportsAsked.delete(jobId),
      );
      this.reportsAsked.set(jobId, asked);
    }
    return asked;
  }

  private emit(change: ControllerChange): void {
    for (const l of this.listeners) {
      try {
        l(change);
      } catch {
        // A view's failure is the view's.
      }
    }
  }

  // ------------------------------------------------------------------ Controller

  async submit(spec: JobSpec, specPath?: string): Promise<JobRecord> {
    const job = await this.jobCall(this.stub.Submit, { spec: JSON.stringify(spec), specPath: specPath ?? '' });
    if (!this.jobsById.has(job.id) || this.jobsById.get(job.id)!.history.length <= job.history.length) this.setJob(job);
    return job;
  }

  /** Streams the job's output as `log` changes until it ends (what `openclaw run` prints); asked for, since most clients show logs job by job. */
  follow(jobId: string): void {
    if (this.follows.has(jobId)) return;
    const abort = new AbortController();
    this.follows.set(jobId, abort);
    void (async () => {
      const partial = new Map<number, string>();
      for await (const chunk of this.logs(jobId, { follow: true, signal: abort.signal })) {
        const text = (partial.get(chunk.rank) ?? '') + chunk.text;
        const lines = text.split('\n');
        partial.set(chunk.rank, lines.pop()!);
        for (const line of lines) this.emit({ kind: 'log', jobId, rank: chunk.rank, line, stream: 'stdout' });
      }
    })()
      .catch(() => undefined)
      .finally(() => this.follows.delete(jobId));
  }

  async cancel(jobId: string, reason?: string): Promise<void> {
    this.setJob(await this.jobCall(this.stub.Cancel, { jobId, reason: reason ?? '' }));
  }

  async restart(jobId: string): Promise<JobRecord> {
    const job = await this.jobCall(this.stub.Restart, { jobId, reason: '' });
    this.setJob(job);
    return job;
  }

  async resume(jobId: string, checkpointPath: string): Promise<JobRecord> {
    const job = await this.jobCall(this.stub.Resume, { jobId, checkpointPath });
    this.setJob(job);
    return job;
  }

  jobs(): readonly JobRecord[] {
    return [...this.jobsById.values()];
  }

  job(jobId: string): JobRecord | undefined {
    return this.jobsById.get(jobId);
  }

  nodes(): readonly NodeInfo[] {
    return this.nodeList;
  }

  checkpoints(jobId: string): Promise<readonly CheckpointInfo[]> {
    return this.json(z.array(CheckpointInfo), this.unary(this.stub.Checkpoints, { jobId, reason: '' }));
  }

  inspectCheckpoint(jobId: string, path: string): Promise<CheckpointContents> {
    return this.json(CheckpointContentsSchema, this.unary(this.stub.InspectCheckpoint, { jobId, path }, 120_000));
  }

  /**
   * The job's samples as streamed so far. The first call opens the job's metric stream (the most
   * recently asked MAX_METRIC_STREAMS jobs keep theirs); each batch that arrives sends a `job` change.
   */
  metrics(jobId: string): readonly MetricSample[] {
    let e = this.metricStreams.get(jobId);
    if (e) {
      // Most recently asked last: the first in the map is the one to close when there are too many.
      this.metricStreams.delete(jobId);
      this.metricStreams.set(jobId, e);
    } else {
      this.metricStreams.set(jobId, (e = { samples: [] }));
      for (const [id, old] of this.metricStreams) {
        if (this.metricStreams.size <= MAX_METRIC_STREAMS) break;
        old.call?.cancel();
        this.metricStreams.delete(id);
      }
    }
    const job = this.jobsById.get(jobId);
    if (!e.call && !this.disposed && (!e.done || (job && !isTerminal(job.state)))) this.watchMetrics(jobId, e);
    return e.samples;
  }

  private watchMetrics(jobId: string, e: MetricStream): void {
    const call = this.stub.WatchMetrics({ jobId, reason: '' }, this.metadata());
    e.call = call;
    call.on('data', (m: MetricsChunk__Output) => {
      let fresh: MetricSample[];
      try {
        fresh = z.array(MetricSample).parse(JSON.parse(m.samplesJson));
      } catch {
        return;
      }
      // New samples are appended; those already handed out stay the same objects (views compare by identity).
      e.samples = m.reset ? fresh : e.samples.concat(fresh);
      if (e.samples.length > MAX_SAMPLES) e.samples = e.samples.slice(-MAX_SAMPLES / 2);
      const job = this.jobsById.get(jobId);
      if (job) this.emit({ kind: 'job', job });
    });
    const ended = () => {
      if (e.call === call) e.call = undefined;
      e.done = true;
    };
    call.on('end', ended);
    call.on('error', ended);
  }

  /** The report of a finished job once fetched; the first call for one not yet here fetches it (a `job` change follows). */
  report(jobId: string): JobReport | undefined {
    const report = this.reports.get(jobId);
    const job = this.jobsById.get(jobId);
    if (!report && job && isTerminal(job.state)) void this.fetchReport(jobId);
    return report;
  }

  waitForEnd(jobId: string, signal?: AbortSignal): Promise<JobRecord> {
    return new Promise((resolve, reject) => {
      const now = this.jobsById.get(jobId);
      if (!now) return reject(new ServerError(`no job "${jobId}" on the control plane at ${this.address}`, grpc.status.NOT_FOUND));
      const done = (job: JobRecord) => {
        sub.dispose();
        signal?.removeEventListener('abort', onAbort);
        // The report follows the end: give it a moment, then resolve either way.
        if (this.reports.has(job.id)) return resolve(job);
        void this.fetchReport(job.id).finally(() => resolve(job));
      };
      const onAbort = () => {
        sub.dispose();
        reject(new Error('aborted'));
      };
      const sub = this.onChange((ch) => {
        if (ch.kind === 'job' && ch.job.id === jobId && isTerminal(ch.job.state)) done(ch.job);
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      if (isTerminal(now.state)) done(now);
    });
  }

  async *logs(jobId: string, options: LogOptions = {}): AsyncIterable<LogChunk> {
    const call = this.stub.Logs({ jobId, rank: options.rank ?? -1, tailBytes: options.tailBytes ?? 0, follow: options.follow ?? false }, this.metadata());
    try {
      for await (const c of streamOf<LogChunk__Output>(call, options.signal)) {
        yield { rank: c.rank, ...(c.attempt > 0 && { attempt: c.attempt }), offset: Number(c.offset), text: c.text };
      }
    } catch (err) {
      throw serverError(err as grpc.ServiceError, this.address);
    }
  }

  onChange(listener: (change: ControllerChange) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** When the spec, submitted now, would start: seconds on the backend's clock (undefined: it would not), and what that rests on. */
  async forecast(spec: JobSpec): Promise<{ startInSeconds: number | undefined; basis: string }> {
    const reply = await this.unary<object, ForecastReply__Output>(this.stub.Forecast, { spec: JSON.stringify(spec), specPath: '' }, 60_000);
    return { startInSeconds: reply._startInSeconds === 'startInSeconds' ? reply.startInSeconds : undefined, basis: reply.basis };
  }

  /** Admins: takes a node out of scheduling (or back in). */
  async drainNode(node: string, drain: boolean): Promise<string> {
    const reply = await this.json(z.object({ state: z.string() }), this.unary(this.stub.DrainNode, { node, drain }));
    return reply.state;
  }

  /** Each user's devices held, device-hours this week, and quota. */
  usage(): Promise<{ user: string; devicesHeld: number; deviceHoursThisWeek: number; quota?: { devices?: number; deviceHoursPerWeek?: number } }[]> {
    const Usage = z.array(z.object({ user: z.string(), devicesHeld: z.number(), deviceHoursThisWeek: z.number(), quota: z.object({ devices: z.number().optional(), deviceHoursPerWeek: z.number().optional() }).nullish().transform((q) => q ?? undefined) }));
    return this.json(Usage, this.unary(this.stub.Usage, {}));
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    for (const f of this.follows.values()) f.abort();
    for (const m of this.metricStreams.values()) m.call?.cancel();
    this.watchCall?.cancel();
    this.listeners.clear();
    this.stub.close();
  }
}

function serverError(err: grpc.ServiceError, address: string): ServerError {
  const code = err.code ?? grpc.status.UNKNOWN;
  if (code === grpc.status.UNAVAILABLE) return new ServerError(`the control plane at ${address} does not answer (${err.details || 'unavailable'}); is \`openclaw serve\` running there?`, code);
  if (code === grpc.status.DEADLINE_EXCEEDED) return new ServerError(`the control plane at ${address} did not answer in time`, code);
  return new ServerError(err.details || err.message, code);
}
