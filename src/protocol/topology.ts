/**
 * The cluster as the device-drawing panels see it: nodes in order, devices as columns indexed by a
 * global device number (node order, then index within the node). Columns instead of one object per
 * device keep a 16,384-device message small and quick to check.
 */
import { z } from 'zod';
import type { NodeInfo } from '../core/device';
import { NodeState } from '../core/device';
import { column, nonNegativeInts, numbers } from './columns';

export const TopologyNode = z
  .object({
    name: z.string(),
    rack: z.string().optional(),
    state: NodeState,
    /** Global number of the node's first device; its devices are first .. first+count-1. */
    first: z.number().int().nonnegative(),
    count: z.number().int().nonnegative(),
  })
  .strict();
export type TopologyNode = z.infer<typeof TopologyNode>;

const NODE_STATES = new Set<unknown>(NodeState.options);
const NODE_KEYS = new Set(['name', 'rack', 'state', 'first', 'count']);
const count = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0;

/** TopologyNode's checks in one loop (thousands of nodes on a big cluster). */
function isTopologyNode(x: unknown): boolean {
  if (!x || typeof x !== 'object') return false;
  const n = x as Record<string, unknown>;
  for (const k in n) if (!NODE_KEYS.has(k)) return false;
  return typeof n.name === 'string' && (n.rack === undefined || typeof n.rack === 'string') && NODE_STATES.has(n.state) && count(n.first) && count(n.count);
}

/** Nodes in order, each with its devices' global numbers (first .. first+count-1). */
export const TopologyNodes = () => column<TopologyNode>('nodes as {name, rack?, state, first, count}', isTopologyNode);

export const Topology = z
  .object({
    /** Device models present, in first-seen order; `model` below indexes into it. */
    models: z.array(z.string()),
    nodes: TopologyNodes(),
    /** Per device: index into `models`. */
    model: nonNegativeInts(),
    /** Per device: memory in GiB. */
    memoryGiB: numbers(),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.model.length !== t.memoryGiB.length) ctx.addIssue({ code: 'custom', path: ['memoryGiB'], message: `expected ${t.model.length} entries, one per device` });
    let expected = 0;
    for (let i = 0; i < t.nodes.length; i++) {
      const n = t.nodes[i]!;
      if (n.first !== expected) {
        ctx.addIssue({ code: 'custom', path: ['nodes', i, 'first'], message: `expected ${expected} (devices are numbered in node order)` });
        return;
      }
      expected += n.count;
    }
    if (expected !== t.model.length) ctx.addIssue({ code: 'custom', path: ['model'], message: `expected ${expected} entries, one per device` });
  });
export type Topology = z.infer<typeof Topology>;

/** Builds the topology of NodeInfo records (what controllers and backends report). */
export function topologyFromNodes(nodes: readonly NodeInfo[]): Topology {
  const models: string[] = [];
  const modelIndex = new Map<string, number>();
  const model: number[] = [];
  const memoryGiB: number[] = [];
  const out: TopologyNode[] = [];
  for (const n of nodes) {
    out.push({ name: n.name, ...(n.rack !== undefined ? { rack: n.rack } : {}), state: n.state, first: model.length, count: n.devices.length });
    for (const d of [...n.devices].sort((a, b) => a.index - b.index)) {
      let m = modelIndex.get(d.model);
      if (m === undefined) {
        m = models.length;
        models.push(d.model);
        modelIndex.set(d.model, m);
      }
      model.push(m);
      memoryGiB.push(d.memoryGiB);
    }
  }
  return { models, nodes: out, model, memoryGiB };
}

/** Index of the node holding a global device number (binary search over the nodes' first devices; 0 when there are none). */
export function nodeIndexOf(nodes: readonly Pick<TopologyNode, 'first'>[], device: number): number {
  let lo = 0;
  let hi = nodes.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (nodes[mid]!.first <= device) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Global device number of (node name, device index), for turning placements into cells. */
export function deviceIndexer(topology: Topology): (node: string, index: number) => number | undefined {
  const byName = new Map(topology.nodes.map((n) => [n.name, n] as const));
  return (node, index) => {
    const n = byName.get(node);
    return n && index >= 0 && index < n.count ? n.first + index : undefined;
  };
}
