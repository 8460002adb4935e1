/**
 * Placement strategies: which free devices a job gets. Policies decide *which* job goes next; a
 * strategy decides *where*. Each returns device ids that pass validate.ts, or undefined when the
 * request cannot be met now. They read the cluster as it stands (including this round's earlier
 * placements) and cost O(nodes visited), not O(cluster).
 *
 * A job's devices stay on one device model when it names none (a gang runs at the pace of its
 * slowest member, so mixing models only wastes the faster ones).
 */
import type { ClusterView, DeviceFilter, JobRequest } from './api';
import { ClusterState } from './cluster-state';
import { deviceFilter, filterOf } from './explain';

export type PlacementStrategy = (cluster: ClusterView, request: JobRequest) => number[] | undefined;

/** Per-node device counts for a fixed node split, largest first. */
function splitCounts(request: JobRequest): number[] {
  const nodes = request.nodes ?? 1;
  if (request.gpusPerNode !== undefined) return new Array<number>(nodes).fill(request.gpusPerNode);
  const base = Math.floor(request.gpus / nodes);
  const extra = request.gpus % nodes;
  return Array.from({ length: nodes }, (_, i) => base + (i < extra ? 1 : 0));
}

/** Filters to try, one device model each, the model with most matching free devices first. */
function modelFilters(cluster: ClusterView, request: JobRequest): readonly DeviceFilter[] {
  const base = filterOf(request);
  if (request.deviceModel !== undefined || cluster.models.length === 1) return [base];
  const out: DeviceFilter[] = [];
  for (const model of cluster.models) {
    const f = deviceFilter(model, request.deviceMemoryGiB);
    if (cluster.freeMatching(f) >= request.gpus) out.push(f);
  }
  if (out.length > 1) out.sort((a, b) => cluster.freeMatching(b) - cluster.freeMatching(a));
  return out;
}

function take(cluster: ClusterView, node: number, filter: DeviceFilter, n: number, out: number[]): void {
  if (cluster instanceof ClusterState) {
    cluster.appendFree(node, filter, n, out);
    return;
  }
  const free = cluster.freeDevicesOn(node, filter, n);
  for (let i = 0; i < n; i++) out.push(free[i]!);
}

/** The node with the fewest free matching devices that still holds `min`, skipping `exclude`. */
function bestNode(cluster: ClusterView, filter: DeviceFilter, min: number, exclude?: ReadonlySet<number>): number | undefined {
  let found: number | undefined;
  cluster.forEachNodeByFree(filter, min, 'asc', (node) => {
    if (exclude?.has(node)) return false;
    found = node;
    return true;
  });
  return found;
}

/** Fixed split: `counts[i]` devices on each of counts.length distinct nodes, picked in `order`. */
function placeSplit(cluster: ClusterView, filter: DeviceFilter, counts: number[], order: 'asc' | 'desc'): number[] | undefined {
  const need = counts[0];
  const nodes: number[] = [];
  cluster.forEachNodeByFree(filter, need!, order, (node) => {
    nodes.push(node);
    return nodes.length >= counts.length;
  });
  if (nodes.length < counts.length) return undefined;
  const out: number[] = [];
  nodes.forEach((node, i) => take(cluster, node, filter, counts[i]!, out));
  return out;
}

/** Fewest nodes: whole largest blocks, then the best-fitting node for the remainder. */
function placeFewestNodes(cluster: ClusterView, filter: DeviceFilter, gpus: number): number[] | undefined {
  if (cluster.freeMatching(filter) < gpus) return undefined;
  const single = bestNode(cluster, filter, gpus);
  if (single !== undefined) {
    const out: number[] = [];
    take(cluster, single, filter, gpus, out);
    return out;
  }
  const chosen = new Set<number>();
  const out: number[] = [];
  let left = gpus;
  cluster.forEachNodeByFree(filter, 1, 'desc', (node, free) => {
    if (free > left) return true;
    chosen.add(node);
    take(cluster, node, filter, free, out);
    left -= free;
    return left === 0;
  });
  if (left > 0) {
    const last = bestNode(cluster, filter, left, chosen);
    if (last === undefined) return undefined;
    take(cluster, last, filter, left, out);
  }
  return out;
}

/**
 * Best fit: the node whose free devices the job fills most tightly (keeping large blocks whole for
 * large jobs); a job larger than any node takes whole nodes first.
 */
export const bestFit: PlacementStrategy = (cluster, request) => {
  if (request.gpus === 0) return [];
  if (cluster.freeMatching(filterOf(request)) < request.gpus) return undefined;
  for (const filter of modelFilters(cluster, request)) {
    const out = request.nodes !== undefined ? placeSplit(cluster, filter, splitCounts(request), 'asc') : placeFewestNodes(cluster, filter, request.gpus);
    if (out) return out;
  }
  return undefined;
};

/**
 * Spread: devices on as many nodes as the request allows, least-loaded nodes first (less
 * interference between jobs, more PCIe and network bandwidth each, at the cost of fragmentation).
 */
export const spread: PlacementStrategy = (cluster, request) => {
  if (request.gpus === 0) return [];
  if (cluster.freeMatching(filterOf(request)) < request.gpus) return undefined;
  for (const filter of modelFilters(cluster, request)) {
    if (request.nodes !== undefined) {
      const out = placeSplit(cluster, filter, splitCounts(request), 'desc');
      if (out) return out;
      continue;
    }
    const nodes: { node: number; free: number }[] = [];
    let total = 0;
    cluster.forEachNodeByFree(filter, 1, 'desc', (node, free) => {
      nodes.push({ node, free });
      total += free;
      return nodes.length >= request.gpus;
    });
    if (total < request.gpus) continue;
    // Round-robin one device a node until the job is whole.
    const counts = new Array<number>(nodes.length).fill(0);
    let left = request.gpus;
    while (left > 0) {
      for (let i = 0; i < nodes.length && left > 0; i++) {
        if (counts[i]! < nodes[i]!.free) {
          counts[i]!++;
          left--;
        }
      }
    }
    const out: number[] = [];
    nodes.forEach((n, i) => {
      if (counts[i]! > 0) take(cluster, n.node, filter, counts[i]!, out);
    });
    return out;
  }
  return undefined;
};

/** Within a node with NVLink islands, the devices of the island that fits the job most tightly. */
function pickOnNode(cluster: ClusterView, node: number, filter: DeviceFilter, n: number): number[] {
  const free = cluster.freeDevicesOn(node, filter);
  const islands = cluster.nodes[node]!.islands;
  if (!islands || islands.length < 2) return free.slice(0, n);
  const freeSet = new Set(free);
  const groups = islands.map((island) => island.filter((d) => freeSet.has(d))).sort((a, b) => a.length - b.length);
  const fits = groups.find((g) => g.length >= n);
  if (fits) return fits.slice(0, n);
  // No island holds it: fill the largest islands first so the fewest links are crossed.
  const out: number[] = [];
  for (const g of groups.reverse()) {
    for (const d of g) if (out.length < n) out.push(d);
  }
  for (const d of free) if (out.length < n && !out.includes(d)) out.push(d);
  return out;
}

/**
 * Topology-aware: one node if any holds the job (and within it one NVLink island if the node has
 * several); otherwise the fewest nodes inside one rack; only then across racks. Device memory is
 * respected through the request's filter.
 */
export const topologyAware: PlacementStrategy = (cluster, request) => {
  if (request.gpus === 0) return [];
  if (cluster.freeMatching(filterOf(request)) < request.gpus) return undefined;
  for (const filter of modelFilters(cluster, request)) {
    if (request.nodes !== undefined) {
      const counts = splitCounts(request);
      if (counts.length === 1) {
        const node = bestNode(cluster, filter, counts[0]!);
        if (node !== undefined) return pickOnNode(cluster, node, filter, counts[0]!);
        continue;
      }
      const out = placeInOneRack(cluster, filter, request.gpus, counts) ?? placeSplit(cluster, filter, counts, 'asc');
      if (out) return out;
      continue;
    }
    const node = bestNode(cluster, filter, request.gpus);
    if (node !== undefined) return pickOnNode(cluster, node, filter, request.gpus);
    const out = placeInOneRack(cluster, filter, request.gpus) ?? placeFewestNodes(cluster, filter, request.gpus);
    if (out) return out;
  }
  return undefined;
};

/** The rack whose free devices hold the job most tightly, filled largest node first. */
function placeInOneRack(cluster: ClusterView, filter: DeviceFilter, gpus: number, counts?: number[]): number[] | undefined {
  const min = counts ? counts[0] : 1;
  const racks = new Map<string, { free: number; nodes: { node: number; free: number }[] }>();
  cluster.forEachNodeByFree(filter, min!, 'desc', (node, free) => {
    const name = cluster.nodes[node]!.rack;
    if (name === undefined) return;
    let r = racks.get(name);
    if (!r) racks.set(name, (r = { free: 0, nodes: [] }));
    r.free += (counts ? counts[0] : free)!;
    r.nodes.push({ node, free });
  });
  let best: { free: number; nodes: { node: number; free: number }[] } | undefined;
  for (const r of racks.values()) {
    const enough = counts ? r.nodes.length >= counts.length : r.free >= gpus;
    if (enough && (!best || r.free < best.free)) best = r;
  }
  if (!best) return undefined;
  const out: number[] = [];
  if (counts) {
    counts.forEach((n, i) => take(cluster, best!.nodes[i]!.node, filter, n, out));
    return out;
  }
  let left = gpus;
  for (const n of best.nodes) {
    const k = Math.min(n.free, left);
    take(cluster, n.node, filter, k, out);
    left -= k;
    if (left === 0) break;
  }
  return out;
}

export const placements: Readonly<Record<string, PlacementStrategy>> = Object.freeze({
  'best-fit': bestFit,
  spread,
  'topology-aware': topologyAware,
});
