import { z } from 'zod';
import { DeviceModel } from './device';

/** A group of identical nodes; names become `<name>-0`, `<name>-1`, ... */
export const NodeGroupSpec = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected a node name of letters, digits, "-", "_" or "."'),
    count: z.number().int().positive('expected a positive integer'),
    devices: z
      .object({
        model: DeviceModel,
        count: z.number().int().nonnegative('expected a non-negative integer'),
        memoryGiB: z.number().positive('expected a positive number'),
      })
      .strict(),
    cpus: z.number().int().positive().default(32),
    memoryGiB: z.number().positive().default(256),
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

/** The shape of a cluster: what the simulator models, and what the views draw. */
export const ClusterShape = z
  .object({
    name: z.string().optional(),
    nodes: z.array(NodeGroupSpec).min(1, 'expected at least one node group'),
    network: NetworkSpec.default({ bandwidthGbps: 100, latencyUs: 5 }),
  })
  .strict();
export type ClusterShape = z.infer<typeof ClusterShape>;
