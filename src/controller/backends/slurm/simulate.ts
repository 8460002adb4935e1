/**
 * "Simulate this cluster": the live Slurm cluster's shape (scontrol show node) and queue (squeue)
 * replayed in OpenClaw's simulator under the cluster's own policy (sched/backfill -> backfill,
 * sched/builtin -> fifo), giving a predicted start time for every pending job — beside Slurm's own
 * estimate where Slurm made one.
 *
 * The model, as Slurm's backfill scheduler itself assumes: every job runs until its time limit
 * (the partition's limit, else `defaultRunSeconds`, when it has none); running jobs keep their
 * nodes until then; pending jobs are considered in Slurm's priority order. Nodes that are down or
 * draining take no new work and are left out. Nodes without GPUs offer their CPUs as `cpu` devices,
 * and CPU-only jobs ask for that many of them.
 */
import type { ClusterShape, NodeGroupSpec } from '../../../core/cluster-spec';
import type { SlurmClusterFile } from '../../../core/cluster-file';
import type { NodeInfo } from '../../../core/device';
import type { SimReport } from '../../../core/sim-report';
import { getPolicy } from '../../../scheduler/policies';
import { simulate } from '../../../../simulator';
import type { Workload, WorkloadJob } from '../../../../simulator';
import { gpuMemoryGiB, nodeInfoOf } from './cluster-view';
import type { SlurmJobStatus } from './job-status';
import { parseSlurmVersion, preferredFormat } from './queue-reader';
import { parseScontrolNodes, parseScontrolRecords } from './scontrol';
import { firstError, LocalShell, SshShell, type Shell } from './shell';
import { parseSinfoPartitions, SINFO_PARTITION_FORMAT } from './sinfo';
import { parseSqueueFormatted, parseSqueueJson, SQUEUE_FORMAT } from './squeue';
import { slurmPhase } from './state';

export interface PendingPrediction {
  slurmId: string;
  name?: string;
  user?: string;
  priority?: number;
  /** What it asks for: devices in total (GPUs, or CPUs for a CPU-only job) over `nodes` nodes. */
  devices: number;
  deviceModel: string;
  nodes: number;
  /** Seconds it is expected to run (its time limit). */
  runSeconds: number;
  /** Predicted start, ms since the epoch; null when it cannot start on this cluster at all. */
  predictedStart: number | null;
  /** Slurm's own estimate (squeue's START_TIME), when it made one. */
  slurmEstimate?: number;
  /** Slurm's pending reason. */
  reason?: string;
}

export interface ClusterSimulation {
  /** When the cluster was read, ms since the epoch. */
  at: number;
  partition: string;
  /** The policy the simulation used, from Slurm's SchedulerType. */
  policy: string;
  schedulerType: string;
  shape: ClusterShape;
  running: number;
  pending: PendingPrediction[];
  report: SimReport;
}

export interface SimulateInput {
  at: number;
  partition: string;
  schedulerType: string;
  nodes: readonly NodeInfo[];
  jobs: readonly SlurmJobStatus[];
  /** Partition time limit, seconds (undefined when unlimited). */
  partitionMaxSeconds?: number;
  defaultRunSeconds?: number;
  /** Override the policy (a built-in policy name). */
  policy?: string;
}

/** Slurm's scheduler plugin -> the built-in policy that behaves like it. */
export function policyOfScheduler(schedulerType: string): string {
  return /backfill/.test(schedulerType) ? 'backfill' : 'fifo';
}

const FAST_LINK_GBPS = 1e9;

/** Identical usable nodes grouped, as the simulator's shape describes a cluster. */
export function shapeOf(nodes: readonly NodeInfo[], name: string): ClusterShape {
  const groups = new Map<string, NodeGroupSpec>();
  for (const n of nodes) {
    if (n.state === 'dead' || n.state === 'draining') continue;
    const model = n.devices[0]?.model ?? 'cpu';
    const count = n.devices.length;
    const memoryGiB = n.devices[0]?.memoryGiB || (model === 'cpu' ? 1 : gpuMemoryGiB(model));
    const key = `${model}|${count}|${memoryGiB}|${n.cpus}|${n.memoryGiB}`;
    const g = groups.get(key);
    if (g) g.count++;
    else {
      groups.set(key, {
        name: `${model}x${count}`.replace(/[^A-Za-z0-9_.-]/g, '-'),
        count: 1,
        devices: { model, count, memoryGiB: Math.max(memoryGiB, 0.1) },
        cpus: Math.max(1, n.cpus),
        memoryGiB: Math.max(n.memoryGiB, 0.1),
        intraLinkGbps: n.intraLinkGbps,
      });
    }
  }
  // Group names must be unique: number repeats of the same model and count.
  const seen = new Map<string, number>();
  const list = [...groups.values()].map((g) => {
    const k = seen.get(g.name) ?? 0;
    seen.set(g.name, k + 1);
    return k === 0 ? g : { ...g, name: `${g.name}-${k}` };
  });
  // Links as fast as can be: a job's time limit already includes its communication.
  return { name, nodes: list.map((g) => ({ ...g, intraLinkGbps: FAST_LINK_GBPS })), network: { bandwidthGbps: FAST_LINK_GBPS, latencyUs: 0 } };
}

/** A Slurm job as a job of the simulated workload (all arrive at 0, in Slurm's priority order). */
function workloadJob(j: SlurmJobStatus, runSeconds: number, cpuOnlyCluster: boolean): WorkloadJob {
  const nodes = Math.max(1, j.nodeCount ?? 1);
  const gpusPerNode = j.gpusPerNode ?? 0;
  const job: WorkloadJob = { id: j.slurmId, arrival: 0, gpus: 0, user: j.user ?? 'unknown', priority: 0, durationSeconds: Math.max(1, runSeconds) };
  if (gpusPerNode > 0) {
    job.gpus = gpusPerNode * nodes;
    job.nodes = nodes;
    job.gpusPerNode = gpusPerNode;
    if (j.gpuType) job.deviceModel = j.gpuType;
  } else {
    // A CPU-only job takes its CPUs as `cpu` devices.
    const cpus = Math.max(nodes, j.cpus ?? nodes);
    job.gpus = cpus;
    if (nodes > 1) {
      job.nodes = nodes;
      job.gpusPerNode = Math.ceil(cpus / nodes);
      job.gpus = job.gpusPerNode * nodes;
    }
    if (!cpuOnlyCluster) job.deviceModel = 'cpu';
  }
  return job;
}

/** Runs the simulation on a cluster's shape and queue (pure: no Slurm commands). */
export function simulateQueue(input: SimulateInput): ClusterSimulation {
  const usable = input.nodes.filter((n) => n.state !== 'dead' && n.state !== 'draining');
  if (usable.length === 0) throw new Error(`partition ${input.partition} has no node that can take jobs`);
  const shape = shapeOf(usable, `slurm:${input.partition}`);
  const cpuOnly = shape.nodes.every((g) => g.devices.model === 'cpu');
  const fallback = input.partitionMaxSeconds ?? input.defaultRunSeconds ?? 3600;
  const runningJobs: WorkloadJob[] = [];
  const pendingJobs: { job: WorkloadJob; status: SlurmJobStatus }[] = [];
  for (const j of input.jobs) {
    const phase = slurmPhase(j.state);
    const limit = j.timeLimitSeconds ?? fallback;
    if (phase === 'running' || phase === 'configuring') {
      const elapsed = j.startTime !== undefined ? Math.max(0, (input.at - j.startTime) / 1000) : 0;
      runningJobs.push(workloadJob(j, Math.max(1, limit - elapsed), cpuOnly));
    } else if (phase === 'pending') {
      pendingJobs.push({ job: workloadJob(j, limit, cpuOnly), status: j });
    }
  }
  // Slurm considers pending jobs by priority, then by submission.
  pendingJobs.sort((a, b) => (b.status.priority ?? 0) - (a.status.priority ?? 0) || (a.status.submitTime ?? 0) - (b.status.submitTime ?? 0));
  const models = [...new Set(shape.nodes.map((g) => g.devices.model))];
  const policyName = input.policy ?? policyOfScheduler(input.schedulerType);
  const workload: Workload = {
    name: `slurm queue of ${input.partition}`,
    source: `slurm:${input.partition}`,
    // Running jobs first: they hold their nodes from the start.
    jobs: [...runningJobs, ...pendingJobs.map((p) => p.job)],
    // Every device runs a job for exactly its time limit: no speed differences are assumed.
    relativeSpeed: Object.fromEntries(models.map((m) => [m, 1])),
    referenceDevice: models[0],
    checkpoint: { everySeconds: 1e9, saveSeconds: 0, restoreSeconds: 0 },
  };
  const report = simulate({ cluster: shape, policy: getPolicy(policyName), workload, noTiming: true });
  const records = new Map(report.jobRecords.map((r) => [r.id, r]));
  const pending: PendingPrediction[] = pendingJobs.map(({ job, status }) => {
    const rec = records.get(job.id);
    const p: PendingPrediction = {
      slurmId: status.slurmId,
      devices: job.gpus,
      deviceModel: job.deviceModel ?? models[0] ?? 'cpu',
      nodes: job.nodes ?? 1,
      runSeconds: job.durationSeconds ?? fallback,
      // To the second: the model is no finer than that.
      predictedStart: rec && rec.start !== null ? input.at + Math.round(rec.start) * 1000 : null,
    };
    if (status.name !== undefined) p.name = status.name;
    if (status.user !== undefined) p.user = status.user;
    if (status.priority !== undefined) p.priority = status.priority;
    if (status.reason !== undefined) p.reason = status.reason;
    if (status.startTime !== undefined && status.startTime > input.at - 60_000) p.slurmEstimate = status.startTime;
    return p;
  });
  return {
    at: input.at,
    partition: input.partition,
    policy: policyName,
    schedulerType: input.schedulerType,
    shape,
    running: runningJobs.length,
    pending,
    report,
  };
}

/** Reads the live cluster through Slurm's commands and simulates its queue. */
export async function simulateSlurmCluster(
  cluster: Pick<SlurmClusterFile, 'partition' | 'ssh'>,
  options: { shell?: Shell; policy?: string; defaultRunSeconds?: number; now?: number } = {},
): Promise<ClusterSimulation> {
  const shell = options.shell ?? (cluster.ssh ? new SshShell(cluster.ssh) : new LocalShell());
  const run = async (argv: string[]) => {
    const r = await shell.run(argv);
    if (r.code !== 0) throw new Error(`${argv.slice(0, 2).join(' ')}: ${firstError(r)}`);
    return r.stdout;
  };
  const at = options.now ?? Date.now();
  const version = parseSlurmVersion(await run(['sinfo', '--version']));
  const config = parseScontrolRecords((await run(['scontrol', 'show', 'config'])).replace(/\s*=\s*/g, '='));
  const schedulerType = config.find((r) => r.SchedulerType !== undefined)?.SchedulerType ?? 'sched/backfill';
  const partitions = parseSinfoPartitions(await run(['sinfo', '-h', '-o', SINFO_PARTITION_FORMAT]));
  const partition = partitions.find((p) => p.name === cluster.partition);
  if (!partition) throw new Error(`Slurm has no partition ${JSON.stringify(cluster.partition)} (it has ${partitions.map((p) => p.name).join(', ')})`);
  const nodes = parseScontrolNodes(await run(['scontrol', 'show', 'node', '-o']))
    .filter((n) => n.partitions.includes(cluster.partition))
    .map(nodeInfoOf);
  const states = ['-t', 'PENDING,RUNNING,CONFIGURING,COMPLETING', '-p', cluster.partition];
  const jobs = preferredFormat(version) === 'json'
    ? parseSqueueJson(await run(['squeue', ...states, '--json'])).filter((j) => j.partition === undefined || j.partition.split(',').includes(cluster.partition))
    : parseSqueueFormatted(await run(['squeue', '-h', ...states, '-o', SQUEUE_FORMAT]));
  return simulateQueue({
    at,
    partition: cluster.partition,
    schedulerType,
    nodes,
    jobs,
    partitionMaxSeconds: partition.maxTimeSeconds,
    defaultRunSeconds: options.defaultRunSeconds,
    policy: options.policy,
  });
}
