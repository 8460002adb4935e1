/**
 * The agents backend: OpenClaw node agents over gRPC (agent-client.ts).
 *
 * - Health: a heartbeat to every agent each interval; `suspectAfterMisses` misses make a node
 *   suspect, no answer for `deadAfterSeconds` makes it dead. Heartbeat replies carry every rank's
 *   state, so exits are seen within one beat.
 * - Fencing: ranks on a node that could not be reached when their job was killed are remembered,
 *   and killed as soon as the node answers again, before it is reported ready.
 * - Launch: one LaunchRanks per node (idempotent per job attempt) with the rendezvous of rank 0's
 *   node; logs streamed per rank from a byte offset; metric lines parsed from rank 0's output;
 *   checkpoints polled from an agent that ran the job.
 */
import { isLoopback } from '../../core/listen-address';
import type { CheckpointContents } from '../../core/checkpoint-contents/contents';
import { mkdir } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { AgentAddress, AgentsClusterFile } from '../../core/cluster-file';
import type { CheckpointInfo } from '../../core/checkpoint';
import { CheckpointFormat } from '../../core/checkpoint';
import type { DeviceInfo, NodeInfo, NodeState } from '../../core/device';
import type { BackendEvent } from '../../core/events';
import { agentJobId, type JobRecord, type RankPlacement } from '../../core/job';
import { printedForms } from '../../core/job-spec';
import { lastProgressSegment, parsePrintedMetric } from '../../core/metrics/printed';
import { AgentClient, AgentStatus, connectOptionsFor, type AgentCheckpoint, type AgentRankStatus, type HeartbeatReply__Output, type NodeInfo__Output } from '../agent-client';
import type { AttachResult, Backend, FetchedOutput, LogChunk, LogOptions } from '../api';
import type { CheckpointSurvey } from '../resume-point';
import { withTimeout } from '../timeout';
import { bringCheckpoint, type CopyProgress } from './checkpoint-copy';

export interface AgentsBackendOptions {
  /** Overrides of the cluster file's heartbeat settings (tests use short ones). */
  heartbeatMs?: number;
  deadAfterMs?: number;
  suspectAfterMisses?: number;
  /** How often running jobs' checkpoints are listed. */
  checkpointPollMs?: number;
  /** How often agents are asked for event-file scalars and device usage (default 1 s). */
  metricPollMs?: number;
  connectTimeoutMs?: number;
  /** SIGTERM-to-SIGKILL grace when ranks are torn down. */
  killGraceMs?: number;
  /** This manager's identity on the agents (manager-identity.ts): the holder of its jobs' leases. */
  managerId?: string;
  /**
   * This manager is a team's control plane: it claims each agent (refused while another control
   * plane holds it) and renews the claim with its heartbeats.
   */
  controlPlane?: boolean;
}

/** An agent that belongs to another control plane: the manager does not start on it. */
export class AgentClaimedError extends Error {}

interface Agent {
  spec: AgentAddress;
  client?: AgentClient;
  info: NodeInfo;
  /** Address other nodes reach this one at (MASTER_ADDR). */
  host: string;
  state: NodeState;
  lastOk: number;
  misses: number;
  instanceId?: string;
  /** A heartbeat stream (or call) is open. */
  beating: boolean;
  stopWatch?: () => void;
  /** Fenced ranks are being killed: the node is not ready before that is done. */
  unfencing: boolean;
  /** The agent lacks WatchHeartbeat: one Heartbeat call a beat. */
  unary: boolean;
  connecting: boolean;
  lastTry: number;
  /** Job attempts whose ranks here must die when the node answers again. */
  fenced: Set<string>;
}

interface Tracked {
  job: JobRecord;
  /** The job's name on the agents (its unique key). */
  wire: string;
  attempt: number;
  placement: readonly RankPlacement[];
  /** Placement ranks already reported started / exited. */
  started: Set<number>;
  exited: Set<number>;
  streams: AbortController;
  checkpoints: Map<string, number>;
  /** Where each rank's log stream has read up to. */
  logOffsets: Map<number, number>;
  /** Ranks whose log stream has ended (read to its end, or given up), and when each last got data. */
  logDone: Set<number>;
  logActiveAt: Map<number, number>;
  /** Per node: the last metric sample read from its agent (event-file scalars, device usage). */
  metricSeq: Map<string, number>;
  metricPoll?: Promise<void>;
  /** The progress-bar state last read from rank 0's unfinished line. */
  lastProgress?: string;
}

/** An exit waits for its rank's log to be read to the end, unless the stream is silent this long. */
const LOG_DRAIN_STALL_MS = 15_000;

const key = (jobId: string, attempt: number) => `${jobId}\0${attempt}`;

export class AgentsBackend implements Backend {
  readonly kind = 'agents' as const;
  readonly allocation = 'scheduler' as const;
  private readonly agents = new Map<string, Agent>();
  /** By job id; and by the name the agents know the job by. */
  private readonly tracked = new Map<string, Tracked>();
  private readonly byWire = new Map<string, Tracked>();
  private emit: (e: BackendEvent) => void = () => undefined;
  private timers: NodeJS.Timeout[] = [];
  private seq = 0;
  private readonly heartbeatMs: number;
  private readonly deadAfterMs: number;
  private readonly suspectAfter: number;
  private disposed = false;

  constructor(
    readonly cluster: AgentsClusterFile,
    private readonly baseDir: string,
    private readonly options: AgentsBackendOptions = {},
  ) {
    this.heartbeatMs = options.heartbeatMs ?? cluster.heartbeat.intervalSeconds * 1000;
    this.deadAfterMs = options.deadAfterMs ?? cluster.heartbeat.deadAfterSeconds * 1000;
    this.suspectAfter = options.suspectAfterMisses ?? cluster.heartbeat.suspectAfterMisses;
    for (const spec of cluster.agents) {
      if (this.agents.has(spec.name)) throw new Error(`agents: the name "${spec.name}" is used twice`);
      const host = spec.address.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
      this.agents.set(spec.name, {
        spec,
        info: { name: spec.name, devices: [], cpus: 0, memoryGiB: 0, intraLinkGbps: 2400, state: 'dead' },
        host,
        state: 'dead',
        lastOk: 0,
        misses: 0,
        beating: false,
        unfencing: false,
        unary: false,
        connecting: false,
        lastTry: 0,
        fenced: new Set(),
      });
    }
  }

  async start(emit: (event: BackendEvent) => void): Promise<void> {
    this.emit = emit;
    // Connect to every agent at once; one that does not answer stays dead until it does.
    // A bounded number at a time, so that a large cluster does not time itself out.
    const list = [...this.agents.values()];
    const results: PromiseSettledResult<boolean>[] = new Array(list.length);
    let next = 0;
    const worker = async () => {
      while (next < list.length) {
        const i = next++;
        results[i] = await this.connect(list[i]!).then(
          (value) => ({ status: 'fulfilled' as const, value }),
          (reason: unknown) => ({ status: 'rejected' as const, reason }),
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(32, list.length) }, worker));
    const claimed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected' && r.reason instanceof AgentClaimedError);
    if (claimed) {
      await this.dispose();
      throw claimed.reason;
    }
    const reachable = results.filter((r) => r.status === 'fulfilled' && r.value).length;
    if (reachable === 0) {
      const why = results.map((r, i) => (r.status === 'rejected' ? `${list[i]!.spec.name}: ${(r.reason as Error).message.split(',')[0]}` : '')).filter(Boolean);
      await this.dispose();
      const shown = why.slice(0, 3).join('; ') + (why.length > 3 ? `; and ${why.length - 3} more` : '');
      throw new Error(`no agent answered (${shown || 'none reachable'})`);
    }
    this.timers.push(setInterval(() => this.beat(), this.heartbeatMs));
    this.timers.push(setInterval(() => void this.pollCheckpoints(), this.options.checkpointPollMs ?? 2000));
    this.timers.push(setInterval(() => void this.pollMetrics(), this.options.metricPollMs ?? 1000));
  }

  /**
   * What the agents read on their nodes: the scalars of the job's TensorBoard event files (from node
   * rank 0's agent) and the utilisation and memory of each device its ranks hold. Printed metric
   * lines are not taken here: they are read from the log stream as it arrives.
   */
  private async pollMetrics(): Promise<void> {
    for (const t of [...this.tracked.values()]) await this.pollMetricsOf(t);
  }

  /** One job's poll, never two at once (each continues from the sequence number the last one reached). */
  private pollMetricsOf(t: Tracked): Promise<void> {
    t.metricPoll = (t.metricPoll ?? Promise.resolve()).then(() => this.readAgentMetrics(t));
    return t.metricPoll;
  }

  private async readAgentMetrics(t: Tracked): Promise<void> {
    const wantDevices = t.job.spec.metrics?.devices !== false;
    const wantEvents = t.job.spec.metrics?.tensorboard !== false;
    const rank0Node = t.placement.find((r) => r.rank === 0)?.node;
    for (const node of new Set(t.placement.map((r) => r.node))) {
      const a = this.agents.get(node);
      if (!a?.client || a.state === 'dead' || (!wantDevices && (!wantEvents || node !== rank0Node))) continue;
      try {
        const since = t.metricSeq.get(node) ?? 0;
        const reply = await a.client.metrics({ jobId: t.wire, attempt: t.attempt, sinceSeq: since, limit: 10_000 });
        // A restarted agent numbers its samples afresh.
        t.metricSeq.set(node, Number(reply.nextSeq) < since ? 0 : Number(reply.nextSeq));
        if (wantEvents && node === rank0Node) {
          for (const s of reply.samples) {
            if (s.source !== 'tensorboard') continue;
            const { step, ...values } = s.values;
            this.emit({ kind: 'metric', jobId: t.job.id, at: Number(s.atMs), rank: 0, metric: { ...(step !== undefined && { step }), values }, attempt: t.attempt });
          }
        }
        const held = new Set(t.placement.filter((r) => r.node === node).flatMap((r) => r.devices));
        const devices = wantDevices ? reply.devices.filter((d) => d.vendor !== 'cpu' && held.has(d.index)) : [];
        if (devices.length > 0) {
          const values: Record<string, number> = {};
          for (const d of devices) {
            values[`gpu_util/${node}:${d.index}`] = d.utilizationPercent / 100;
            values[`gpu_mem/${node}:${d.index}`] = d.memoryUsedMib / 1024;
          }
          this.emit({ kind: 'metric', jobId: t.job.id, at: Date.now(), rank: 0, metric: { values }, attempt: t.attempt });
        }
      } catch {
        // The next poll asks again.
      }
    }
  }

  /** Connects (token, TLS, API level) and reads the node's devices. */
  private async connect(a: Agent): Promise<boolean> {
    if (a.connecting || this.disposed) return false;
    a.connecting = true;
    try {
      const client = await AgentClient.connect({ ...connectOptionsFor(a.spec, this.baseDir), connectTimeoutMs: this.options.connectTimeoutMs ?? 3000, managerId: this.options.managerId, controlPlane: this.options.controlPlane });
      if (this.disposed) {
        client.close();
        return false;
      }
      try {
        await this.checkClaim(a, client);
      } catch (err) {
        client.close();
        throw err;
      }
      const info = await client.nodeInfo();
      const wasKnown = a.info.devices.length > 0;
      a.client?.close();
      a.client = client;
      a.info = toNodeInfo(a.spec.name, info, 'ready');
      if (info.addresses.length > 0 && !isLoopback(a.host)) a.host = info.addresses[0]!;
      a.instanceId = client.agentVersion.instanceId;
      a.lastOk = Date.now();
      a.misses = 0;
      await this.unfence(a);
      a.state = 'ready';
      a.info.state = 'ready';
      if (!wasKnown) this.emit({ kind: 'node-added', at: Date.now(), node: a.info });
      return true;
    } finally {
      a.connecting = false;
    }
  }

  /**
   * A control plane claims the agent; any other manager checks that no control plane holds it.
   * Either refusal names the holder and ends the manager's start.
   */
  private async checkClaim(a: Agent, client: AgentClient): Promise<void> {
    if (this.options.controlPlane) {
      try {
        await client.claimNode();
      } catch (err) {
        if ((err as { code?: number }).code === AgentStatus.FAILED_PRECONDITION) throw new AgentClaimedError((err as { details?: string }).details ?? String(err));
        throw err;
      }
      return;
    }
    const holder = (await client.nodeInfo()).controlPlane;
    if (holder && holder !== this.options.managerId) {
      throw new AgentClaimedError(`agent ${a.spec.name} (${a.spec.address}) is managed by ${holder}; submit jobs through that control plane with a cluster file \`backend: server\` (its address and your token) instead of driving the agent directly`);
    }
  }

  nodes(): readonly NodeInfo[] {
    return [...this.agents.values()].map((a) => a.info);
  }

  // ------------------------------------------------------------ health

  /** Runs every interval: (re)opens heartbeat streams and turns silent agents suspect, then dead. */
  private beat(): void {
    const now = Date.now();
    for (const a of this.agents.values()) {
      if (!a.client) {
        // Never reached: try to connect now and then (a node that joins late).
        if (now - a.lastTry > this.heartbeatMs * 5 && !a.connecting) {
          a.lastTry = now;
          void this.connect(a).catch(() => undefined);
        }
        continue;
      }
      if (!a.beating) this.watch(a);
      this.checkHealth(a);
    }
  }

  /**
   * Heartbeats of one agent: a stream the agent pushes a beat a interval on (one message a beat
   * instead of one call), or, with an agent that lacks it, one Heartbeat call a interval.
   */
  private watch(a: Agent): void {
    const client = a.client!;
    a.beating = true;
    const alive = (reply: HeartbeatReply__Output) => {
      a.lastOk = Date.now();
      a.misses = 0;
      a.instanceId = reply.instanceId;
      this.rankStates(a, reply.ranks);
      if (a.state !== 'ready') this.setState(a, 'ready');
    };
    const ok = (reply: HeartbeatReply__Output) => {
      // A node back from the dead is ready only once its fenced ranks are killed; beats that
      // arrive meanwhile wait for that.
      if (a.unfencing) return;
      if (a.state !== 'dead' || a.fenced.size === 0) return alive(reply);
      a.unfencing = true;
      this.unfence(a).then(
        () => {
          a.unfencing = false;
          alive(reply);
        },
        () => (a.unfencing = false),
      );
    };
    if (a.unary) {
      client
        .heartbeat(++this.seq, Math.max(200, Math.min(2000, this.heartbeatMs * 2)))
        .then(ok, () => void a.misses++)
        .catch(() => undefined)
        .finally(() => (a.beating = false));
      return;
    }
    a.stopWatch = client.watchHeartbeat(
      this.heartbeatMs,
      ok,
      (err) => {
        if (err?.code === AgentStatus.UNIMPLEMENTED) a.unary = true;
        if (err) a.misses++;
        a.beating = false;
        a.stopWatch = undefined;
      },
    );
  }

  /**
   * A call the agent's address refused (its process is gone): the node is suspect at once, so no
   * new work goes there before the heartbeats decide (a beat restores it if it answers).
   */
  private refused(a: Agent, err: unknown): void {
    if ((err as { code?: number }).code === AgentStatus.UNAVAILABLE && a.state === 'ready') this.setState(a, 'suspect');
  }

  private checkHealth(a: Agent): void {
    const silent = Date.now() - a.lastOk;
    // A missed beat is an interval (and a half, for jitter) without one.
    a.misses = Math.max(a.misses, Math.floor(silent / this.heartbeatMs - 0.5));
    if (a.state !== 'dead' && silent >= this.deadAfterMs) this.setState(a, 'dead');
    else if (a.state === 'ready' && (a.misses >= this.suspectAfter || silent >= this.heartbeatMs * (this.suspectAfter + 1))) this.setState(a, 'suspect');
  }

  private setState(a: Agent, state: NodeState): void {
    if (a.state === state) return;
    a.state = state;
    a.info.state = state;
    if (state === 'dead') {
      // Every attempt with ranks here is fenced until the node is seen again.
      for (const t of this.tracked.values()) if (t.placement.some((r) => r.node === a.spec.name)) a.fenced.add(key(t.wire, t.attempt));
    }
    this.emit({ kind: 'node-state', node: a.spec.name, at: Date.now(), state });
  }

  /** Kills the fenced ranks of a node that answers again. */
  private async unfence(a: Agent): Promise<void> {
    if (!a.client || a.fenced.size === 0) return;
    for (const k of [...a.fenced]) {
      const [jobId, attempt] = k.split('\0');
      await a.client.signal({ jobId, attempt: Number(attempt), signal: 'SIGKILL', wait: true, graceMs: 0 });
      await a.client.forgetJob(jobId!).catch(() => 0);
      a.fenced.delete(k);
    }
  }

  /** Exits seen in a heartbeat reply (or a rank listing) become events. */
  private rankStates(a: Agent, ranks: readonly AgentRankStatus[]): void {
    for (const r of ranks) {
      const t = this.byWire.get(r.jobId);
      if (!t || t.attempt !== r.attempt) {
        // A rank of an attempt this manager killed, still alive on a node that was unreachable.
        if (r.state === 'RANK_STATE_RUNNING' && a.fenced.has(key(r.jobId, r.attempt))) void this.unfence(a).catch(() => undefined);
        continue;
      }
      for (const rank of this.covered(t, a.spec.name, r.rank)) {
        if (!t.started.has(rank) && (r.state === 'RANK_STATE_RUNNING' || r.state === 'RANK_STATE_EXITED')) {
          t.started.add(rank);
          this.emit({ kind: 'started', jobId: t.job.id, at: Number(r.startedMs) || Date.now(), rank, attempt: t.attempt });
        }
        if (t.exited.has(rank)) continue;
        if (r.state === 'RANK_STATE_EXITED' || r.state === 'RANK_STATE_LOST') {
          t.exited.add(rank);
          const lost = r.state === 'RANK_STATE_LOST';
          // Reported once its log is read to the end: the manager tears the job down on the last exit.
          // Rank 0's end waits for the last scalars its event files got, too.
          void this.logDrained(t, r.rank).then(() => (rank === 0 ? this.pollMetricsOf(t) : undefined)).then(() => this.emit({
            kind: 'exited',
            jobId: t.job.id,
            at: Number(r.endedMs) || Date.now(),
            rank,
            exitCode: lost ? -1 : r.exitCode,
            signal: lost ? 'lost (the agent restarted)' : r.signal || undefined,
            attempt: t.attempt,
          }));
        }
      }
    }
  }

  /** Resolves once the rank's log stream has ended, or has brought nothing for LOG_DRAIN_STALL_MS. */
  private async logDrained(t: Tracked, rank: number): Promise<void> {
    const since = Date.now();
    while (!t.logDone.has(rank) && !t.streams.signal.aborted && Date.now() - Math.max(since, t.logActiveAt.get(rank) ?? 0) < LOG_DRAIN_STALL_MS) {
      await new Promise((res) => setTimeout(res, 50));
    }
  }

  /** Placement ranks a process stands for: itself, or for torchrun every rank of its node. */
  private covered(t: Tracked, node: string, processRank: number): number[] {
    if (t.job.spec.launcher !== 'torchrun') return [processRank];
    return t.placement.filter((p) => p.node === node).map((p) => p.rank);
  }

  // ------------------------------------------------------------ launch and watch

  private agentOf(node: string): Agent {
    const a = this.agents.get(node);
    if (!a) throw new Error(`no agent for node "${node}"`);
    return a;
  }

  async launch(job: JobRecord, placement: readonly RankPlacement[], options: { resumeFrom?: string; attempt: number }): Promise<void> {
    const nodes = [...new Set(placement.map((r) => r.node))];
    const hosts = nodes.map((n) => this.agentOf(n).host);
    const t = this.track(job, placement, options.attempt);
    const spec = job.spec;
    const workdir = spec.workdir ?? process.cwd();
    const checkpointDir = spec.checkpoint?.dir ?? join(workdir, 'checkpoints');
    const launchOn = async (node: string, nodeRank: number, masterPort: number): Promise<number> => {
      const a = this.agentOf(node);
      if (!a.client || a.state === 'dead') throw new Error(`node ${node} is not reachable`);
      const mine = placement.filter((r) => r.node === node);
      const vendor = a.info.devices[0]?.vendor ?? 'cpu';
      const reply = await a.client.launch({
        jobId: t.wire,
        attempt: options.attempt,
        launcher: spec.launcher,
        command: spec.command,
        env: spec.env,
        cwd: workdir,
        checkpointDir,
        resumeFrom: options.resumeFrom ?? '',
        rendezvous: {
          masterAddr: hosts[0],
          masterPort,
          worldSize: placement.length,
          nodes: nodes.length,
          nodeRank,
          processesPerNode: spec.resources.processesPerNode,
          hosts,
        },
        ranks: mine.map((r, localRank) => ({ rank: r.rank, localRank, devices: vendor === 'cpu' ? [] : r.devices })),
        // Slots a job asked devices for are held, CPU slots included (their ranks get no device
        // variables); a CPU-only job's slot is only a place in the queue, shared by any number.
        heldDevices: spec.resources.gpusPerProcess > 0 ? mine.flatMap((r) => r.devices) : [],
        deviceVendor: vendor,
        noEventFiles: spec.metrics?.tensorboard === false,
      }).catch((err: unknown) => {
        this.refused(a, err);
        throw err;
      });
      this.rankStates(a, reply.ranks);
      return reply.masterPort;
    };
    if (options.resumeFrom && spec.checkpoint) await this.checkpointFollows(job, t, nodes, checkpointDir, options.resumeFrom, options.attempt);
    try {
      // Rank 0's agent first: it chooses a port free on its node (port 0 asks for that), which the
      // other nodes' ranks then meet on. An agent that predates that answers 0 and used 29500.
      const masterPort = (await launchOn(nodes[0]!, 0, 0)) || 29500;
      await Promise.all(nodes.slice(1).map((node, i) => launchOn(node, i + 1, masterPort)));
    } catch (err) {
      await this.kill(job.id).catch(() => undefined);
      throw err;
    }
    for (const r of placement) this.follow(t, r);
    this.watchCheckpoints(t);
  }

  /**
   * The checkpoint to resume from onto every node of the placement that lacks it (a node-local
   * folder); progress is shown in the job, at most four times a second.
   */
  private async checkpointFollows(job: JobRecord, t: Tracked, nodes: readonly string[], checkpointDir: string, resumeFrom: string, attempt: number): Promise<void> {
    const path = relative(checkpointDir, resumeFrom);
    if (!path || path.startsWith('..') || isAbsolute(path)) return; // not under the job's folder: the user's to place
    const holder = job.lastCheckpoint?.node;
    let shownAt = 0;
    const show = (progress: CopyProgress | undefined) => {
      const now = Date.now();
      if (progress && progress.bytes < progress.total && now - shownAt < 250) return;
      shownAt = now;
      this.emit({ kind: 'transfer', jobId: job.id, at: now, progress, attempt });
    };
    await bringCheckpoint({
      wire: t.wire,
      checkpointDir,
      path,
      targets: nodes,
      sources: [...new Set([...(holder ? [holder] : []), ...nodes, ...this.agents.keys()])],
      client: (n) => {
        const a = this.agents.get(n);
        return a?.client && a.state !== 'dead' ? a.client : undefined;
      },
      onProgress: show,
    });
  }

  private track(job: JobRecord, placement: readonly RankPlacement[], attempt: number): Tracked {
    const old = this.tracked.get(job.id);
    old?.streams.abort();
    if (old) this.byWire.delete(old.wire);
    const t: Tracked = { job, wire: agentJobId(job), attempt, placement, started: new Set(), exited: new Set(), streams: new AbortController(), checkpoints: new Map(), logOffsets: new Map(), logDone: new Set(), logActiveAt: new Map(), metricSeq: new Map() };
    this.tracked.set(job.id, t);
    this.byWire.set(t.wire, t);
    return t;
  }

  /** Streams one rank's output as log (and, for rank 0, metric) events, resuming after errors. */
  private follow(t: Tracked, r: RankPlacement): void {
    const a = this.agentOf(r.node);
    const signal = t.streams.signal;
    void (async () => {
      let pending = '';
      // A character split between two chunks is decoded whole.
      const decoder = new StringDecoder('utf8');
      for (let tries = 0; !signal.aborted && tries < 50; tries++) {
        if (!a.client || a.state === 'dead') return;
        try {
          for await (const chunk of a.client.logs({ jobId: t.wire, attempt: t.attempt, rank: r.rank, offset: t.logOffsets.get(r.rank) ?? 0, follow: true }, signal)) {
            t.logOffsets.set(r.rank, Number(chunk.offset) + chunk.data.length);
            t.logActiveAt.set(r.rank, Date.now());
            pending += decoder.write(chunk.data);
            let start = 0;
            let nl: number;
            while ((nl = pending.indexOf('\n', start)) >= 0) {
              this.line(t, r.rank, pending.slice(start, nl));
              start = nl + 1;
            }
            pending = pending.slice(start);
            // A progress bar (tqdm, Lightning) rewrites its line with \r until the epoch ends: its
            // latest state is read as a metric before the line is whole.
            if (r.rank === 0) this.progress(t, pending);
            if (chunk.eof) {
              pending += decoder.end();
              if (pending) this.line(t, r.rank, pending, true);
              // The rank ended: ask for its exit code now rather than at the next beat.
              void a.client.ranks(t.wire).then((l) => this.rankStates(a, l.ranks)).catch(() => undefined);
              return;
            }
          }
          return;
        } catch (err) {
          // No such rank on the agent (a torchrun node's other ranks share one log): nothing to follow.
          if (signal.aborted || (err as { code?: number }).code === AgentStatus.NOT_FOUND) return;
          await new Promise((res) => setTimeout(res, 500));
        }
      }
    })().finally(() => t.logDone.add(r.rank));
  }

  /** The last whole `\r` segment of an unfinished line, read for metrics once. */
  private progress(t: Tracked, pending: string): void {
    const segment = lastProgressSegment(pending);
    if (segment === undefined || segment === t.lastProgress) return;
    t.lastProgress = segment;
    const metric = parsePrintedMetric(segment, printedForms(t.job.spec));
    if (metric) this.emit({ kind: 'metric', jobId: t.job.id, at: Date.now(), rank: 0, metric, attempt: t.attempt });
  }

  private line(t: Tracked, rank: number, line: string, unterminated = false): void {
    const at = Date.now();
    this.emit({ kind: 'log', jobId: t.job.id, at, rank, stream: 'stdout', line, attempt: t.attempt, ...(unterminated ? { unterminated } : {}) });
    if (rank === 0) {
      const metric = parsePrintedMetric(line, printedForms(t.job.spec));
      if (metric) this.emit({ kind: 'metric', jobId: t.job.id, at, rank, metric, attempt: t.attempt });
    }
  }

  private async pollCheckpoints(): Promise<void> {
    for (const t of this.tracked.values()) {
      if (!t.job.spec.checkpoint) continue;
      try {
        this.noteCheckpoints(t, await this.listCheckpoints(t));
      } catch {
        // The next poll tries again.
      }
    }
  }

  /** New complete checkpoints become events; a new incomplete one means the job is writing one. */
  private noteCheckpoints(t: Tracked, list: readonly CheckpointInfo[]): void {
    if (this.tracked.get(t.job.id) !== t) return;
    for (const c of list) {
      const seen = t.checkpoints.get(c.path);
      if (seen === c.mtimeMs && c.complete) continue;
      if (c.complete) {
        t.checkpoints.set(c.path, c.mtimeMs);
        this.emit({ kind: 'checkpoint', jobId: t.job.id, at: c.mtimeMs, checkpoint: c, attempt: t.attempt });
      } else if (seen === undefined) {
        t.checkpoints.set(c.path, -1);
        this.emit({ kind: 'checkpointing', jobId: t.job.id, at: Date.now(), attempt: t.attempt });
      }
    }
  }

  /**
   * Checkpoint listings pushed by every node of the attempt as soon as they change (the poll
   * stays, for agents without the stream); re-opened after an error until the attempt ends.
   */
  private watchCheckpoints(t: Tracked): void {
    if (!t.job.spec.checkpoint) return;
    for (const node of new Set(t.placement.map((r) => r.node))) {
      const a = this.agentOf(node);
      const open = (tries: number): void => {
        if (t.streams.signal.aborted || !a.client || tries > 50) return;
        const stop = a.client.watchCheckpoints(
          t.wire,
          (reply) => this.noteCheckpoints(t, reply.checkpoints.map((c) => toCheckpointInfo(c, node))),
          (err) => {
            t.streams.signal.removeEventListener('abort', stop);
            if (!err || err.code === AgentStatus.UNIMPLEMENTED || t.streams.signal.aborted) return;
            setTimeout(() => open(tries + 1), 500).unref();
          },
        );
        t.streams.signal.addEventListener('abort', stop, { once: true });
      };
      open(0);
    }
  }

  /** Checkpoints as an agent that ran the job sees them (rank 0's node first). */
  private async listCheckpoints(t: { job: JobRecord; placement: readonly RankPlacement[] }): Promise<CheckpointInfo[]> {
    const candidates = [...new Set(t.placement.map((r) => r.node))].map((n) => this.agents.get(n)).filter((a): a is Agent => !!a);
    // After a restart the placement may be empty: any live agent may still know the job.
    if (candidates.length === 0) candidates.push(...this.agents.values());
    let lastErr: unknown;
    for (const a of candidates.sort((x, y) => Number(x.state !== 'ready') - Number(y.state !== 'ready'))) {
      if (!a.client || a.state === 'dead') continue;
      try {
        return await this.listOn(a, t.job);
      } catch (err) {
        lastErr = err;
      }
    }
    if (lastErr) throw lastErr;
    return [];
  }

  private async listOn(a: Agent, job: JobRecord): Promise<CheckpointInfo[]> {
    const reply = await a.client!.checkpoints(agentJobId(job));
    return reply.checkpoints
      .map((c) => toCheckpointInfo(c, a.spec.name))
      .sort((x, y) => (x.step ?? 0) - (y.step ?? 0) || x.mtimeMs - y.mtimeMs);
  }

  /** Every node of the current attempt lists the job's checkpoint folder, at once, each within 3 s. */
  async surveyCheckpoints(job: JobRecord): Promise<CheckpointSurvey> {
    const placement = this.tracked.get(job.id)?.placement ?? job.placement;
    const nodes = [...new Set(placement.map((r) => r.node))];
    const survey: CheckpointSurvey = { checkpoints: [], nodes: [] };
    await Promise.all(
      nodes.map(async (node) => {
        const a = this.agents.get(node);
        try {
          if (!a?.client) throw new Error('never connected');
          if (a.state === 'dead') throw new Error('dead');
          const list = await withTimeout(this.listOn(a, job), 3000);
          survey.checkpoints.push(...list);
          survey.nodes.push({ node, listed: list.length });
        } catch (err) {
          if (a) this.refused(a, err);
          survey.nodes.push({ node, error: (err as Error).message.split('\n')[0] });
        }
      }),
    );
    survey.nodes.sort((x, y) => x.node.localeCompare(y.node));
    return survey;
  }

  async checkpoints(job: JobRecord): Promise<readonly CheckpointInfo[]> {
    const t = this.tracked.get(job.id);
    const placement = t?.placement ?? job.placement;
    // The latest placement, and the nodes of earlier attempts that know the job too.
    const nodes = placement.length > 0 ? placement : this.cluster.agents.map((a, i) => ({ rank: i, node: a.name, devices: [] }));
    return this.listCheckpoints({ job, placement: nodes });
  }

  async inspectCheckpoint(job: JobRecord, checkpoint: Pick<CheckpointInfo, 'path' | 'node'>): Promise<CheckpointContents> {
    const placement = this.tracked.get(job.id)?.placement ?? job.placement;
    // The node that reported it first, then the job's nodes, then any agent that may know the job.
    const names = [...new Set([...(checkpoint.node ? [checkpoint.node] : []), ...placement.map((r) => r.node), ...this.agents.keys()])];
    let lastErr: unknown = new Error(`no agent is connected to read ${checkpoint.path}`);
    for (const name of names) {
      const a = this.agents.get(name);
      if (!a?.client || a.state === 'dead') continue;
      try {
        return await a.client.inspectCheckpoint(agentJobId(job), checkpoint.path);
      } catch (err) {
        lastErr = err;
      }
    }
    throw lastErr;
  }

  async kill(jobId: string): Promise<void> {
    const t = this.tracked.get(jobId);
    if (!t) return;
    t.streams.abort();
    this.tracked.delete(jobId);
    this.byWire.delete(t.wire);
    const nodes = [...new Set(t.placement.map((r) => r.node))];
    await Promise.all(
      nodes.map(async (node) => {
        const a = this.agentOf(node);
        if (!a.client || a.state === 'dead') {
          a.fenced.add(key(t.wire, t.attempt));
          return;
        }
        try {
          await a.client.kill(t.wire, this.options.killGraceMs ?? 3000, t.attempt);
          await a.client.forgetJob(t.wire).catch(() => 0);
        } catch {
          // Unreachable now: fenced, killed when it answers again.
          a.fenced.add(key(t.wire, t.attempt));
        }
      }),
    );
  }

  async attach(job: JobRecord, placement: readonly RankPlacement[], attempt: number, options: { logOffsets?: ReadonlyMap<number, number> } = {}): Promise<AttachResult> {
    const t = this.track(job, placement, attempt);
    for (const [rank, offset] of options.logOffsets ?? []) t.logOffsets.set(rank, offset);
    const result: AttachResult = { running: [], exited: [], missing: [] };
    for (const node of new Set(placement.map((r) => r.node))) {
      const a = this.agents.get(node);
      const expected = placement.filter((r) => r.node === node).map((r) => r.rank);
      let statuses: AgentRankStatus[] = [];
      try {
        if (!a?.client) throw new Error('unreachable');
        statuses = (await a.client.ranks(t.wire)).ranks.filter((r) => r.attempt === attempt);
      } catch {
        result.missing.push(...expected);
        continue;
      }
      const byRank = new Map<number, AgentRankStatus>();
      for (const s of statuses) for (const r of this.covered(t, node, s.rank)) byRank.set(r, s);
      for (const rank of expected) {
        const s = byRank.get(rank);
        if (!s || s.state === 'RANK_STATE_LOST' || s.state === 'RANK_STATE_UNSPECIFIED') result.missing.push(rank);
        else if (s.state === 'RANK_STATE_RUNNING') result.running.push(rank), t.started.add(rank);
        else {
          t.started.add(rank);
          t.exited.add(rank);
          result.exited.push({ rank, exitCode: s.exitCode });
        }
      }
    }
    if (result.missing.length === 0) {
      for (const r of placement) this.follow(t, r);
      this.watchCheckpoints(t);
    }
    return result;
  }

  async fetchOutputs(job: JobRecord, destDir: string): Promise<FetchedOutput[]> {
    const t = this.tracked.get(job.id);
    const rank0 = (t?.placement ?? job.placement).find((r) => r.rank === 0);
    if (!rank0) throw new Error('rank 0 has no node');
    const a = this.agentOf(rank0.node);
    if (!a.client) throw new Error(`node ${rank0.node} is not reachable`);
    const out: FetchedOutput[] = [];
    for (const path of job.spec.outputs) {
      const localPath = resolve(destDir, path);
      // An output names a file under the job's folder; it lands under destDir, nowhere else.
      const inside = relative(destDir, localPath);
      if (isAbsolute(path) || inside.startsWith('..') || isAbsolute(inside)) throw new Error(`output "${path}" leaves the job's folder`);
      await mkdir(dirname(localPath), { recursive: true });
      const got = await a.client.fetchFileTo({ jobId: agentJobId(job), path, root: 'FILE_ROOT_WORKDIR' }, localPath);
      out.push({ path, localPath, bytes: got.size, sha256: got.sha256 });
    }
    return out;
  }

  async *logs(job: JobRecord, options: LogOptions): AsyncIterable<LogChunk> {
    const placement = this.tracked.get(job.id)?.placement ?? job.placement;
    for (const r of placement) {
      if (options.rank !== undefined && r.rank !== options.rank) continue;
      const a = this.agentOf(r.node);
      if (!a.client) continue;
      for await (const c of a.client.logs({ jobId: agentJobId(job), attempt: job.attempt, rank: r.rank, tailBytes: options.tailBytes, follow: options.follow }, options.signal)) {
        yield { rank: r.rank, attempt: job.attempt, offset: Number(c.offset), text: c.data.toString('utf8') };
      }
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    for (const t of this.tracked.values()) t.streams.abort();
    for (const a of this.agents.values()) {
      a.stopWatch?.();
      a.client?.close();
    }
  }
}

function toCheckpointInfo(c: AgentCheckpoint, node: string): CheckpointInfo {
  return {
    path: c.path,
    format: CheckpointFormat.safeParse(c.format).data ?? 'unknown',
    step: c.step === undefined || c.step === null ? undefined : Number(c.step),
    sizeBytes: Number(c.sizeBytes),
    mtimeMs: Number(c.mtimeMs),
    complete: c.complete,
    tensors: c.tensors === undefined || c.tensors === null ? undefined : Number(c.tensors),
    node,
  };
}

function toNodeInfo(name: string, info: NodeInfo__Output, state: NodeState): NodeInfo {
  const devices: DeviceInfo[] = info.devices.map((d) => ({
    uuid: d.uuid,
    index: d.index,
    model: d.model || 'cpu',
    memoryGiB: d.memoryGib,
    vendor: d.vendor === 'nvidia' || d.vendor === 'amd' || d.vendor === 'cpu' ? d.vendor : 'other',
  }));
  return {
    name,
    devices,
    cpus: info.cpus,
    memoryGiB: info.memoryGib,
    intraLinkGbps: 2400,
    islands: info.islands.length > 0 ? info.islands.map((i) => i.devices) : undefined,
    state,
  };
}
