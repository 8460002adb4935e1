import { z } from 'zod';
import { ClusterShape, NetworkSpec, NodeGroups } from './cluster-spec';
import { atLeast, atMost, LIMITS, seconds } from './limits';

export const HeartbeatSpec = z
  .object({
    intervalSeconds: seconds().min(LIMITS.intervalSecondsMin, atLeast(LIMITS.intervalSecondsMin, 'seconds')).default(1),
    /** Missed heartbeats before a node is suspect. */
    suspectAfterMisses: z.number().int().positive().max(1000, atMost(1000, 'misses')).default(3),
    deadAfterSeconds: seconds().default(30),
  })
  .strict();
export type HeartbeatSpec = z.infer<typeof HeartbeatSpec>;

export const AgentAddress = z
  .object({
    name: z.string().min(1),
    address: z
      .string()
      .regex(/^[^\s:]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/, 'expected HOST:PORT')
      .refine((a) => {
        const port = Number(a.slice(a.lastIndexOf(':') + 1));
        return port >= 1 && port <= 65535;
      }, 'expected a port from 1 to 65535'),
    tokenFile: z.string().optional(),
    tls: z
      .object({ ca: z.string().optional(), cert: z.string().optional(), key: z.string().optional() })
      .strict()
      .optional(),
  })
  .strict();
export type AgentAddress = z.infer<typeof AgentAddress>;

/** The built-in simulator: a preset name or an explicit shape. */
export const SimulatorClusterFile = z
  .object({
    backend: z.literal('simulator'),
    name: z.string().optional(),
    preset: z.string().optional(),
    nodes: NodeGroups.optional(),
    network: NetworkSpec.optional(),
    /** Simulated seconds per wall second when a live view drives the simulator. */
    speedup: z
      .number()
      .min(LIMITS.speedupMin, atLeast(LIMITS.speedupMin, 'simulated seconds a second'))
      .max(LIMITS.speedupMax, atMost(LIMITS.speedupMax, 'simulated seconds a second'))
      .default(60),
    policy: z.string().default('fifo'),
  })
  .strict()
  .refine((c) => (c.preset === undefined) !== (c.nodes === undefined), {
    message: 'give either "preset" or "nodes"',
    path: ['preset'],
  });

export const AgentsClusterFile = z
  .object({
    backend: z.literal('agents'),
    name: z.string().optional(),
    agents: z.array(AgentAddress).min(1, 'expected at least one agent').max(LIMITS.agents, atMost(LIMITS.agents, 'agents')),
    heartbeat: HeartbeatSpec.default({ intervalSeconds: 1, suspectAfterMisses: 3, deadAfterSeconds: 30 }),
    policy: z.string().default('fifo'),
  })
  .strict()
  .superRefine((c, ctx) => {
    // Agents are nodes, known by name: two of one name would be one node twice.
    const first = new Map<string, number>();
    if (!Array.isArray(c.agents)) return;
    c.agents.forEach((a, i) => {
      if (typeof a?.name !== 'string') return;
      const j = first.get(a.name);
      if (j === undefined) first.set(a.name, i);
      else ctx.addIssue({ code: 'custom', path: ['agents', i, 'name'], message: `"${a.name}" is also the name of agents[${j}]; each agent needs its own name` });
    });
  });

export const SlurmClusterFile = z
  .object({
    backend: z.literal('slurm'),
    name: z.string().optional(),
    partition: z.string().min(1),
    account: z.string().optional(),
    /** Host from the user's SSH config; commands run locally when absent. */
    ssh: z.string().optional(),
    /** Folder on the shared file system for job files and checkpoints. */
    sharedDir: z.string().optional(),
    timeLimit: z.string().optional(),
    pollSeconds: seconds().min(LIMITS.intervalSecondsMin, atLeast(LIMITS.intervalSecondsMin, 'seconds')).default(5),
    /** Node.js on the cluster's nodes (path or name on PATH); default: a copy of this Node in sharedDir when local, `node` over SSH. */
    node: z.string().min(1).optional(),
    /** How jobs ask for GPUs: `--gres=gpu:N` (any Slurm) or `--gpus-per-node=N` (19.05+). */
    gpuOption: z.enum(['gres', 'gpus-per-node']).default('gres'),
  })
  .strict();

/**
 * A team's control plane (`openclaw serve`): the jobs, nodes and policy are the server's; this
 * file says only where it is and who is asking (the token names the user).
 */
export const ServerClusterFile = z
  .object({
    backend: z.literal('server'),
    name: z.string().optional(),
    address: AgentAddress.shape.address,
    tokenFile: z.string().min(1, 'expected the path of a file holding your token'),
    tls: z.object({ ca: z.string().optional() }).strict().optional(),
  })
  .strict();

/** A `*.cluster.yaml` file. Without `backend` the file describes a simulated cluster shape. */
export const ClusterFile = z.preprocess(
  (v) => (v && typeof v === 'object' && !('backend' in v) ? { backend: 'simulator', ...v } : v),
  z.discriminatedUnion('backend', [SimulatorClusterFile, AgentsClusterFile, SlurmClusterFile, ServerClusterFile]),
);
export type ClusterFile = z.infer<typeof ClusterFile>;
export type SimulatorClusterFile = z.infer<typeof SimulatorClusterFile>;
export type AgentsClusterFile = z.infer<typeof AgentsClusterFile>;
export type SlurmClusterFile = z.infer<typeof SlurmClusterFile>;
export type ServerClusterFile = z.infer<typeof ServerClusterFile>;

export { ClusterShape };

/** The policy this side schedules with: none where Slurm or a control plane schedules. */
export function policyOf(cluster: ClusterFile): string | undefined {
  return cluster.backend === 'simulator' || cluster.backend === 'agents' ? cluster.policy : undefined;
}
