// The agent's gRPC service: every call checks the token, then does one thing.
import * as grpc from '@grpc/grpc-js';
import { createHash, randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { freemem, loadavg } from 'node:os';
import { AGENT_API_LEVEL, agentPackage } from '../proto/load';
import type { AgentHandlers } from '../proto/generated/openclaw/agent/v1/Agent';
import type { Device__Output } from '../proto/generated/openclaw/agent/v1/Device';
import type { NodeInfo } from '../proto/generated/openclaw/agent/v1/NodeInfo';
import type { RankStatus } from '../proto/generated/openclaw/agent/v1/RankStatus';
import { version } from '../package.json';
import { tokenChecker } from './auth';
import { scanCheckpoints } from './checkpoints';
import { watchCheckpointDir } from './checkpoint-watch';
import { checkpointFileStatus, putCheckpointFile } from './checkpoint-transfer';
import { discoverGpus, discoverNode, runTool } from './discovery/hardware';
import { resolveConfig, type AgentArgs, type AgentConfig } from './options';
import { BadRequest, NotFound, NotNow, RankManager, type RankRecord } from './ranks';
import { Leases } from './leases';
import { inspectCheckpointAt } from './checkpoint-contents';
import { PathRefused, resolveInside } from './safe-path';
import { streamFile } from './stream-file';

/** Largest log chunk sent, and the default. */
const MAX_CHUNK = 1 << 20;
const DEFAULT_CHUNK = 256 << 10;
/** The most a FetchFile sends (8 GiB). */
export const MAX_FETCH_BYTES = 8 * 2 ** 30;

export interface RunningAgent {
  readonly config: AgentConfig;
  /** The port actually bound (when --listen asked for port 0). */
  readonly port: number;
  readonly address: string;
  readonly instanceId: string;
  close(): Promise<void>;
}

function statusOf(err: unknown): grpc.StatusObject {
  const e = err as Error & { code?: unknown };
  let code = grpc.status.INTERNAL;
  if (err instanceof PathRefused) code = grpc.status.PERMISSION_DENIED;
  else if (err instanceof BadRequest) code = grpc.status.INVALID_ARGUMENT;
  else if (err instanceof NotFound || e.code === 'ENOENT') code = grpc.status.NOT_FOUND;
  else if (err instanceof NotNow) code = grpc.status.FAILED_PRECONDITION;
  else if (e.code === 'RESOURCE_EXHAUSTED') code = grpc.status.RESOURCE_EXHAUSTED;
  return { code, details: e.message ?? String(err), metadata: new grpc.Metadata() };
}

function toStatus(r: RankRecord): RankStatus {
  const { startTicks: _s, logPath: _l, ...status } = r;
  return status;
}

type Call = { metadata: grpc.Metadata };

/** Starts the agent: checks options, discovers the hardware, loads rank records, listens. */
export async function startAgent(args: AgentArgs): Promise<RunningAgent> {
  const config = resolveConfig(args);
  const instanceId = randomUUID();
  const authorized = tokenChecker(config.token);
  const ranks = new RankManager({ workdir: config.workdir });
  const leases = new Leases(config.leaseGraceMs, config.name);
  const node = await discoverNode(config.name);
  const hasNvidia = node.devices?.some((d) => d.vendor === 'nvidia') ?? false;
  let gpuUsage: { at: number; devices: Device__Output[] } = { at: 0, devices: [] };
  const gpusNow = async (): Promise<Device__Output[]> => {
    if (!hasNvidia) return [];
    if (Date.now() - gpuUsage.at > 1000) gpuUsage = { at: Date.now(), devices: (await discoverGpus(runTool)).devices };
    return gpuUsage.devices;
  };

  const denied = (call: Call): grpc.StatusObject | undefined => {
    const header = call.metadata.get('authorization')[0];
    if (authorized(typeof header === 'string' ? header : undefined)) return undefined;
    return { code: grpc.status.UNAUTHENTICATED, details: 'missing or wrong token', metadata: new grpc.Metadata() };
  };

  /** A unary handler behind the token check, with errors turned into gRPC statuses. */
  function unary<Req, Res>(fn: (req: Req) => Res | Promise<Res>): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
      const no = denied(call);
      if (no) return callback(no);
      Promise.resolve()
        .then(() => fn(call.request))
        .then((res) => callback(null, res), (err) => callback(statusOf(err)));
    };
  }
  function streaming<Req, Res>(fn: (call: grpc.ServerWritableStream<Req, Res>) => Promise<void>): grpc.handleServerStreamingCall<Req, Res> {
    return (call) => {
      const no = denied(call);
      // A status emitted as 'error' ends the call with that status (grpc-js's documented way).
      if (no) return void call.emit('error', no);
      fn(call).then(
        () => call.end(),
        (err) => call.emit('error', statusOf(err)),
      );
    };
  }

  /** A signal or forget names a job this agent has ranks of: a key it does not know is refused, not taken for done. */
  const knownJob = (jobId: string, what: string) => {
    if (ranks.list(jobId).length === 0) throw new NotFound(`${what} refused on ${config.name}: no job "${jobId}" here (never launched here, or forgotten)`);
  };

  const heartbeat = (seq: number) => ({
    seq,
    timeMs: Date.now(),
    instanceId,
    load1: loadavg()[0],
    memoryFreeGib: freemem() / 2 ** 30,
    ranks: ranks.list().map(toStatus),
  });

  const handlers: AgentHandlers = {
    GetVersion: unary(() => ({ version, api: AGENT_API_LEVEL, nodeName: config.name, instanceId })),
    GetNodeInfo: unary(async (): Promise<NodeInfo> => {
      const now = await gpusNow();
      return { ...node, devices: now.length ? now : node.devices, controlPlane: leases.controlPlane() };
    }),
    ClaimNode: unary((req) => (leases.claimNode(req.managerId), { holder: req.managerId })),
    Heartbeat: unary((req) => (req.controlPlane ? leases.renewClaim(req.managerId) : leases.heardFrom(req.managerId), heartbeat(req.seq))),
    WatchHeartbeat: streaming(
      (call) =>
        new Promise<void>((resolve) => {
          const every = Math.min(60_000, Math.max(100, call.request.intervalMs || 1000));
          let seq = 0;
          // A client that does not read gets no pile of beats: skipped until it drains.
          const heard = () => (call.request.controlPlane ? leases.renewClaim(call.request.managerId) : leases.heardFrom(call.request.managerId));
          const beat = () => void (call.writableNeedDrain || (heard(), call.write(heartbeat(++seq))));
          beat();
          const timer = setInterval(beat, every);
          const stop = () => {
            clearInterval(timer);
            resolve();
          };
          call.once('cancelled', stop);
          call.once('close', stop);
          call.once('error', stop);
        }),
    ),
    LaunchRanks: unary(async (req) => {
      leases.checkClaim(req.managerId, `launch of job ${req.jobId}`);
      leases.checkHolder(req.managerId, req.jobId, ranks.list(req.jobId), 'launch');
      const devices = [...new Set([...req.heldDevices, ...req.ranks.flatMap((r) => r.devices)])];
      const release = leases.reserve({ jobId: req.jobId, attempt: req.attempt || 1, managerId: req.managerId, devices }, ranks.list());
      try {
        const { ranks: launched, alreadyLaunched, masterPort } = await ranks.launch(req);
        return { ranks: launched.map(toStatus), alreadyLaunched, masterPort };
      } finally {
        release();
      }
    }),
    Signal: unary(async (req) => {
      knownJob(req.jobId, 'signal');
      leases.checkHolder(req.managerId, req.jobId, ranks.list(req.jobId), 'signal');
      const hit = await ranks.signal(req);
      return { signalled: hit.length, ranks: hit.map(toStatus) };
    }),
    GetMetrics: unary(async (req) => {
      const { samples, nextSeq } = ranks.metrics(req.jobId, req.attempt, req.sinceSeq, req.limit);
      return { samples, nextSeq, processes: ranks.usageOf(req.jobId, req.attempt), devices: await gpusNow() };
    }),
    ListCheckpoints: unary(async (req) => {
      const job = ranks.job(req.jobId);
      return { root: job.checkpointDir, checkpoints: await scanCheckpoints(job.checkpointDir, { settleMs: config.checkpointSettleMs }) };
    }),
    InspectCheckpoint: unary(async (req) => {
      const job = ranks.job(req.jobId);
      const contents = await inspectCheckpointAt(resolveInside(job.checkpointDir, req.path || '.'));
      return { contentsJson: JSON.stringify(contents) };
    }),
    WatchCheckpoints: streaming(
      (call) =>
        new Promise<void>((resolve) => {
          const job = ranks.job(call.request.jobId);
          const stop = watchCheckpointDir(job.checkpointDir, { settleMs: config.checkpointSettleMs }, (checkpoints) => {
            if (!call.cancelled) call.write({ root: job.checkpointDir, checkpoints });
          });
          const end = () => {
            stop();
            resolve();
          };
          call.once('cancelled', end);
          call.once('close', end);
          call.once('error', end);
        }),
    ),
    CheckpointFileStatus: unary((req) => checkpointFileStatus(ranks, req)),
    PutCheckpointFile: (call, callback) => {
      const no = denied(call);
      if (no) return callback(no);
      putCheckpointFile(ranks, call).then((res) => callback(null, res), (err) => callback(statusOf(err)));
    },
    ListRanks: unary((req) => ({ ranks: ranks.list(req.jobId).map(toStatus), instanceId })),
    ForgetJob: unary((req) => {
      knownJob(req.jobId, 'forget');
      leases.checkHolder(req.managerId, req.jobId, ranks.list(req.jobId), 'forget');
      return { forgotten: ranks.forget(req.jobId) };
    }),
    StreamLogs: streaming(async (call) => {
      const req = call.request;
      const r = ranks.rank(req.jobId, req.attempt, req.rank);
      const size = statSync(r.logPath).size;
      let offset = req.tailBytes > 0 ? Math.max(0, size - req.tailBytes) : req.offset;
      if (offset > size) {
        throw new BadRequest(`offset ${offset} is past the end of the log (${size} bytes)`);
      }
      const chunkBytes = Math.min(req.maxChunkBytes || DEFAULT_CHUNK, MAX_CHUNK);
      const ended = () => r.state !== 'RANK_STATE_RUNNING';
      const res = await streamFile(call, { path: r.logPath, offset, chunkBytes, follow: req.follow, ended, chunk: (o, data) => ({ offset: o, data, eof: false }) });
      offset = res.offset;
      if (res.ended && !call.cancelled) call.write({ offset, data: Buffer.alloc(0), eof: true });
    }),
    FetchFile: streaming(async (call) => {
      const req = call.request;
      const job = ranks.job(req.jobId);
      const root = req.root === 'FILE_ROOT_CHECKPOINT_DIR' ? job.checkpointDir : job.cwd;
      const path = resolveInside(root, req.path);
      const st = statSync(path);
      if (!st.isFile()) throw new BadRequest(`${req.path} is not a regular file`);
      const cap = Math.min(req.maxBytes || MAX_FETCH_BYTES, MAX_FETCH_BYTES);
      if (st.size - req.offset > cap) {
        throw Object.assign(new Error(`${req.path} has ${st.size} bytes, over the ${cap}-byte limit of one fetch`), { code: 'RESOURCE_EXHAUSTED' });
      }
      if (req.offset > st.size) throw new BadRequest(`offset ${req.offset} is past the end of ${req.path} (${st.size} bytes)`);
      const hash = createHash('sha256');
      const res = await streamFile(call, {
        path,
        offset: req.offset,
        limit: st.size - req.offset,
        chunkBytes: MAX_CHUNK,
        onData: (d) => hash.update(d),
        chunk: (o, data) => ({ offset: o, data, size: st.size, sha256: '', last: false }),
      });
      if (!call.cancelled) call.write({ offset: res.offset, data: Buffer.alloc(0), size: st.size, sha256: hash.digest('hex'), last: true });
    }),
  };

  const server = new grpc.Server({ 'grpc.max_receive_message_length': 16 * 1024 * 1024 });
  server.addService(agentPackage().Agent.service, handlers);
  const creds = config.tls
    ? grpc.ServerCredentials.createSsl(config.tls.ca ?? null, [{ cert_chain: config.tls.cert, private_key: config.tls.key }], config.tls.ca !== undefined)
    : grpc.ServerCredentials.createInsecure();
  const hostForBind = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${hostForBind}:${config.port}`, creds, (err, p) => (err ? reject(new Error(`cannot listen on ${config.host}:${config.port}: ${err.message}`)) : resolve(p))),
  );
  return {
    config,
    port,
    address: `${hostForBind}:${port}`,
    instanceId,
    close: () =>
      new Promise<void>((resolve) => {
        ranks.dispose();
        server.tryShutdown(() => resolve());
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000).unref();
      }),
  };
}
