/**
 * The job manager's typed client of one node agent: connect (token, optional TLS), check the
 * agent's API level, then one method per RPC. Streams are async iterables that pull: a consumer
 * that reads slowly slows the agent down instead of piling data up in memory.
 */
import { CheckpointContentsSchema, type CheckpointContents } from '../core/checkpoint-contents/contents';
import * as grpc from '@grpc/grpc-js';
import { createHash } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import type { AgentAddress } from '../core/cluster-file';
import { AGENT_API_LEVEL, agentPackage } from '../../proto/load';
import type { AgentClient as GeneratedClient } from '../../proto/generated/openclaw/agent/v1/Agent';
import type { CheckpointFileRequest } from '../../proto/generated/openclaw/agent/v1/CheckpointFileRequest';
import type { CheckpointFileStatusReply__Output } from '../../proto/generated/openclaw/agent/v1/CheckpointFileStatusReply';
import type { FetchFileRequest } from '../../proto/generated/openclaw/agent/v1/FetchFileRequest';
import type { FileChunk__Output } from '../../proto/generated/openclaw/agent/v1/FileChunk';
import type { HeartbeatReply__Output } from '../../proto/generated/openclaw/agent/v1/HeartbeatReply';
import type { LaunchReply__Output } from '../../proto/generated/openclaw/agent/v1/LaunchReply';
import type { LaunchRequest } from '../../proto/generated/openclaw/agent/v1/LaunchRequest';
import type { ListCheckpointsReply__Output } from '../../proto/generated/openclaw/agent/v1/ListCheckpointsReply';
import type { ListRanksReply__Output } from '../../proto/generated/openclaw/agent/v1/ListRanksReply';
import type { LogChunk__Output } from '../../proto/generated/openclaw/agent/v1/LogChunk';
import type { LogRequest } from '../../proto/generated/openclaw/agent/v1/LogRequest';
import type { MetricsReply__Output } from '../../proto/generated/openclaw/agent/v1/MetricsReply';
import type { MetricsRequest } from '../../proto/generated/openclaw/agent/v1/MetricsRequest';
import type { NodeInfo__Output } from '../../proto/generated/openclaw/agent/v1/NodeInfo';
import type { SignalReply__Output } from '../../proto/generated/openclaw/agent/v1/SignalReply';
import type { SignalRequest } from '../../proto/generated/openclaw/agent/v1/SignalRequest';
import type { VersionReply__Output } from '../../proto/generated/openclaw/agent/v1/VersionReply';
import { version as clientVersion } from '../../package.json';
import { bearer, channelOptions, streamOf } from './grpc-client';
import { readTokenFile } from './read-token';

export type { Checkpoint__Output as AgentCheckpoint } from '../../proto/generated/openclaw/agent/v1/Checkpoint';
export type { RankStatus__Output as AgentRankStatus } from '../../proto/generated/openclaw/agent/v1/RankStatus';
export type { Device__Output as AgentDevice } from '../../proto/generated/openclaw/agent/v1/Device';
export type {
  FetchFileRequest, FileChunk__Output, HeartbeatReply__Output, LaunchReply__Output, LaunchRequest, ListCheckpointsReply__Output,
  ListRanksReply__Output, LogChunk__Output, LogRequest, MetricsReply__Output, MetricsRequest, NodeInfo__Output,
  SignalReply__Output, SignalRequest, VersionReply__Output,
};
export { AGENT_API_LEVEL };
/** gRPC status codes, so callers can tell UNAUTHENTICATED from UNAVAILABLE without importing grpc-js. */
export const AgentStatus = grpc.status;

export interface AgentConnectOptions {
  /** `host:port`. */
  address: string;
  /** The shared token (at least 128 bits, hex or any string); sent as `authorization: Bearer`. */
  token?: string;
  /** TLS material (PEM contents). With `ca` only, the agent's certificate is checked against it. */
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer };
  /** Deadline of unary calls (default 10 s). */
  callTimeoutMs?: number;
  /** How long `connect` waits for the agent to answer (default 5 s). */
  connectTimeoutMs?: number;
  /** This manager's identity (manager-identity.ts), sent with launches, signals, forgets and heartbeats: the holder of its jobs' leases. */
  managerId?: string;
  /** This manager is a control plane: its heartbeats renew its claim on the agent. */
  controlPlane?: boolean;
}

/** The agent answered, but speaks another API level. */
export class AgentVersionError extends Error {
  constructor(readonly address: string, readonly agent: VersionReply__Output) {
    super(`agent at ${address} speaks API level ${agent.api} (version ${agent.version}); this manager speaks level ${AGENT_API_LEVEL} (version ${clientVersion}): upgrade the older side`);
    this.name = 'AgentVersionError';
  }
}

/** Reads the token and TLS files an `agents:` entry of a cluster file names, relative to `baseDir`. */
export function connectOptionsFor(agent: AgentAddress, baseDir: string): AgentConnectOptions {
  const read = (p: string): Buffer => readFileSync(isAbsolute(p) ? p : resolve(baseDir, p));
  const opts: AgentConnectOptions = { address: agent.address };
  if (agent.tokenFile) opts.token = readTokenFile(isAbsolute(agent.tokenFile) ? agent.tokenFile : resolve(baseDir, agent.tokenFile));
  if (agent.tls) {
    opts.tls = {};
    if (agent.tls.ca) opts.tls.ca = read(agent.tls.ca);
    if (agent.tls.cert) opts.tls.cert = read(agent.tls.cert);
    if (agent.tls.key) opts.tls.key = read(agent.tls.key);
  }
  return opts;
}

type Unary<Req, Res> = (req: Req, md: grpc.Metadata, opts: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res?: Res) => void) => grpc.ClientUnaryCall;

export class AgentClient {
  private constructor(
    readonly address: string,
    private readonly stub: GeneratedClient,
    private readonly token: string | undefined,
    private readonly callTimeoutMs: number,
    /** What the agent said at connect. */
    readonly agentVersion: VersionReply__Output,
    private readonly managerId = '',
    private readonly controlPlane = false,
  ) {}

  /** Connects and checks the API level; throws AgentVersionError on a mismatch. */
  static async connect(options: AgentConnectOptions): Promise<AgentClient> {
    const creds = options.tls
      ? grpc.credentials.createSsl(options.tls.ca ?? null, options.tls.key ?? null, options.tls.cert ?? null)
      : grpc.credentials.createInsecure();
    const Ctor = agentPackage().Agent;
    const stub = new Ctor(options.address, creds, {
      ...channelOptions(16 * 1024 * 1024),
      // A 4 MiB receive window instead of HTTP/2's 64 KiB: log and file streams are not stalled by
      // a window update every 64 KiB, and in-flight data stays bounded.
      'grpc-node.flow_control_window': 4 << 20,
    });
    const timeout = options.callTimeoutMs ?? 10_000;
    try {
      const md = AgentClient.metadata(options.token);
      const reply = await new Promise<VersionReply__Output>((res, rej) => {
        stub.GetVersion({ clientVersion, clientApi: AGENT_API_LEVEL }, md, { deadline: Date.now() + (options.connectTimeoutMs ?? 5_000) }, (err, r) =>
          err ? rej(err) : res(r!),
        );
      });
      if (reply.api !== AGENT_API_LEVEL) throw new AgentVersionError(options.address, reply);
      return new AgentClient(options.address, stub, options.token, timeout, reply, options.managerId, options.controlPlane);
    } catch (err) {
      stub.close();
      throw err;
    }
  }

  private static metadata(token: string | undefined): grpc.Metadata {
    return bearer(token);
  }

  private unary<Req, Res>(fn: Unary<Req, Res>, req: Req, timeoutMs = this.callTimeoutMs): Promise<Res> {
    return new Promise((res, rej) => {
      fn.call(this.stub, req, AgentClient.metadata(this.token), { deadline: Date.now() + timeoutMs }, (err, r) => (err ? rej(err) : res(r as Res)));
    });
  }

  version(): Promise<VersionReply__Output> {
    return this.unary(this.stub.GetVersion, { clientVersion, clientApi: AGENT_API_LEVEL });
  }
  /** Takes the agent for this control plane; FAILED_PRECONDITION (naming the holder) while another holds it. */
  claimNode(): Promise<{ holder: string }> {
    return this.unary<{ managerId: string }, { holder: string }>(this.stub.ClaimNode, { managerId: this.managerId });
  }
  nodeInfo(): Promise<NodeInfo__Output> {
    return this.unary(this.stub.GetNodeInfo, {});
  }
  /** A heartbeat with its own short deadline (default 2 s), so a hung agent is noticed promptly. */
  heartbeat(seq: number, timeoutMs = 2_000): Promise<HeartbeatReply__Output> {
    return this.unary(this.stub.Heartbeat, { seq, managerId: this.managerId, controlPlane: this.controlPlane }, timeoutMs);
  }
  /**
   * Heartbeats pushed by the agent every `intervalMs` on one stream, as callbacks (no async
   * iteration per beat: what a manager of hundreds of agents wants). `onEnd` is called once, with
   * the error unless the stream was stopped; the returned function stops it.
   */
  watchHeartbeat(intervalMs: number, onBeat: (reply: HeartbeatReply__Output) => void, onEnd: (err?: grpc.ServiceError) => void): () => void {
    return this.callbacks(this.stub.WatchHeartbeat({ intervalMs, managerId: this.managerId, controlPlane: this.controlPlane }, AgentClient.metadata(this.token)), onBeat, onEnd);
  }
  /** The job's checkpoint listing, now and each time it changes, as callbacks (as watchHeartbeat). */
  watchCheckpoints(jobId: string, onList: (reply: ListCheckpointsReply__Output) => void, onEnd: (err?: grpc.ServiceError) => void): () => void {
    return this.callbacks(this.stub.WatchCheckpoints({ jobId }, AgentClient.metadata(this.token)), onList, onEnd);
  }
  private callbacks<T>(call: grpc.ClientReadableStream<T>, onData: (r: T) => void, onEnd: (err?: grpc.ServiceError) => void): () => void {
    let ended = false;
    let stopped = false;
    const end = (err?: grpc.ServiceError) => {
      if (ended) return;
      ended = true;
      onEnd(stopped ? undefined : err);
    };
    call.on('data', (r: T) => onData(r));
    call.on('error', (err: grpc.ServiceError) => end(err));
    call.on('end', () => end());
    return () => {
      stopped = true;
      call.cancel();
    };
  }
  launch(req: LaunchRequest): Promise<LaunchReply__Output> {
    return this.unary(this.stub.LaunchRanks, { managerId: this.managerId, ...req }, Math.max(this.callTimeoutMs, 30_000));
  }
  /** Signals the job's ranks; a job the agent does not know (NOT_FOUND) has none to signal. */
  signal(req: SignalRequest): Promise<SignalReply__Output> {
    const wait = req.wait ? (req.graceMs ?? 0) + 10_000 : 0;
    return this.unary<SignalRequest, SignalReply__Output>(this.stub.Signal, { managerId: this.managerId, ...req }, this.callTimeoutMs + wait).catch((err: grpc.ServiceError) => {
      if (err.code === grpc.status.NOT_FOUND) return { signalled: 0, ranks: [] };
      throw err;
    });
  }
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when every rank of the job has exited. */
  kill(jobId: string, graceMs = 5_000, attempt = 0): Promise<SignalReply__Output> {
    return this.signal({ jobId, attempt, signal: 'SIGTERM', graceMs, wait: true });
  }
  metrics(req: MetricsRequest): Promise<MetricsReply__Output> {
    return this.unary(this.stub.GetMetrics, req);
  }
  checkpoints(jobId: string): Promise<ListCheckpointsReply__Output> {
    return this.unary(this.stub.ListCheckpoints, { jobId });
  }
  /** What is inside a checkpoint, checked against its schema (the agent's answer is not trusted blindly). */
  async inspectCheckpoint(jobId: string, path: string): Promise<CheckpointContents> {
    const reply = await this.unary<{ jobId: string; path: string }, { contentsJson: string }>(this.stub.InspectCheckpoint, { jobId, path });
    return CheckpointContentsSchema.parse(JSON.parse(reply.contentsJson));
  }
  ranks(jobId = ''): Promise<ListRanksReply__Output> {
    return this.unary(this.stub.ListRanks, { jobId });
  }
  forgetJob(jobId: string): Promise<number> {
    return this.unary<{ jobId: string; managerId: string }, { forgotten: number }>(this.stub.ForgetJob, { jobId, managerId: this.managerId }).then(
      (r) => r.forgotten,
      (err: grpc.ServiceError) => {
        if (err.code === grpc.status.NOT_FOUND) return 0;
        throw err;
      },
    );
  }

  checkpointFileStatus(req: CheckpointFileRequest): Promise<CheckpointFileStatusReply__Output> {
    return this.unary(this.stub.CheckpointFileStatus, req, Math.max(this.callTimeoutMs, 120_000));
  }

  /**
   * Copies a checkpoint file from `source` (an agent that ran the job) into the same checkpoint
   * folder here, streamed through this process, resuming after what a broken copy left; the file
   * is put in place only when its SHA-256 here matches the source's. Nothing is sent when an
   * identical file is here already.
   */
  async copyCheckpointFrom(source: AgentClient, req: { jobId: string; checkpointDir: string; path: string }, onProgress: (bytes: number, total: number) => void, signal?: AbortSignal): Promise<{ size: number; sha256: string; sent: number }> {
    const want = await source.checkpointFileStatus({ ...req, wantSha256: true });
    if (!want.exists) throw new Error(`${req.path} is not on ${source.address}`);
    const size = Number(want.size);
    const here = await this.checkpointFileStatus({ ...req, wantSha256: true });
    if (here.exists && Number(here.size) === size && here.sha256 === want.sha256) return { size, sha256: want.sha256, sent: 0 };
    let pos = Number(here.partialBytes) <= size ? Number(here.partialBytes) : 0;
    const start = pos;
    return new Promise((resolvePut, rejectPut) => {
      const call = this.stub.PutCheckpointFile(AgentClient.metadata(this.token), (err, reply) => (err ? rejectPut(err) : resolvePut({ size: Number(reply!.size), sha256: reply!.sha256, sent: pos - start })));
      void (async () => {
        try {
          for await (const chunk of source.fetchFile({ jobId: req.jobId, path: req.path, root: 'FILE_ROOT_CHECKPOINT_DIR', offset: pos }, signal)) {
            if (chunk.data.length === 0) continue;
            if (!call.write({ ...req, offset: pos, data: chunk.data, last: false })) await new Promise<void>((r) => call.once('drain', () => r()));
            pos += chunk.data.length;
            onProgress(pos, size);
          }
          call.write({ ...req, offset: pos, data: Buffer.alloc(0), last: true, size, sha256: want.sha256 });
          call.end();
        } catch (err) {
          call.cancel();
          rejectPut(err);
        }
      })();
    });
  }

  /** One rank's log as chunks of bytes; resume with `offset` = last chunk's offset + its length. */
  logs(req: LogRequest, signal?: AbortSignal): AsyncIterable<LogChunk__Output> {
    return streamOf(this.stub.StreamLogs(req, AgentClient.metadata(this.token)), signal);
  }

  /** A file's chunks; the last one carries the SHA-256 of what was sent. */
  fetchFile(req: FetchFileRequest, signal?: AbortSignal): AsyncIterable<FileChunk__Output> {
    return streamOf(this.stub.FetchFile(req, AgentClient.metadata(this.token)), signal);
  }

  /**
   * Fetches a file to `dest` (written beside it, renamed into place once the checksum matches).
   * Throws if the agent's SHA-256 differs from what arrived.
   */
  async fetchFileTo(req: FetchFileRequest, dest: string, signal?: AbortSignal): Promise<{ size: number; sha256: string }> {
    const tmp = `${dest}.part-${process.pid}`;
    const out = createWriteStream(tmp);
    const hash = createHash('sha256');
    let size = 0;
    let expected = '';
    try {
      for await (const chunk of this.fetchFile(req, signal)) {
        hash.update(chunk.data);
        size += chunk.data.length;
        if (!out.write(chunk.data)) await new Promise<void>((r) => out.once('drain', () => r()));
        if (chunk.last) expected = chunk.sha256;
      }
      out.end();
      await finished(out);
      const got = hash.digest('hex');
      if (!expected) throw new Error(`fetching ${req.path} from ${this.address}: the stream ended before the last chunk`);
      if (got !== expected) throw new Error(`fetching ${req.path} from ${this.address}: checksum mismatch (agent ${expected}, received ${got})`);
      await rename(tmp, dest);
      return { size, sha256: got };
    } catch (err) {
      out.destroy();
      await rm(tmp, { force: true });
      throw err;
    }
  }

  close(): void {
    this.stub.close();
  }
}
