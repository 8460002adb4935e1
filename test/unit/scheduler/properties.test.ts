/**
 * Property tests over random clusters and workloads, driving every built-in policy through the
 * Scheduler: no device is ever held by two jobs, no gang is broken (the mini driver checks both
 * against its own record), and every job finishes (under las and drf within a bound that a job
 * starved forever would exceed).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ClusterShape } from '../../../src/core/cluster-spec';
import { getPolicy, policyNames } from '../../../src/scheduler/policies';
import { loadLpSolver } from '../../../src/scheduler/policies/lp/solver';
import { runMini, shape, type MiniJob } from './mini-driver';

const clusterArb: fc.Arbitrary<ClusterShape> = fc
  .record({
    a: fc.integer({ min: 1, max: 4 }),
    aGpus: fc.constantFrom(1, 2, 4, 8),
    v: fc.integer({ min: 0, max: 3 }),
    vGpus: fc.constantFrom(1, 4),
  })
  .map((c) =>
    shape([
      { name: 'a100', count: c.a, model: 'a100', gpus: c.aGpus, rack: 'r', nodesPerRack: 2 },
      ...(c.v > 0 ? [{ name: 'v100', count: c.v, model: 'v100', gpus: c.vGpus, memoryGiB: 32 }] : []),
    ]),
  );

function capacity(s: ClusterShape, model?: string): { total: number; largestNode: number } {
  let total = 0;
  let largestNode = 0;
  for (const g of s.nodes) {
    if (model !== undefined && g.devices.model !== model) continue;
    total += g.count * g.devices.count;
    largestNode = Math.max(largestNode, g.devices.count);
  }
  return { total, largestNode };
}

const jobsArb = (s: ClusterShape): fc.Arbitrary<MiniJob[]> => {
  const { total, largestNode } = capacity(s);
  return fc
    .array(
      fc.record({
        arrival: fc.integer({ min: 0, max: 3000 }),
        gpus: fc.integer({ min: 1, max: Math.max(1, total) }),
        oneNode: fc.boolean(),
        twoNodes: fc.integer({ min: 0, max: 4 }),
        a100Only: fc.boolean(),
        work: fc.integer({ min: 30, max: 5000 }),
        user: fc.constantFrom('ann', 'bob', 'cy'),
        priority: fc.integer({ min: 0, max: 2 }),
        vSpeed: fc.constantFrom(0.3, 0.5, 1),
      }),
      { minLength: 1, maxLength: 25 },
    )
    .map((rows) =>
      rows.map((r, i) => {
        const a100 = capacity(s, 'a100');
        let gpus = r.a100Only ? Math.min(r.gpus, a100.total) : r.gpus;
        const oneNode = r.oneNode && gpus <= (r.a100Only ? a100.largestNode : largestNode);
        if (oneNode) gpus = Math.min(gpus, r.a100Only ? a100.largestNode : largestNode);
        // Some jobs fix a split over two nodes (a spec with nodes: 2).
        const split = !oneNode && r.twoNodes > 0 ? { nodes: 2, gpusPerNode: r.twoNodes } : {};
        if (split.nodes) gpus = 2 * r.twoNodes;
        return {
          id: `j${i}`,
          arrival: r.arrival,
          request: { gpus, ...(oneNode ? { nodes: 1 } : {}), ...split, ...(r.a100Only ? { deviceModel: 'a100' } : {}) },
          work: r.work,
          user: r.user,
          priority: r.priority,
          speed: { a100: 1, v100: r.vSpeed },
        };
      }),
    );
};

/** Jobs whose request the cluster can hold in principle (a one-node job on one node of its model). */
function feasible(s: ClusterShape, jobs: MiniJob[]): MiniJob[] {
  return jobs.filter((j) => {
    if (j.request.deviceModel === undefined && j.request.nodes === undefined) {
      // Placement keeps a gang on one model, so the job must fit inside one model's capacity.
      return s.nodes.some((g) => capacity(s, g.devices.model).total >= j.request.gpus);
    }
    if (j.request.nodes === 1) return s.nodes.some((g) => (j.request.deviceModel === undefined || g.devices.model === j.request.deviceModel) && g.devices.count >= j.request.gpus);
    if (j.request.nodes === 2) {
      const per = j.request.gpusPerNode as number;
      return s.nodes.some((g) => (j.request.deviceModel === undefined || g.devices.model === j.request.deviceModel) && g.devices.count >= per && g.count >= 2);
    }
    return capacity(s, j.request.deviceModel).total >= j.request.gpus;
  });
}

describe('scheduler/properties (fast-check)', () => {
  // The LP policies' solver loads asynchronously, once.
  before(() => loadLpSolver());
  for (const placement of ['spread', 'topology-aware']) {
    for (const name of ['fifo', 'las', 'backfill']) {
      it(`${name} with ${placement} placement: valid placements only, and every job finishes`, () => {
        fc.assert(
          fc.property(
            clusterArb.chain((s) => fc.tuple(fc.constant(s), jobsArb(s))),
            ([s, raw]) => {
              const jobs = feasible(s, raw);
              if (jobs.length === 0) return;
              const r = runMini(getPolicy(name, { placement }), s, jobs);
              assert.equal(r.finished.size, jobs.length);
            },
          ),
          { numRuns: 40 },
        );
      });
    }
  }

  for (const name of policyNames()) {
    it(`${name}: never double-books a device or breaks a gang, and every job finishes`, () => {
      fc.assert(
        fc.property(
          clusterArb.chain((s) => fc.tuple(fc.constant(s), jobsArb(s))),
          ([s, raw]) => {
            const jobs = feasible(s, raw);
            if (jobs.length === 0) return;
            // Bound: everything run one after another, plus rounds, plus the last arrival.
            const serial = jobs.reduce((t, j) => t + j.work / 0.3, 0) + 3000 + 360 * (jobs.length + 2);
            const r = runMini(getPolicy(name), s, jobs, name === 'las' || name === 'drf' ? serial * 4 : serial * 50);
            assert.equal(r.finished.size, jobs.length);
            for (const j of jobs) assert.ok((r.finished.get(j.id) as number) >= j.arrival + j.work - 1e-6);
          },
        ),
        { numRuns: name === 'las' || name === 'drf' ? 120 : 60 },
      );
    });
  }
});
