/**
 * One way in for the CLI and the extension: a cluster file (or its path) -> a running Controller.
 */
import { dirname, join, resolve } from 'node:path';
import type { ClusterFile } from '../core/cluster-file';
import type { Policy } from '../scheduler/api';
import { getPolicy, preparePolicy } from '../scheduler/policies';
import type { Backend, Controller } from './api';
import { AgentsBackend, type AgentsBackendOptions } from './backends/agents';
import { SimulatorBackend, type SimulatorBackendOptions } from './backends/simulator';
import { SlurmBackend, type SlurmBackendOptions } from './backends/slurm';
import { JobManager, type ManagerOptions } from './manager';
import { managerIdentity } from './manager-identity';
import { RemoteController } from './remote-controller';
import { loadClusterFile } from './spec-loader';

export interface ControllerOptions {
  /** Folder of the journal, logs and reports (default: `.openclaw` beside the cluster file, else in the working folder). */
  stateDir?: string;
  /** Folder that relative paths of the cluster file resolve against (token files). */
  baseDir?: string;
  /** A policy object instead of the cluster file's `policy` name (a user policy loaded by the caller). */
  policy?: Policy;
  outputsDir?: ManagerOptions['outputsDir'];
  requestPollMs?: number;
  simulator?: SimulatorBackendOptions;
  agents?: AgentsBackendOptions;
  slurm?: SlurmBackendOptions;
  /** Wraps the backend the manager drives (a control plane's node draining). */
  wrapBackend?: (backend: Backend) => Backend;
  holdBack?: ManagerOptions['holdBack'];
}

export function createBackend(cluster: ClusterFile, options: ControllerOptions = {}): Backend {
  switch (cluster.backend) {
    case 'server':
      throw new Error('a control plane (backend: server) runs the backend itself; connect with createController');
    case 'simulator':
      return new SimulatorBackend(cluster, options.simulator);
    case 'agents':
      return new AgentsBackend(cluster, options.baseDir ?? process.cwd(), options.agents);
    case 'slurm':
      return new SlurmBackend(cluster, { baseDir: options.baseDir, ...options.slurm });
  }
}

/** Starts a job manager on a cluster: the backend connected, the journal replayed. */
export async function createController(cluster: ClusterFile, options: ControllerOptions = {}): Promise<Controller> {
  if (cluster.backend === 'server') return RemoteController.connect(cluster);
  const stateDir = resolve(options.stateDir ?? join(options.baseDir ?? process.cwd(), '.openclaw'));
  const agents = cluster.backend === 'agents' ? { ...options.agents, managerId: options.agents?.managerId ?? managerIdentity(stateDir) } : options.agents;
  const inner = createBackend(cluster, { ...options, agents });
  const backend = options.wrapBackend ? options.wrapBackend(inner) : inner;
  const policyName = cluster.backend === 'slurm' ? 'fifo' : cluster.policy;
  if (!options.policy) await preparePolicy(policyName);
  const policy = options.policy ?? getPolicy(policyName);
  const network = cluster.backend === 'simulator' && inner instanceof SimulatorBackend ? inner.shape.network : undefined;
  return JobManager.start(backend, {
    stateDir,
    policy,
    outputsDir: options.outputsDir,
    requestPollMs: options.requestPollMs,
    network,
    holdBack: options.holdBack,
  });
}

/** Loads a `*.cluster.yaml` (relative paths resolved against its folder) and starts a controller on it. */
export async function createControllerFromFile(path: string, options: ControllerOptions = {}): Promise<Controller> {
  const cluster = loadClusterFile(path);
  const baseDir = options.baseDir ?? dirname(resolve(path));
  return createController(cluster, { ...options, baseDir, stateDir: options.stateDir ?? join(baseDir, '.openclaw') });
}
