/**
 * Between job specs and the scheduler: what a spec asks for as a JobRequest, and the devices a
 * policy picked as one placement per rank.
 */
import type { JobSpec } from '../core/job-spec';
import type { RankPlacement } from '../core/job';
import type { ClusterView, JobRequest } from '../scheduler/api';

/**
 * A CPU-only rank (gpusPerProcess 0) still takes one device slot, so that the scheduler can place it:
 * a CPU slot on machines without GPUs (agents offer their CPUs as `cpu` devices).
 */
export function slotsPerProcess(spec: Pick<JobSpec, 'resources'>): number {
  return Math.max(1, spec.resources.gpusPerProcess);
}

export function jobRequest(spec: Pick<JobSpec, 'resources'>, cluster: Pick<ClusterView, 'models'>): JobRequest {
  const r = spec.resources;
  const perNode = r.processesPerNode * slotsPerProcess(spec);
  let deviceModel = r.deviceModel;
  if (deviceModel === undefined && r.gpusPerProcess === 0 && cluster.models.includes('cpu')) deviceModel = 'cpu';
  const req: { -readonly [K in keyof JobRequest]: JobRequest[K] } = { gpus: perNode * r.nodes, nodes: r.nodes, gpusPerNode: perNode };
  if (deviceModel !== undefined) req.deviceModel = deviceModel;
  if (r.deviceMemoryGiB !== undefined) req.deviceMemoryGiB = r.deviceMemoryGiB;
  return req;
}

/** Splits the devices a policy chose into ranks: node by node, `processesPerNode` ranks a node. */
export function ranksFromDevices(spec: Pick<JobSpec, 'resources'>, devices: readonly number[], cluster: ClusterView, firstNode?: string): RankPlacement[] {
  const byNode = new Map<number, number[]>();
  for (const id of devices) {
    const d = cluster.devices[id];
    if (!d) throw new Error(`placement names device ${id}, which the cluster does not have`);
    let list = byNode.get(d.node);
    if (!list) byNode.set(d.node, (list = []));
    list.push(d.index);
  }
  const per = slotsPerProcess(spec);
  const ppn = spec.resources.processesPerNode;
  const out: RankPlacement[] = [];
  // `firstNode` (the node holding the checkpoint to resume from) gets rank 0 when it is in the placement.
  const first = (n: number) => Number(cluster.nodes[n]!.name !== firstNode);
  for (const node of [...byNode.keys()].sort((a, b) => first(a) - first(b) || a - b)) {
    const local = byNode.get(node)!.sort((a, b) => a - b);
    if (local.length !== ppn * per) throw new Error(`placement gives node ${cluster.nodes[node]!.name} ${local.length} devices, expected ${ppn * per}`);
    for (let p = 0; p < ppn; p++) out.push({ rank: out.length, node: cluster.nodes[node]!.name, devices: local.slice(p * per, (p + 1) * per) });
  }
  return out;
}

/** Global device ids of a placement in a cluster (undefined when a node or device is unknown). */
export function devicesOfPlacement(placement: readonly RankPlacement[], cluster: ClusterView & { nodeByName(name: string): number | undefined }): number[] | undefined {
  const out: number[] = [];
  for (const r of placement) {
    const node = cluster.nodeByName(r.node);
    if (node === undefined) return undefined;
    for (const local of r.devices) {
      const id = cluster.nodes[node]!.devices.find((g) => cluster.devices[g]!.index === local);
      if (id === undefined) return undefined;
      out.push(id);
    }
  }
  return out;
}

/** Nodes of a placement in rank order, each once. */
export function nodesOf(placement: readonly RankPlacement[]): string[] {
  return [...new Set(placement.map((r) => r.node))];
}

export function devicesHeld(placement: readonly RankPlacement[]): number {
  return placement.reduce((n, r) => n + Math.max(1, r.devices.length), 0);
}
