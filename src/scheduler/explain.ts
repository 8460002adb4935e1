/**
 * Why a job waits, in words a person can act on. Computed on request (the CLI's --explain, a view's
 * tooltip), never for every waiting job each round.
 */
import type { NeverFitKind } from '../core/sim-report';
import type { ClusterView, DeviceFilter, JobRequest, JobView } from './api';

// One frozen filter object per (model, memory): placement asks for filters per job and per round,
// and must not allocate each time.
const filters = new Map<string | undefined, Map<number | undefined, DeviceFilter>>();

/** The device filter for a model and minimum memory (shared, frozen objects). */
export function deviceFilter(model: string | undefined, minMemoryGiB: number | undefined): DeviceFilter {
  let byMem = filters.get(model);
  if (!byMem) filters.set(model, (byMem = new Map()));
  let f = byMem.get(minMemoryGiB);
  if (!f) byMem.set(minMemoryGiB, (f = Object.freeze({ model, minMemoryGiB })));
  return f;
}

export function filterOf(request: JobRequest): DeviceFilter {
  return deviceFilter(request.deviceModel, request.deviceMemoryGiB);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "8 × a100 (≥ 80 GiB)" */
export function describeRequest(request: JobRequest): string {
  const what = request.deviceModel ?? (request.gpus === 1 ? 'device' : 'devices');
  const mem = request.deviceMemoryGiB !== undefined ? ` (≥ ${request.deviceMemoryGiB} GiB)` : '';
  const split =
    request.nodes === undefined ? '' : request.nodes === 1 ? ' in one node' : ` over ${request.nodes} nodes${request.gpusPerNode !== undefined ? ` (${request.gpusPerNode} each)` : ''}`;
  return `${request.gpus} × ${what}${mem}${split}`;
}

/** Whether the devices the job asks for are free now, ignoring any policy's ordering. */
export function fitsNow(request: JobRequest, cluster: ClusterView): boolean {
  return shortfall(request, cluster) === undefined;
}

/** Why a request can never fit a cluster, whatever runs on it: grouped by `kind` in summaries. */
export interface NeverFit {
  readonly kind: NeverFitKind;
  /** "needs 2 × cpu over 2 nodes (1 each); the cluster has 1 node: it can never start" */
  readonly text: string;
  /** The cluster's most against the ask, in one unit, so that summaries can group jobs (none for 'model'). */
  readonly limit?: NeverFitLimit;
}

export interface NeverFitLimit {
  readonly unit: 'devices' | 'devices of one model' | 'GiB a device' | 'devices a node' | 'nodes';
  /** The most the cluster has: devices in all, of one model, GiB of its largest device, ... */
  readonly has: number;
  /** What the request asks for, in the same unit. */
  readonly asks: number;
}

/**
 * Whether a request is larger than the cluster, counting every device busy or not and every node in
 * any state (a dead node may come back): such a job would wait forever. Undefined when it can fit.
 */
export function neverFits(request: JobRequest, cluster: ClusterView): NeverFit | undefined {
  if (request.gpus === 0) return undefined;
  const need = `needs ${describeRequest(request)}`;
  if (request.deviceModel !== undefined && !cluster.models.includes(request.deviceModel)) {
    return { kind: 'model', text: `${need}; the cluster has no ${request.deviceModel} devices (it has ${cluster.models.join(', ') || 'none'})` };
  }
  let total = 0;
  let largestMem = 0;
  for (const d of cluster.devices) {
    if (request.deviceModel !== undefined && d.model !== request.deviceModel) continue;
    largestMem = Math.max(largestMem, d.memoryGiB);
    if (request.deviceMemoryGiB === undefined || d.memoryGiB >= request.deviceMemoryGiB) total++;
  }
  if (total === 0 && request.deviceMemoryGiB !== undefined) {
    return { kind: 'memory', text: `${need}; the largest ${request.deviceModel ?? 'device'} has ${largestMem} GiB: lower deviceMemoryGiB or pick another model`, limit: { unit: 'GiB a device', has: largestMem, asks: request.deviceMemoryGiB } };
  }
  if (total < request.gpus) return { kind: 'devices', text: `${need}; the cluster has only ${total} such devices in all: it can never start`, limit: { unit: 'devices', has: total, asks: request.gpus } };
  if (request.deviceModel === undefined && cluster.models.length > 1) {
    // Placement keeps a gang on one model: some model must hold the whole job.
    const perModel = new Map<string, number>();
    for (const d of cluster.devices) if (request.deviceMemoryGiB === undefined || d.memoryGiB >= request.deviceMemoryGiB) perModel.set(d.model, (perModel.get(d.model) ?? 0) + 1);
    const most = Math.max(...perModel.values());
    if (most < request.gpus) {
      return { kind: 'one-model', text: `${need}; a job runs on one device model and no model has ${request.gpus} (the most is ${most}): it can never start`, limit: { unit: 'devices of one model', has: most, asks: request.gpus } };
    }
  }
  if (request.nodes !== undefined) {
    // Nodes large enough for one node's share, counting all their matching devices.
    const per = request.gpusPerNode ?? Math.ceil(request.gpus / request.nodes);
    let big = 0;
    let largest = 0;
    for (const node of cluster.nodes) {
      let n = 0;
      for (const id of node.devices) {
        const d = cluster.devices[id]!;
        if (request.deviceModel !== undefined && d.model !== request.deviceModel) continue;
        if (request.deviceMemoryGiB !== undefined && d.memoryGiB < request.deviceMemoryGiB) continue;
        n++;
      }
      largest = Math.max(largest, n);
      if (n >= per) big++;
    }
    if (big < request.nodes) {
      const has = big === 0 ? `no node has ${per} (the largest has ${largest})` : `only ${plural(big, 'node')} ${big === 1 ? 'has' : 'have'} ${per}`;
      // No node large enough is a per-node limit; some, but too few, a limit on nodes.
      const limit: NeverFitLimit = big === 0 ? { unit: 'devices a node', has: largest, asks: per } : { unit: 'nodes', has: big, asks: request.nodes };
      return { kind: 'nodes', text: `${need}; ${has}${cluster.nodes.length < request.nodes ? ` and the cluster has ${plural(cluster.nodes.length, 'node')}` : ''}: it can never start`, limit };
    }
  }
  return undefined;
}

/** The resource reason a job cannot start now, or undefined when its devices are free. */
export function shortfall(request: JobRequest, cluster: ClusterView): string | undefined {
  const need = `needs ${describeRequest(request)}`;
  if (request.gpus === 0) return undefined;
  const filter = filterOf(request);
  const never = neverFits(request, cluster);
  if (never) return never.text;
  let total = 0;
  for (const d of cluster.devices) {
    if (request.deviceModel !== undefined && d.model !== request.deviceModel) continue;
    if (request.deviceMemoryGiB === undefined || d.memoryGiB >= request.deviceMemoryGiB) total++;
  }
  const free = cluster.freeMatching(filter);
  if (free < request.gpus) {
    const holders = new Set<string>();
    for (const d of cluster.devices) {
      if (request.deviceModel !== undefined && d.model !== request.deviceModel) continue;
      if (request.deviceMemoryGiB !== undefined && d.memoryGiB < request.deviceMemoryGiB) continue;
      const j = cluster.jobOn(d.id);
      if (j !== undefined) holders.add(j);
    }
    const held = plural(holders.size, 'running job');
    return free === 0 ? `${need}; all ${total} held by ${held}` : `${need}; ${free} of ${total} free, the rest held by ${held}`;
  }
  if (request.nodes !== undefined) {
    const per = request.gpusPerNode ?? Math.ceil(request.gpus / request.nodes);
    let nodes = 0;
    let example = '';
    cluster.forEachNodeByFree(filter, per, 'desc', (node) => {
      if (nodes === 0) example = cluster.nodes[node]!.name;
      nodes++;
      return nodes >= request.nodes!;
    });
    if (nodes < request.nodes) {
      let largest: { node: number; free: number } | undefined;
      cluster.forEachNodeByFree(filter, 1, 'desc', (node, f) => {
        largest = { node, free: f };
        return true;
      });
      const block = largest ? `largest free block: ${largest.free} on node ${cluster.nodes[largest.node]!.name}` : 'no node has a free device';
      return request.nodes === 1
        ? `${need}; ${block}`
        : `${need}; ${plural(nodes, 'node')} ${nodes === 1 ? 'has' : 'have'} ${per} free${example ? ` (${example})` : ''}; ${block}`;
    }
  }
  return undefined;
}

/**
 * Why `job` waits: the resource shortfall if there is one, else that its devices are free and the
 * policy's order holds it back (`policyReason`, when the policy gave one).
 */
export function explainWait(job: JobView, cluster: ClusterView, policyReason?: string): string {
  if (job.state === 'running') return `running on ${plural(job.devices.length, 'device')}`;
  const short = shortfall(job.request, cluster);
  if (short !== undefined) return short;
  return policyReason ?? `its ${describeRequest(job.request)} are free now; it starts at the next scheduling round unless the policy puts other jobs first`;
}
