import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ClusterState, ClusterStateError } from '../../../src/scheduler/cluster-state';
import type { NodeInfo } from '../../../src/core/device';
import { shape } from './mini-driver';

function mixedNodes(): NodeInfo[] {
  const dev = (node: string, i: number, model: string, memoryGiB: number) => ({ uuid: `${node}/${i}`, index: i, model, memoryGiB, vendor: 'nvidia' as const });
  return [
    { name: 'x-0', devices: [0, 1, 2, 3].map((i) => dev('x-0', i, 'a100', 80)), cpus: 8, memoryGiB: 64, intraLinkGbps: 2400, state: 'ready' },
    { name: 'x-1', devices: [0, 1].map((i) => dev('x-1', i, 'a100', 40)).concat([2, 3].map((i) => dev('x-1', i, 'v100', 32))), cpus: 8, memoryGiB: 64, intraLinkGbps: 600, state: 'ready' },
    { name: 'x-2', devices: [0, 1, 2, 3, 4, 5].map((i) => dev('x-2', i, 'a100', 80)), cpus: 8, memoryGiB: 64, intraLinkGbps: 2400, state: 'dead' },
  ];
}

describe('scheduler/ClusterState', () => {
  it('builds from a shape with node and device names as the simulator names them', () => {
    const s = ClusterState.fromShape(shape([{ name: 'a100', count: 2, model: 'a100', gpus: 8 }, { name: 'v100', count: 1, model: 'v100', gpus: 4, memoryGiB: 32 }]));
    assert.deepEqual(s.nodes.map((n) => n.name), ['a100-0', 'a100-1', 'v100-0']);
    assert.equal(s.totalDevices, 20);
    assert.equal(s.freeCount(), 20);
    assert.equal(s.freeCount('v100'), 4);
    assert.equal(s.freeCount('h100'), 0);
    assert.deepEqual(s.models, ['a100', 'v100']);
    assert.equal(s.nodeByName('v100-0'), 2);
  });

  it('counts free devices by model and memory, and only on ready nodes', () => {
    const s = new ClusterState(mixedNodes(), { bandwidthGbps: 100, latencyUs: 5 });
    assert.equal(s.freeCount(), 8, 'x-2 is dead');
    assert.equal(s.freeMatching({ model: 'a100', minMemoryGiB: 80 }), 4);
    assert.equal(s.freeMatching({ model: 'a100' }), 6);
    assert.equal(s.freeMatching({ minMemoryGiB: 40 }), 6);
    assert.equal(s.freeCountOn(1, { model: 'v100' }), 2);
    assert.deepEqual(s.freeDevicesOn(2), []);
    s.setNodeState('x-2', 'ready');
    assert.equal(s.freeCount('a100'), 12);
    assert.deepEqual(s.largestFreeBlock({ model: 'a100' }), { node: 2, free: 6 });
  });

  it('allocates, releases, and refuses a device that is taken or on a node that is not ready', () => {
    const s = ClusterState.fromShape(shape([{ name: 'n', count: 2, model: 'a100', gpus: 4 }]));
    s.allocate('j1', [0, 1, 2]);
    assert.equal(s.freeCount(), 5);
    assert.equal(s.jobOn(1), 'j1');
    assert.deepEqual(s.freeDevicesOn(0), [3]);
    assert.throws(() => s.allocate('j2', [3, 2]), (e: Error) => e instanceof ClusterStateError && /device 2 is held by job "j1"/.test(e.message));
    assert.equal(s.freeCount(), 5, 'a refused allocation changes nothing');
    s.setNodeState(1, 'suspect');
    assert.throws(() => s.allocate('j2', [4]), /suspect/);
    assert.equal(s.freeCount(), 1);
    assert.deepEqual([...s.release('j1')], [0, 1, 2]);
    assert.equal(s.freeCount(), 4);
    assert.deepEqual(s.jobsOnNode(0), []);
  });

  it('visits nodes by free count, best fit first or largest first', () => {
    const s = ClusterState.fromShape(shape([{ name: 'n', count: 4, model: 'a100', gpus: 8 }]));
    s.allocate('a', [0, 1, 2, 3, 4, 5]); // n-0: 2 free
    s.allocate('b', [8, 9, 10, 11]); // n-1: 4 free
    s.allocate('c', [16]); // n-2: 7 free
    const asc: [number, number][] = [];
    s.forEachNodeByFree(undefined, 3, 'asc', (n, f) => void asc.push([n, f]));
    assert.deepEqual(asc, [[1, 4], [2, 7], [3, 8]]);
    const desc: number[] = [];
    s.forEachNodeByFree(undefined, 1, 'desc', (n) => {
      desc.push(n);
      return desc.length === 2;
    });
    assert.deepEqual(desc, [3, 2]);
  });

  it('rolls back tentative changes exactly', () => {
    const s = ClusterState.fromShape(shape([{ name: 'n', count: 3, model: 'a100', gpus: 4 }]));
    s.allocate('keep', [0, 1]);
    s.beginTentative();
    s.release('keep');
    s.allocate('x', [0, 1, 2, 3]);
    s.allocate('y', [4]);
    s.rollbackTentative();
    assert.deepEqual([...s.devicesOf('keep')], [0, 1]);
    assert.deepEqual(s.devicesOf('x'), []);
    assert.equal(s.freeCount(), 10);
  });

  it('rolls back any sequence of tentative changes to the same state (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 1, maxLength: 6 }), { maxLength: 12 }),
        fc.array(fc.oneof(fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 11 })), { maxLength: 20 }),
        (before, during) => {
          const s = ClusterState.fromShape(shape([{ name: 'n', count: 3, model: 'a100', gpus: 8 }]));
          before.forEach((devs, i) => {
            try {
              s.allocate(`b${i}`, devs);
            } catch {
              /* taken */
            }
          });
          const snapshot = () => ({ owners: s.devices.map((d) => s.jobOn(d.id)), free: s.freeCount(), perNode: s.nodes.map((n) => s.freeCountOn(n.id)), block: s.largestFreeBlock()?.free });
          const want = snapshot();
          s.beginTentative();
          during.forEach((op, i) => {
            if (typeof op === 'number') s.release(`b${op}`);
            else {
              try {
                s.allocate(`t${i}`, op);
              } catch {
                /* taken */
              }
            }
          });
          s.rollbackTentative();
          assert.deepEqual(snapshot(), want);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps every index equal to a plain recount under random operations (property)', () => {
    const nodes = mixedNodes();
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('alloc' as const), devs: fc.uniqueArray(fc.integer({ min: 0, max: 13 }), { minLength: 1, maxLength: 5 }) }),
            fc.record({ op: fc.constant('release' as const), job: fc.integer({ min: 0, max: 20 }) }),
            fc.record({ op: fc.constant('node' as const), node: fc.integer({ min: 0, max: 2 }), state: fc.constantFrom('ready' as const, 'dead' as const, 'suspect' as const) }),
          ),
          { maxLength: 60 },
        ),
        (ops) => {
          const s = new ClusterState(nodes, { bandwidthGbps: 1, latencyUs: 1 });
          let n = 0;
          for (const o of ops) {
            if (o.op === 'alloc') {
              try {
                s.allocate(`j${n}`, o.devs);
              } catch (e) {
                assert.ok(e instanceof ClusterStateError);
              }
              n++;
            } else if (o.op === 'release') s.release(`j${o.job}`);
            else s.setNodeState(o.node, o.state);
            // Recount from scratch.
            let free = 0;
            const byModel = new Map<string, number>();
            for (const d of s.devices) {
              const ok = s.jobOn(d.id) === undefined && s.nodes[d.node]!.state === 'ready';
              assert.equal(s.isFree(d.id), ok);
              if (ok) {
                free++;
                byModel.set(d.model, (byModel.get(d.model) ?? 0) + 1);
              }
            }
            assert.equal(s.freeCount(), free);
            for (const m of s.models) assert.equal(s.freeCount(m), byModel.get(m) ?? 0);
            for (const node of s.nodes) assert.deepEqual([...s.freeDevicesOn(node.id)], node.devices.filter((d) => s.isFree(d)));
            // Fast path (one device class) and the mixed-node path (several classes on a node).
            for (const filter of [{ model: 'a100' }, { model: 'a100', minMemoryGiB: 80 }, { model: 'v100' }]) {
              const seen: number[] = [];
              s.forEachNodeByFree(filter, 1, 'asc', (node, f) => {
                assert.equal(f, s.freeCountOn(node, filter));
                seen.push(f);
              });
              assert.deepEqual(seen, [...seen].sort((a, b) => a - b));
              assert.equal(seen.length, s.nodes.filter((x) => s.freeCountOn(x.id, filter) > 0).length);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
