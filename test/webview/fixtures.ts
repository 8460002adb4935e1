/** Clusters and occupancy for the panel tests and benchmarks. */
import type { NodeInfo } from '../../src/core/device';
import { packJobs } from '../../src/protocol/device-map';
import { topologyFromNodes, type Topology } from '../../src/protocol/topology';
import { Rng } from '../../simulator/random';

/** `nodes` nodes of `perNode` devices, models cycling over `models` by rack of 32 nodes. */
export function clusterNodes(nodes: number, perNode: number, models = ['h100', 'a100', 'v100', 'mi300'], racked = true): NodeInfo[] {
  const out: NodeInfo[] = [];
  for (let i = 0; i < nodes; i++) {
    const rackIndex = Math.floor(i / 32);
    const model = models[rackIndex % models.length]!;
    out.push({
      name: `${model}-${i}`,
      ...(racked ? { rack: `rack-${rackIndex}` } : {}),
      cpus: 96,
      memoryGiB: 1024,
      intraLinkGbps: 2400,
      state: 'ready',
      devices: Array.from({ length: perNode }, (_, k) => ({ uuid: `${model}-${i}/${k}`, index: k, model, memoryGiB: model === 'v100' ? 32 : 80, vendor: model === 'mi300' ? 'amd' : 'nvidia' })),
    });
  }
  return out;
}

export function topology(nodes: number, perNode: number, racked = true): Topology {
  return topologyFromNodes(clusterNodes(nodes, perNode, undefined, racked));
}

/** Deterministic pseudo-random numbers in [0, 1): the simulator's seeded generator. */
export function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

/** Jobs of 1–8 devices filling about `fill` of the cluster, in whole blocks. */
export function occupancy(devices: number, fill: number, seed = 1) {
  const r = rng(seed);
  const job: (string | null)[] = new Array(devices).fill(null);
  const util: (number | null)[] = new Array(devices).fill(null);
  const jobs: Record<string, { name: string; state: 'running'; user: string }> = {};
  let d = 0;
  let n = 0;
  while (d < devices) {
    const size = [1, 1, 2, 4, 8][Math.floor(r() * 5)];
    if (r() < fill) {
      const id = `job-${n++}`;
      jobs[id] = { name: `train-${n}`, state: 'running', user: `user${n % 7}` };
      for (let k = 0; k < size! && d + k < devices; k++) {
        job[d + k] = id;
        util[d + k] = Math.round(r() * 100) / 100;
      }
    }
    d += size!;
  }
  return { job, util, jobs, columns: packJobs(Object.entries(jobs)) };
}
