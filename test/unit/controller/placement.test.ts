import * as assert from 'node:assert/strict';
import { JobSpec } from '../../../src/core/job-spec';
import type { NodeInfo } from '../../../src/core/device';
import { devicesOfPlacement, jobRequest, ranksFromDevices } from '../../../src/controller/placement';
import { ClusterState } from '../../../src/scheduler/cluster-state';

const node = (name: string, model: string, count: number): NodeInfo => ({
  name,
  devices: Array.from({ length: count }, (_, i) => ({ uuid: `${name}/${i}`, index: i, model, memoryGiB: model === 'cpu' ? 0 : 80, vendor: model === 'cpu' ? ('cpu' as const) : ('nvidia' as const) })),
  cpus: 8,
  memoryGiB: 32,
  intraLinkGbps: 2400,
  state: 'ready',
});

describe('placement of ranks', () => {
  it('asks for a CPU slot per process when a job wants no GPU, and GPUs per process otherwise', () => {
    const cpus = new ClusterState([node('n1', 'cpu', 4), node('n2', 'cpu', 4)], { bandwidthGbps: 10, latencyUs: 5 });
    assert.deepEqual(jobRequest(JobSpec.parse({ name: 'a', command: ['x'], resources: { nodes: 2, processesPerNode: 3 } }), cpus), { gpus: 6, nodes: 2, gpusPerNode: 3, deviceModel: 'cpu' });
    const gpus = new ClusterState([node('g1', 'a100', 8)], { bandwidthGbps: 10, latencyUs: 5 });
    assert.deepEqual(jobRequest(JobSpec.parse({ name: 'b', command: ['x'], resources: { nodes: 1, processesPerNode: 2, gpusPerProcess: 4, deviceMemoryGiB: 40 } }), gpus), { gpus: 8, nodes: 1, gpusPerNode: 8, deviceMemoryGiB: 40 });
  });

  it('numbers ranks node by node and maps placements back to device ids', () => {
    const c = new ClusterState([node('g1', 'a100', 4), node('g2', 'a100', 4)], { bandwidthGbps: 10, latencyUs: 5 });
    const spec = JobSpec.parse({ name: 'c', command: ['x'], resources: { nodes: 2, processesPerNode: 2, gpusPerProcess: 2 } });
    // Device ids 4..7 are g2's, 0..3 g1's: given in any order.
    const ranks = ranksFromDevices(spec, [7, 1, 6, 0, 5, 3, 4, 2], c);
    assert.deepEqual(ranks, [
      { rank: 0, node: 'g1', devices: [0, 1] },
      { rank: 1, node: 'g1', devices: [2, 3] },
      { rank: 2, node: 'g2', devices: [0, 1] },
      { rank: 3, node: 'g2', devices: [2, 3] },
    ]);
    assert.deepEqual(devicesOfPlacement(ranks, c)!.sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.equal(devicesOfPlacement([{ rank: 0, node: 'nope', devices: [0] }], c), undefined);
    assert.throws(() => ranksFromDevices(spec, [0, 1, 2, 4, 5, 6, 7, 3].slice(0, 7), c), /expected 4/);
  });

  it('puts rank 0 on the node holding the checkpoint to resume from, when that node is placed', () => {
    const c = new ClusterState([node('g1', 'a100', 2), node('g2', 'a100', 2)], { bandwidthGbps: 10, latencyUs: 5 });
    const spec = JobSpec.parse({ name: 'd', command: ['x'], resources: { nodes: 2, processesPerNode: 1, gpusPerProcess: 2 } });
    assert.deepEqual(ranksFromDevices(spec, [0, 1, 2, 3], c, 'g2').map((r) => [r.rank, r.node]), [[0, 'g2'], [1, 'g1']]);
    assert.deepEqual(ranksFromDevices(spec, [0, 1, 2, 3], c, 'elsewhere').map((r) => [r.rank, r.node]), [[0, 'g1'], [1, 'g2']]);
  });
});
