/**
 * The checks every placement passes before it is applied. Pure: reads the cluster as it stands,
 * which already shows earlier placements of the same round (so a device given twice fails
 * "device-free").
 */
import type { ClusterView, JobView } from './api';
import type { DecisionRule } from './policy-error';

export interface Violation {
  readonly rule: DecisionRule;
  readonly detail: string;
}

function where(cluster: ClusterView, d: number): string {
  const dev = cluster.devices[d];
  return `device ${d} (${cluster.nodes[dev.node].name} #${dev.index})`;
}

/** Why `devices` is not a valid placement for `job` now, or undefined when it is. */
export function checkPlacement(cluster: ClusterView, job: JobView, devices: unknown): Violation | undefined {
  if (!Array.isArray(devices)) return { rule: 'decision-shape', detail: `"devices" must be a list of device ids, got ${typeof devices}` };
  const req = job.request;
  if (devices.length !== req.gpus) {
    return { rule: 'gang', detail: `asks for ${req.gpus} device${req.gpus === 1 ? '' : 's'} placed together, got ${devices.length}` };
  }
  const seen = new Set<number>();
  const perNode = new Map<number, number>();
  for (const d of devices as unknown[]) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d >= cluster.devices.length) {
      return { rule: 'device-exists', detail: `no device ${JSON.stringify(d)} (the cluster has ids 0..${cluster.devices.length - 1})` };
    }
    if (seen.has(d)) return { rule: 'device-unique', detail: `${where(cluster, d)} is listed twice` };
    seen.add(d);
    const dev = cluster.devices[d];
    const node = cluster.nodes[dev.node];
    if (node.state !== 'ready') return { rule: 'node-ready', detail: `${where(cluster, d)} is on a ${node.state} node` };
    const holder = cluster.jobOn(d);
    if (holder !== undefined) return { rule: 'device-free', detail: `${where(cluster, d)} is held by job "${holder}"` };
    if (req.deviceModel !== undefined && dev.model !== req.deviceModel) {
      return { rule: 'device-model', detail: `asks for ${req.deviceModel}, ${where(cluster, d)} is ${dev.model}` };
    }
    if (req.deviceMemoryGiB !== undefined && dev.memoryGiB < req.deviceMemoryGiB) {
      return { rule: 'device-memory', detail: `asks for ${req.deviceMemoryGiB} GiB a device, ${where(cluster, d)} has ${dev.memoryGiB} GiB` };
    }
    perNode.set(dev.node, (perNode.get(dev.node) ?? 0) + 1);
  }
  if (req.nodes !== undefined && perNode.size !== req.nodes) {
    return { rule: 'node-split', detail: `asks for exactly ${req.nodes} node${req.nodes === 1 ? '' : 's'}, got ${perNode.size}` };
  }
  if (req.gpusPerNode !== undefined) {
    for (const [node, n] of perNode) {
      if (n !== req.gpusPerNode) return { rule: 'node-split', detail: `asks for ${req.gpusPerNode} devices a node, got ${n} on ${cluster.nodes[node].name}` };
    }
  }
  return undefined;
}
