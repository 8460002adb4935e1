import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ClusterShape } from '../../../src/core/cluster-spec';
import { SimEventRecord } from '../../../src/core/sim-events';
import { getPolicy, policyNames } from '../../../src/scheduler/policies';
import { loadLpSolver } from '../../../src/scheduler/policies/lp/solver';
import { simulate, type WorkloadJob } from '../../../simulator/index';

const cluster = ClusterShape.parse({
  name: 'small-mixed',
  nodes: [
    { name: 'a100', count: 2, devices: { model: 'a100', count: 4, memoryGiB: 80 } },
    { name: 'v100', count: 3, devices: { model: 'v100', count: 2, memoryGiB: 32 }, rack: 'r1' },
  ],
});

const jobArb = fc.record({
  arrival: fc.integer({ min: 0, max: 5000 }),
  gpus: fc.constantFrom(1, 1, 1, 2, 4, 8),
  durationSeconds: fc.integer({ min: 1, max: 20000 }),
  user: fc.constantFrom('ann', 'bob', 'cid'),
  priority: fc.integer({ min: 0, max: 2 }),
});

describe('simulator/invariants under every built-in policy', function () {
  // The LP policies' solver loads asynchronously, once.
  before(() => loadLpSolver());
  this.timeout(120000);

  it('never double-books a device, keeps times ordered, and finishes every job that fits', () => {
    fc.assert(
      fc.property(
        fc.array(jobArb, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(...policyNames()),
        fc.option(fc.integer({ min: 0, max: 6000 }), { nil: undefined }),
        (drawn, name, failAt) => {
          const jobs: WorkloadJob[] = drawn.map((j, i) => ({ id: `j${i}`, ...j }));
          const records: SimEventRecord[] = [];
          const failures = failAt === undefined ? undefined : { repairSeconds: 900, scripted: [{ node: 'a100-0', at: failAt }] };
          const r = simulate({ cluster, workload: { name: 'w', jobs, failures, checkpoint: { everySeconds: 600, saveSeconds: 5, restoreSeconds: 5 } }, policy: getPolicy(name), eventLog: (e) => records.push(e) });
          assert.equal(r.completed, jobs.length, `${name}: every job fits this cluster`);
          for (const j of r.jobRecords) {
            assert.ok(j.start !== null && j.end !== null && j.arrival <= j.start && j.start <= j.end, `${name}: ${j.id} ${j.arrival} ${j.start} ${j.end}`);
          }
          assert.ok(r.utilization >= 0 && r.utilization <= 1);
          const owner = new Map<number, string>();
          const held = new Map<string, readonly number[]>();
          const release = (id: string): void => {
            for (const d of held.get(id) ?? []) owner.delete(d);
            held.delete(id);
          };
          for (const rec of records) {
            if (rec.type !== 'round') continue;
            const round = rec;
            for (const id of round.completed ?? []) release(id);
            for (const l of round.lost ?? []) release(l.job);
            for (const d of round.decisions) if (d.kind === 'preempt') release(d.job);
            for (const d of round.decisions) {
              if (d.kind !== 'place') continue;
              assert.equal(d.devices.length, jobs[Number(d.job.slice(1))]!.gpus, `${name}: gang of ${d.job}`);
              for (const dev of d.devices) {
                assert.equal(owner.get(dev), undefined, `${name}: device ${dev} double-booked at t=${round.t}`);
                owner.set(dev, d.job);
              }
              held.set(d.job, d.devices);
            }
            assert.equal(owner.size, round.busy, `${name}: busy count at t=${round.t}`);
            assert.ok(round.busy <= round.available, `${name}: busy ${round.busy} > available ${round.available}`);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
