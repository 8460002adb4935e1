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
  return `device ${d} (${cluster.nodes[dev!.node]!.name} #${dev!.index})`;
}

// Scratch marks reused across calls (a placement check runs for every decision, so it must not
// allocate): a device or node is marked when its entry equals the current stamp.
let stamp = 0;
let deviceMark = new Uint32Array(0);
let nodeMark = new Uint32Array(0);
let nodeCount = new Int32Array(0);

function nextStamp(devices: number, nodes: number): number {
  if (deviceMark.length < devices) deviceMark = new Uint32Array(devices);
  if (nodeMark.length < nodes) {
    nodeMark = new Uint32Array(nodes);
    nodeCount = new Int32Array(nodes);
  }
  stamp = (stamp + 1) >>> 0;
  if (stamp === 0) {
    deviceMark.fill(0);
    nodeMark.fill(0);
    stamp = 1;
  }
  return stamp;
}

/** Why `devices` is not a valid placement for `job` now, or undefined when it is. */
export function checkPlacement(cluster: ClusterView, job: JobView, devices: unknown): Violation | undefined {
  if (!Array.isArray(devices)) return { rule: 'decision-shape', detail: `"devices" must be a list of device ids, got ${typeof devices}` };
  const req = job.request;
  if (devices.length !== req.gpus) {
    return { rule: 'gang', detail: `asks for ${req.gpus} device${req.gpus === 1 ? '' : 's'} placed together, got ${devices.length}` };
  }
  const all = cluster.devices;
  const s = nextStamp(all.length, cluster.nodes.length);
  let distinctNodes = 0;
  for (let i = 0; i < devices.length; i++) {
    const d: unknown = devices[i];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d >= all.length) {
      return { rule: 'device-exists', detail: `no device ${JSON.stringify(d)} (the cluster has ids 0..${all.length - 1})` };
    }
    if (deviceMark[d] === s) return { rule: 'device-unique', detail: `${where(cluster, d)} is listed twice` };
    deviceMark[d] = s;
    const dev = all[d];
    const node = cluster.nodes[dev!.node];
    if (node!.state !== 'ready') return { rule: 'node-ready', detail: `${where(cluster, d)} is on a ${node!.state} node` };
    const holder = cluster.jobOn(d);
    if (holder !== undefined) return { rule: 'device-free', detail: `${where(cluster, d)} is held by job "${holder}"` };
    if (req.deviceModel !== undefined && dev!.model !== req.deviceModel) {
      return { rule: 'device-model', detail: `asks for ${req.deviceModel}, ${where(cluster, d)} is ${dev!.model}` };
    }
    if (req.deviceMemoryGiB !== undefined && dev!.memoryGiB < req.deviceMemoryGiB) {
      return { rule: 'device-memory', detail: `asks for ${req.deviceMemoryGiB} GiB a device, ${where(cluster, d)} has ${dev!.memoryGiB} GiB` };
    }
    if (nodeMark[dev!.node] !== s) {
      nodeMark[dev!.node] = s;
      nodeCount[dev!.node] = 0;
      distinctNodes++;
    }
    nodeCount[dev!.node]!++;
  }
  if (req.nodes !== undefined && distinctNodes !== req.nodes) {
    return { rule: 'node-split', detail: `asks for exactly ${req.nodes} node${req.nodes === 1 ? '' : 's'}, got ${distinctNodes}` };
  }
  if (req.gpusPerNode !== undefined) {
    for (let i = 0; i < devices.length; i++) {
      const node = all[devices[i] as number]!.node;
      if (nodeCount[node] !== req.gpusPerNode) {
        return { rule: 'node-split', detail: `asks for ${req.gpusPerNode} devices a node, got ${nodeCount[node]} on ${cluster.nodes[node]!.name}` };
      }
    }
  }
  return undefined;
}
