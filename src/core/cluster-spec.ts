import { z } from 'zod';
import { DeviceModel, type NodeInfo } from './device';
import { atMost, LIMITS } from './limits';
import { grouped } from './grouped-number';

/** A group of identical nodes; names become `<name>-0`, `<name>-1`, ... */
export const NodeGroupSpec = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected a node name of letters, digits, "-", "_" or "."'),
    count: z.number().int().positive('expected a positive integer').max(LIMITS.clusterNodes, atMost(LIMITS.clusterNodes, 'nodes')),
    devices: z
      .object({
        model: DeviceModel,
        count: z.number().int().nonnegative('expected a non-negative integer').max(LIMITS.devicesPerNode, atMost(LIMITS.devicesPerNode, 'devices on a node')),
        memoryGiB: z.number().positive('expected a positive number').max(LIMITS.memoryGiB, atMost(LIMITS.memoryGiB, 'GiB')),
      })
      .strict(),
    cpus: z.number().int().positive().max(LIMITS.cpusPerProcess, atMost(LIMITS.cpusPerProcess, 'CPUs')).default(32),
    memoryGiB: z.number().positive().max(LIMITS.memoryGiB, atMost(LIMITS.memoryGiB, 'GiB')).default(256),
    /** NVLink or PCIe bandwidth between the node's devices. */
    intraLinkGbps: z.number().positive().default(2400),
    /** Rack name; nodes of a group are split over racks of `nodesPerRack` when given. */
    rack: z.string().optional(),
    nodesPerRack: z.number().int().positive().optional(),
  })
  .strict();
export type NodeGroupSpec = z.infer<typeof NodeGroupSpec>;

export const NetworkSpec = z
  .object({
    bandwidthGbps: z.number().positive('expected a positive number'),
    latencyUs: z.number().nonnegative('expected a non-negative number'),
    /** Bandwidth between racks when lower than within a rack. */
    interRackBandwidthGbps: z.number().positive().optional(),
  })
  .strict();
export type NetworkSpec = z.infer<typeof NetworkSpec>;

/** The node groups of a shape: at least one, and no more nodes and devices than the limits. */
export const NodeGroups = z
  .array(NodeGroupSpec)
  .min(1, 'expected at least one node group')
  .max(LIMITS.nodeGroups, atMost(LIMITS.nodeGroups, 'node groups'))
  .superRefine((groups, ctx) => {
    // (Also run on groups that failed their own checks: every field is read with care, and a group
    // over its own limits has said so already.)
    if (groups.some((g) => !(Number(g?.count) <= LIMITS.clusterNodes) || !(Number(g?.devices?.count) <= LIMITS.devicesPerNode))) return;
    const nodes = groups.reduce((s, g) => s + (Number(g?.count) || 0), 0);
    const devices = groups.reduce((s, g) => s + (Number(g?.count) || 0) * (Number(g?.devices?.count) || 0), 0);
    if (nodes > LIMITS.clusterNodes) ctx.addIssue({ code: 'custom', message: `${grouped(nodes)} nodes in all: ${atMost(LIMITS.clusterNodes, 'nodes in a cluster')}` });
    else if (devices > LIMITS.clusterDevices) ctx.addIssue({ code: 'custom', message: `${grouped(devices)} devices in all: ${atMost(LIMITS.clusterDevices, 'devices in a cluster')}` });
  });

/** The shape of a cluster: what the simulator models, and what the views draw. */
export const ClusterShape = z
  .object({
    name: z.string().optional(),
    nodes: NodeGroups,
    network: NetworkSpec.default({ bandwidthGbps: 100, latencyUs: 5 }),
  })
  .strict();
export type ClusterShape = z.infer<typeof ClusterShape>;

/**
 * The nodes a shape describes, named `<group>-<i>`, devices `<node>/<index>`; with `nodesPerRack`,
 * racks are `<rack or group>-r<k>`. The one expansion of a shape: the simulator, the scheduler's
 * ClusterState and the views all name nodes this way.
 */
export function nodesOfShape(shape: ClusterShape): NodeInfo[] {
  const out: NodeInfo[] = [];
  for (const g of shape.nodes) {
    for (let i = 0; i < g.count; i++) {
      const name = `${g.name}-${i}`;
      const rack = g.nodesPerRack ? `${g.rack ?? g.name}-r${Math.floor(i / g.nodesPerRack)}` : g.rack;
      const devices = [];
      for (let d = 0; d < g.devices.count; d++) {
        devices.push({ uuid: `${name}/${d}`, index: d, model: g.devices.model, memoryGiB: g.devices.memoryGiB, vendor: /^mi\d/.test(g.devices.model) ? ('amd' as const) : ('nvidia' as const) });
      }
      out.push({ name, rack, devices, cpus: g.cpus, memoryGiB: g.memoryGiB, intraLinkGbps: g.intraLinkGbps, state: 'ready' });
    }
  }
  return out;
}
