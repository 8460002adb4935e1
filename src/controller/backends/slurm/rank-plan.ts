/**
 * What every task of a job's `srun` step needs to start its rank: written by the backend as
 * `job.json` in the job's folder, read by the rank launcher on the compute node. Together with
 * Slurm's task variables (SLURM_PROCID, SLURM_LOCALID, SLURM_NODEID, SLURM_NTASKS,
 * SLURM_JOB_NODELIST) it gives the rendezvous of src/core/rendezvous.ts, the same one the node
 * agents use.
 */
import { z } from 'zod';
import { Launcher } from '../../../core/job-spec';
import { nodeLaunches, rankLaunch, slotsOfNode, type NodeContext, type ProcessLaunch } from '../../../core/rendezvous';
import { expandHostlist } from './hostlist';

export const RankPlan = z.object({
  jobId: z.string(),
  launcher: Launcher,
  command: z.array(z.string()).min(1),
  env: z.record(z.string(), z.string()),
  nodes: z.number().int().positive(),
  processesPerNode: z.number().int().positive(),
  gpusPerProcess: z.number().int().nonnegative(),
  checkpointDir: z.string(),
  /** 1 for the first run; Slurm's requeues add SLURM_RESTART_COUNT. */
  attempt: z.number().int().positive(),
  /** A checkpoint chosen by the user (resume); a requeued run picks the newest complete one itself. */
  resumeFrom: z.string().optional(),
  /** Fixed rendezvous port; default derived from the Slurm job id. */
  masterPort: z.number().int().min(1024).max(65535).optional(),
});
export type RankPlan = z.infer<typeof RankPlan>;

/** The Slurm variables a task reads. */
export interface SlurmTaskEnv {
  SLURM_JOB_ID?: string;
  SLURM_PROCID?: string;
  SLURM_LOCALID?: string;
  SLURM_NODEID?: string;
  SLURM_NTASKS?: string;
  SLURM_JOB_NODELIST?: string;
  SLURM_RESTART_COUNT?: string;
  CUDA_VISIBLE_DEVICES?: string;
  ROCR_VISIBLE_DEVICES?: string;
  [key: string]: string | undefined;
}

/**
 * A port in 29500..39499 from the job id, so that jobs sharing a node rarely meet on one port; a
 * requeued run (Slurm's restart count) takes another one, as its predecessor may still hold it.
 */
export function masterPortFor(slurmJobId: string, restartCount = 0): number {
  const n = Number.parseInt(slurmJobId, 10);
  return 29500 + ((Number.isFinite(n) ? n : 0) + restartCount * 5003) % 10000;
}

function need(env: SlurmTaskEnv, name: keyof SlurmTaskEnv & string): string {
  const v = env[name];
  if (v === undefined || v === '') throw new Error(`${name} is not set: the rank launcher runs only inside an srun step`);
  return v;
}

/** Device indices Slurm made visible on this node ("0,1,2,3"); empty when it gave none. */
function visibleDevices(env: SlurmTaskEnv): { vendor: NodeContext['vendor']; devices: number[] } {
  const cuda = env.CUDA_VISIBLE_DEVICES;
  const rocr = env.ROCR_VISIBLE_DEVICES;
  const list = cuda ?? rocr;
  if (list === undefined || list.trim() === '' || /^NoDevFiles$/i.test(list)) return { vendor: 'cpu', devices: [] };
  const devices = list.split(',').map((d) => Number(d.trim())).filter((d) => Number.isInteger(d) && d >= 0);
  return { vendor: cuda !== undefined ? 'nvidia' : 'amd', devices };
}

/**
 * The process this task starts. Per-rank launchers run one task per rank; torchrun runs one task
 * per node that starts the node's ranks itself.
 */
export function taskLaunch(plan: RankPlan, env: SlurmTaskEnv, resumeFrom: string | undefined): ProcessLaunch {
  const hosts = expandHostlist(need(env, 'SLURM_JOB_NODELIST'));
  const nodeRank = Number(need(env, 'SLURM_NODEID'));
  const worldSize = plan.nodes * plan.processesPerNode;
  const { vendor, devices: visible } = visibleDevices(env);
  const ctx: NodeContext = {
    jobId: plan.jobId,
    attempt: plan.attempt + Number(env.SLURM_RESTART_COUNT ?? '0'),
    nodeRank,
    nodes: plan.nodes,
    processesPerNode: plan.processesPerNode,
    worldSize,
    masterAddr: hosts[0] ?? 'localhost',
    masterPort: plan.masterPort ?? masterPortFor(env.SLURM_JOB_ID ?? '0', Number(env.SLURM_RESTART_COUNT ?? '0') || 0),
    hosts,
    vendor: plan.gpusPerProcess > 0 ? vendor : 'cpu',
    checkpointDir: plan.checkpointDir,
  };
  if (resumeFrom) ctx.resumeFrom = resumeFrom;
  // A rank's share of the GPUs Slurm gave the node: local rank i takes the i-th block.
  const devicesOf = (local: number) => (plan.gpusPerProcess > 0 ? visible.slice(local * plan.gpusPerProcess, (local + 1) * plan.gpusPerProcess) : []);
  let launch: ProcessLaunch;
  if (plan.launcher === 'torchrun') {
    launch = nodeLaunches('torchrun', plan.command, ctx, slotsOfNode(nodeRank, plan.processesPerNode, devicesOf))[0]!;
  } else {
    const rank = Number(need(env, 'SLURM_PROCID'));
    const localRank = Number(need(env, 'SLURM_LOCALID'));
    const ntasks = Number(need(env, 'SLURM_NTASKS'));
    if (ntasks !== worldSize) throw new Error(`srun started ${ntasks} tasks, the job has ${worldSize} ranks`);
    launch = rankLaunch(plan.launcher, plan.command, { ...ctx, rank, localRank, devices: devicesOf(localRank) });
  }
  // The spec's own variables first, so that the rendezvous always wins.
  return { ...launch, env: { ...plan.env, ...launch.env } };
}
