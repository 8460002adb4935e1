/**
 * Slurm's nodes as OpenClaw's NodeInfo: GRES become devices (one per GPU), a node without GPUs offers
 * its CPUs as `cpu` devices (as the node agents do), and Slurm's node states map onto ready /
 * suspect / draining / dead.
 */
import type { DeviceInfo, NodeInfo, NodeState } from '../../../core/device';
import type { SlurmNode } from './scontrol';

/** Memory of common GPU models when Slurm does not say (GRES carry no memory size). */
const KNOWN_GPU_MEMORY_GIB: Record<string, number> = {
  h200: 141, h100: 80, gh200: 96, a100: 80, 'a100-40': 40, a40: 48, a30: 24, a10: 24, l40s: 48, l40: 48, l4: 24,
  v100: 32, p100: 16, k80: 12, t4: 16, mi300x: 192, mi300: 192, mi250x: 128, mi250: 128, mi210: 64, mi100: 32,
};
const UNKNOWN_GPU_MEMORY_GIB = 16;

export function gpuMemoryGiB(model: string): number {
  return KNOWN_GPU_MEMORY_GIB[model] ?? KNOWN_GPU_MEMORY_GIB[model.replace(/[-_](sxm|pcie|nvl)\d*$/, '')] ?? UNKNOWN_GPU_MEMORY_GIB;
}

export interface GresGpu {
  model: string;
  count: number;
}

/** "gpu:a100:4(S:0-1),gpu:v100:2,mps:400" -> [{a100, 4}, {v100, 2}]; an untyped "gpu:2" has model "gpu". */
export function gpusOfGres(gres: string): GresGpu[] {
  const out: GresGpu[] = [];
  for (const raw of gres.split(/,(?![^(]*\))/)) {
    const item = raw.trim().replace(/\(.*\)$/, '');
    const parts = item.split(':');
    if (parts[0] !== 'gpu') continue;
    if (parts.length === 2 && /^\d+$/.test(parts[1]!)) out.push({ model: 'gpu', count: Number(parts[1]) });
    else if (parts.length >= 3 && /^\d+$/.test(parts[2]!)) out.push({ model: parts[1]!.toLowerCase(), count: Number(parts[2]) });
    else if (parts.length === 2) out.push({ model: parts[1]!.toLowerCase(), count: 1 });
  }
  return out;
}

/** Slurm's base state and flags -> OpenClaw's node state. */
export function nodeState(states: readonly string[]): NodeState {
  const has = (s: string) => states.includes(s);
  if (has('DOWN') || has('POWERED_DOWN') || has('POWER_DOWN') || has('FUTURE') || has('FAIL')) return 'dead';
  if (has('NOT_RESPONDING') || has('UNKNOWN') || has('NO_RESPOND')) return 'suspect';
  if (has('DRAIN') || has('DRAINING') || has('DRAINED') || has('FAILING') || has('MAINT') || has('REBOOT_REQUESTED') || has('RESERVED')) return 'draining';
  return 'ready';
}

const vendorOf = (model: string): DeviceInfo['vendor'] => (/^mi\d/.test(model) ? 'amd' : 'nvidia');

export function nodeInfoOf(node: SlurmNode): NodeInfo {
  const devices: DeviceInfo[] = [];
  for (const g of gpusOfGres(node.gres)) {
    for (let i = 0; i < g.count; i++) {
      const index = devices.length;
      devices.push({ uuid: `${node.name}/${index}`, index, model: g.model, memoryGiB: gpuMemoryGiB(g.model), vendor: vendorOf(g.model) });
    }
  }
  const memoryGiB = Math.round((node.realMemoryMiB / 1024) * 10) / 10;
  if (devices.length === 0) {
    const per = node.cpus > 0 ? Math.round((memoryGiB / node.cpus) * 10) / 10 : 0;
    for (let i = 0; i < node.cpus; i++) devices.push({ uuid: `${node.name}/cpu${i}`, index: i, model: 'cpu', memoryGiB: per, vendor: 'cpu' });
  }
  return { name: node.name, devices, cpus: node.cpus, memoryGiB, intraLinkGbps: 2400, state: nodeState(node.states) };
}

/** The nodes of one partition (all nodes when `partition` is undefined). */
export function partitionNodes(nodes: readonly SlurmNode[], partition: string | undefined): NodeInfo[] {
  return nodes.filter((n) => partition === undefined || n.partitions.includes(partition)).map(nodeInfoOf);
}
