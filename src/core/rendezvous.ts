/**
 * How each framework's ranks find each other: the argv and environment of the processes a launcher
 * starts on one node. Pure (no I/O): the node agent and the Slurm backend both build their processes
 * from it, so a job meets the same way wherever it runs.
 *
 * - pytorch: one process per rank; `dist.init_process_group()` reads MASTER_ADDR, MASTER_PORT,
 *   WORLD_SIZE, RANK, LOCAL_RANK from the environment.
 * - torchrun (torch 2.x): one `torch.distributed.run` per node that starts the node's ranks itself.
 * - tensorflow: one process per rank with TF_CONFIG (worker i at host:masterPort+localRank).
 * - jax: one process per rank with the coordinator address, process count and id
 *   (JAX_COORDINATOR_ADDRESS, JAX_NUM_PROCESSES, JAX_PROCESS_ID, read by
 *   `jax.distributed.initialize()`).
 * - plain: one process per rank with only the OpenClaw variables (and RANK/WORLD_SIZE for convenience).
 */
import type { Launcher } from './job-spec';
import type { DeviceInfo } from './device';

export type DeviceVendor = DeviceInfo['vendor'];

/** What every process of one node of a job attempt shares. */
export interface NodeContext {
  jobId: string;
  /** 1 for the first run, 2 after the first restart, ... */
  attempt: number;
  nodeRank: number;
  nodes: number;
  processesPerNode: number;
  worldSize: number;
  masterAddr: string;
  masterPort: number;
  /** One host per node, in node-rank order. */
  hosts: readonly string[];
  vendor: DeviceVendor;
  checkpointDir: string;
  /** Checkpoint to resume from; absent for a fresh start. */
  resumeFrom?: string;
}

/** One rank of this node. */
export interface RankSlot {
  rank: number;
  localRank: number;
  /** Device indices within the node; empty for CPU-only ranks. */
  devices: readonly number[];
}

/** Everything for one rank: the node's context plus its own slot. */
export type RankContext = NodeContext & RankSlot;

/** A process to start: argv (never a shell string) and the variables added to the environment. */
export interface ProcessLaunch {
  /** The rank the process is, or for torchrun the first rank of the node. */
  rank: number;
  localRank: number;
  devices: number[];
  argv: string[];
  env: Record<string, string>;
}

const PYTHON = /(^|\/)python[0-9.]*$/;

/** Variables every process gets, whatever the framework. */
export function openclawEnv(ctx: NodeContext): Record<string, string> {
  const env: Record<string, string> = {
    OPENCLAW_JOB_ID: ctx.jobId,
    OPENCLAW_ATTEMPT: String(ctx.attempt),
    OPENCLAW_CHECKPOINT_DIR: ctx.checkpointDir,
    OPENCLAW_NODE_RANK: String(ctx.nodeRank),
    OPENCLAW_WORLD_SIZE: String(ctx.worldSize),
  };
  if (ctx.resumeFrom) env.OPENCLAW_RESUME_FROM = ctx.resumeFrom;
  return env;
}

/** CUDA_VISIBLE_DEVICES or HIP_VISIBLE_DEVICES for the devices placed; nothing for CPU ranks. */
export function deviceEnv(vendor: DeviceVendor, devices: readonly number[]): Record<string, string> {
  if (vendor === 'nvidia') return { CUDA_VISIBLE_DEVICES: devices.join(',') };
  if (vendor === 'amd') return { HIP_VISIBLE_DEVICES: devices.join(',') };
  return {};
}

/** The `host:port` a TensorFlow worker of this rank listens on. */
function tfWorker(ctx: NodeContext, rank: number): string {
  const node = Math.floor(rank / ctx.processesPerNode);
  const local = rank % ctx.processesPerNode;
  return `${hostAt(ctx, node)}:${ctx.masterPort + local}`;
}

function hostAt(ctx: NodeContext, node: number): string {
  const host = ctx.hosts[node];
  if (host === undefined) throw new Error(`no host given for node ${node} (got ${ctx.hosts.length} hosts for ${ctx.nodes} nodes)`);
  return host;
}

/** The argv and environment of one rank for the per-rank launchers (all but torchrun). */
export function rankLaunch(launcher: Exclude<Launcher, 'torchrun'>, command: readonly string[], ctx: RankContext): ProcessLaunch {
  const env: Record<string, string> = { ...openclawEnv(ctx), ...deviceEnv(ctx.vendor, ctx.devices) };
  switch (launcher) {
    case 'pytorch':
      Object.assign(env, {
        MASTER_ADDR: ctx.masterAddr,
        MASTER_PORT: String(ctx.masterPort),
        WORLD_SIZE: String(ctx.worldSize),
        RANK: String(ctx.rank),
        LOCAL_RANK: String(ctx.localRank),
        LOCAL_WORLD_SIZE: String(ctx.processesPerNode),
        GROUP_RANK: String(ctx.nodeRank),
      });
      break;
    case 'tensorflow': {
      const workers = Array.from({ length: ctx.worldSize }, (_, r) => tfWorker(ctx, r));
      env.TF_CONFIG = JSON.stringify({ cluster: { worker: workers }, task: { type: 'worker', index: ctx.rank } });
      break;
    }
    case 'jax':
      Object.assign(env, {
        JAX_COORDINATOR_ADDRESS: `${ctx.masterAddr}:${ctx.masterPort}`,
        JAX_NUM_PROCESSES: String(ctx.worldSize),
        JAX_PROCESS_ID: String(ctx.rank),
      });
      break;
    case 'plain':
      Object.assign(env, { RANK: String(ctx.rank), LOCAL_RANK: String(ctx.localRank), WORLD_SIZE: String(ctx.worldSize) });
      break;
  }
  return { rank: ctx.rank, localRank: ctx.localRank, devices: [...ctx.devices], argv: [...command], env };
}

/**
 * One torchrun per node wrapping the user's command. A Python command runs as
 * `python -m torch.distributed.run ... script args` with the same interpreter; anything else through
 * `--no_python`. Flags use the underscore spelling that torch 1.x and 2.x both accept.
 */
export function torchrunLaunch(command: readonly string[], ctx: NodeContext, slots: readonly RankSlot[]): ProcessLaunch {
  const devices = [...new Set(slots.flatMap((s) => s.devices))].sort((a, b) => a - b);
  const flags = [
    `--nnodes=${ctx.nodes}`,
    `--nproc_per_node=${ctx.processesPerNode}`,
    `--node_rank=${ctx.nodeRank}`,
    `--master_addr=${ctx.masterAddr}`,
    `--master_port=${ctx.masterPort}`,
  ];
  const [first, ...rest] = command;
  if (first === undefined) throw new Error('expected a command');
  const argv = PYTHON.test(first) && rest.length > 0 && rest[0] !== '-c'
    ? [first, '-m', 'torch.distributed.run', ...flags, ...rest]
    : ['torchrun', ...flags, '--no_python', ...command];
  const firstRank = Math.min(...slots.map((s) => s.rank), ctx.nodeRank * ctx.processesPerNode);
  return { rank: firstRank, localRank: 0, devices, argv, env: { ...openclawEnv(ctx), ...deviceEnv(ctx.vendor, devices) } };
}

/** Every process one node starts for its ranks: one per rank, or one torchrun for the node. */
export function nodeLaunches(launcher: Launcher, command: readonly string[], ctx: NodeContext, slots: readonly RankSlot[]): ProcessLaunch[] {
  if (slots.length === 0) return [];
  if (launcher === 'torchrun') return [torchrunLaunch(command, ctx, slots)];
  return slots.map((slot) => rankLaunch(launcher, command, { ...ctx, ...slot }));
}

/** The ranks of node `nodeRank` when ranks are laid out node by node (rank = node * ppn + local). */
export function slotsOfNode(nodeRank: number, processesPerNode: number, devicesOf: (localRank: number) => readonly number[] = () => []): RankSlot[] {
  return Array.from({ length: processesPerNode }, (_, local) => ({
    rank: nodeRank * processesPerNode + local,
    localRank: local,
    devices: devicesOf(local),
  }));
}
