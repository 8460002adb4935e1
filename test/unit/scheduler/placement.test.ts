import assert from 'node:assert/strict';
import type { NodeInfo } from '../../../src/core/device';
import { ClusterState } from '../../../src/scheduler/cluster-state';
import { explainWait, neverFits } from '../../../src/scheduler/explain';
import { jobEntry } from '../../../src/scheduler/job-view';
import { bestFit, spread, topologyAware } from '../../../src/scheduler/placement';
import { checkPlacement } from '../../../src/scheduler/validate';
import { shape } from './mini-driver';

const nodesOf = (s: ClusterState, devices: readonly number[] | undefined) => [...new Set((devices ?? []).map((d) => s.nodes[s.devices[d]!.node]!.name))];

describe('scheduler/placement', () => {
  it('best-fit fills the tightest node and keeps whole nodes for big jobs', () => {
    const s = ClusterState.fromShape(shape([{ name: 'n', count: 3, model: 'a100', gpus: 8 }]));
    s.allocate('x', [0, 1, 2, 3, 4]); // n-0: 3 free
    s.allocate('y', [8]); // n-1: 7 free
    assert.deepEqual(nodesOf(s, bestFit(s, { gpus: 3 })), ['n-0']);
    assert.deepEqual(nodesOf(s, bestFit(s, { gpus: 5 })), ['n-1']);
    assert.deepEqual(nodesOf(s, bestFit(s, { gpus: 8 })), ['n-2']);
    // 10 devices: a whole node, then the tightest node for the remaining 2.
    assert.deepEqual(nodesOf(s, bestFit(s, { gpus: 10 })).sort(), ['n-0', 'n-2']);
    assert.equal(bestFit(s, { gpus: 19 }), undefined);
  });

  it('respects model, per-device memory and a fixed node split', () => {
    const s = ClusterState.fromShape(shape([{ name: 'small', count: 2, model: 'a100', gpus: 4, memoryGiB: 40 }, { name: 'big', count: 2, model: 'a100', gpus: 4, memoryGiB: 80 }]));
    const job = jobEntry({ id: 'j', arrival: 0, request: { gpus: 4, nodes: 2, gpusPerNode: 2, deviceMemoryGiB: 80 } });
    for (const strategy of [bestFit, spread, topologyAware]) {
      const devices = strategy(s, job.request);
      assert.ok(devices, strategy.name);
      assert.equal(checkPlacement(s, job, devices), undefined);
      assert.deepEqual(nodesOf(s, devices).sort(), ['big-0', 'big-1']);
    }
    assert.equal(bestFit(s, { gpus: 1, deviceModel: 'h100' }), undefined);
  });

  it('spread puts a job on as many nodes as it can', () => {
    const s = ClusterState.fromShape(shape([{ name: 'n', count: 4, model: 'a100', gpus: 4 }]));
    assert.equal(nodesOf(s, spread(s, { gpus: 4 })).length, 4);
    assert.equal(nodesOf(s, bestFit(s, { gpus: 4 })).length, 1);
  });

  it('keeps a job on one device model when it names none', () => {
    const s = ClusterState.fromShape(shape([{ name: 'v', count: 1, model: 'v100', gpus: 4 }, { name: 'k', count: 1, model: 'k80', gpus: 4 }]));
    const devices = bestFit(s, { gpus: 4 }) as number[];
    assert.equal(new Set(devices.map((d) => s.devices[d]!.model)).size, 1);
    // 6 devices exist free, but only across models: the gang is not split over models.
    assert.equal(bestFit(s, { gpus: 6 }), undefined);
  });

  it('topology-aware stays inside one rack, and inside one NVLink island', () => {
    const s = ClusterState.fromShape(shape([{ name: 'n', count: 4, model: 'a100', gpus: 4, rack: 'row', nodesPerRack: 2 }]));
    s.allocate('a', [0, 1]); // rack row-r0: n-0 2 free, n-1 4 free
    s.allocate('b', [12, 13, 14]); // rack row-r1: n-2 4 free, n-3 1 free
    const d = topologyAware(s, { gpus: 6 });
    assert.deepEqual(nodesOf(s, d).sort(), ['n-0', 'n-1']);
    const dev = (i: number) => ({ uuid: `m/${i}`, index: i, model: 'h100', memoryGiB: 80, vendor: 'nvidia' as const });
    const node: NodeInfo = { name: 'm', devices: [0, 1, 2, 3, 4, 5, 6, 7].map(dev), cpus: 8, memoryGiB: 64, intraLinkGbps: 900, islands: [[0, 1, 2, 3], [4, 5, 6, 7]], state: 'ready' };
    const t = new ClusterState([node], { bandwidthGbps: 100, latencyUs: 5 });
    t.allocate('x', [0]);
    // Three devices: the island with three free (0..3 minus 0) fits tightest.
    assert.deepEqual(topologyAware(t, { gpus: 3 }), [1, 2, 3]);
    assert.deepEqual((topologyAware(t, { gpus: 4 }) ?? []).sort(), [4, 5, 6, 7]);
  });

  it('explains waits in words a person can act on', () => {
    const s = ClusterState.fromShape(shape([{ name: 'a100', count: 4, model: 'a100', gpus: 8, memoryGiB: 80 }]));
    s.allocate('r0', [0, 1, 2, 3]);
    s.allocate('r1', [8, 9, 10, 11, 12]);
    s.allocate('r2', [16, 17, 18, 19, 20, 21]);
    s.allocate('r3', [24, 25, 26, 27, 28, 29, 30]);
    const job = (request: object) => jobEntry({ id: 'j', arrival: 0, request: { gpus: 8, ...request } });
    assert.equal(explainWait(job({ nodes: 1, deviceModel: 'a100', deviceMemoryGiB: 80 }), s), 'needs 8 × a100 (≥ 80 GiB) in one node; largest free block: 4 on node a100-0');
    assert.equal(explainWait(job({ deviceModel: 'h100' }), s), 'needs 8 × h100; the cluster has no h100 devices (it has a100)');
    assert.equal(explainWait(job({ deviceMemoryGiB: 141 }), s), 'needs 8 × devices (≥ 141 GiB); the largest device has 80 GiB: lower deviceMemoryGiB or pick another model');
    assert.equal(explainWait(job({ gpus: 64 }), s), 'needs 64 × devices; the cluster has only 32 such devices in all: it can never start');
    assert.equal(explainWait(job({ gpus: 12 }), s), 'needs 12 × devices; 10 of 32 free, the rest held by 4 running jobs');
    assert.match(explainWait(job({}), s), /are free now/);
    s.allocate('r4', [4, 5, 6, 7, 13, 14, 15, 22, 23, 31]);
    assert.equal(explainWait(job({ gpus: 1 }), s), 'needs 1 × device; all 32 held by 5 running jobs');
  });

  it('tells a job that can never fit from one that waits, busy devices or not', () => {
    // One machine with two CPU slots: what "Start Local Agent" gives on a small machine.
    const one = ClusterState.fromShape(shape([{ name: 'local', count: 1, model: 'cpu', gpus: 2 }]));
    const twoNodes = { gpus: 2, nodes: 2, gpusPerNode: 1, deviceModel: 'cpu' };
    assert.deepEqual(neverFits(twoNodes, one), {
      kind: 'nodes',
      text: 'needs 2 × cpu over 2 nodes (1 each); only 1 node has 1 and the cluster has 1 node: it can never start',
      limit: { unit: 'nodes', has: 1, asks: 2 },
    });
    assert.match(explainWait(jobEntry({ id: 'j', arrival: 0, request: twoNodes }), one), /it can never start$/);
    // Two processes on one node fit, and still fit when both slots are busy: it only waits.
    const oneNode = { gpus: 2, nodes: 1, gpusPerNode: 2, deviceModel: 'cpu' };
    assert.equal(neverFits(oneNode, one), undefined);
    one.allocate('other', [0, 1]);
    assert.equal(neverFits(oneNode, one), undefined);
    assert.doesNotMatch(explainWait(jobEntry({ id: 'j', arrival: 0, request: oneNode }), one), /never/);
    // Nodes too small for one node's share, though the cluster has devices enough in all.
    const small = ClusterState.fromShape(shape([{ name: 'n', count: 4, model: 'a100', gpus: 4 }]));
    assert.deepEqual(neverFits({ gpus: 16, nodes: 2, gpusPerNode: 8 }, small)?.limit, { unit: 'devices a node', has: 4, asks: 8 });
    assert.equal(neverFits({ gpus: 16, nodes: 4, gpusPerNode: 4 }, small), undefined);
    assert.deepEqual(neverFits({ gpus: 32 }, small), { kind: 'devices', text: 'needs 32 × devices; the cluster has only 16 such devices in all: it can never start', limit: { unit: 'devices', has: 16, asks: 32 } });
    assert.equal(neverFits({ gpus: 1, deviceModel: 'h100' }, small)?.kind, 'model');
    assert.equal(neverFits({ gpus: 1, deviceMemoryGiB: 200 }, small)?.kind, 'memory');
  });
});
