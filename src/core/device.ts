import { z } from 'zod';

/** Device models are lower-case identifiers such as `a100`, `h100`, `v100`, `mi300`, `cpu`. */
export const DeviceModel = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected a lower-case device model such as "a100"');
export type DeviceModel = z.infer<typeof DeviceModel>;

/** One accelerator (or, on a machine without one, a CPU slot) as the scheduler sees it. */
export const DeviceInfo = z.object({
  /** Stable identifier: the GPU UUID on real hardware, `<node>/<index>` in the simulator. */
  uuid: z.string(),
  /** Index of the device within its node (what CUDA_VISIBLE_DEVICES would name). */
  index: z.number().int().nonnegative(),
  model: DeviceModel,
  memoryGiB: z.number().nonnegative(),
  vendor: z.enum(['nvidia', 'amd', 'cpu', 'other']).default('nvidia'),
});
export type DeviceInfo = z.infer<typeof DeviceInfo>;

export const NodeState = z.enum(['ready', 'suspect', 'dead', 'draining']);
export type NodeState = z.infer<typeof NodeState>;

/** A machine with its devices, as reported by an agent, Slurm or the simulator's cluster model. */
export const NodeInfo = z.object({
  name: z.string().min(1),
  rack: z.string().optional(),
  devices: z.array(DeviceInfo),
  cpus: z.number().int().nonnegative(),
  memoryGiB: z.number().nonnegative(),
  /** Bandwidth between devices of this node (NVLink or PCIe), Gbit/s. */
  intraLinkGbps: z.number().positive().default(2400),
  /** Devices joined by the fast link; several islands per node when NVLink is partial. */
  islands: z.array(z.array(z.number().int().nonnegative())).optional(),
  state: NodeState.default('ready'),
});
export type NodeInfo = z.infer<typeof NodeInfo>;
