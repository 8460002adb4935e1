/**
 * The waiting queue policies keep between rounds: jobs added, re-keyed and dropped many at once (one
 * pass over the queue) leave it exactly as the same jobs one at a time would, and in the order of a
 * full sort.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { JobView } from '../../../src/scheduler/api';
import { jobEntry, type JobEntry } from '../../../src/scheduler/job-view';
import { sortByKey } from '../../../src/scheduler/policies/common';
import { WaitingQueue } from '../../../src/scheduler/policies/waiting-queue';

describe('scheduler/waiting queue', () => {
  it('adds, re-keys and drops many jobs at once exactly as one at a time, in the order of a full sort', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            add: fc.array(fc.tuple(fc.nat(39), fc.nat(6)), { maxLength: 20 }),
            drop: fc.array(fc.nat(39), { maxLength: 20 }),
          }),
          { maxLength: 12 },
        ),
        (steps) => {
          const pool: JobEntry[] = Array.from({ length: 40 }, (_, i) => jobEntry({ id: `j${i}`, arrival: i % 7, request: { gpus: 1 + (i % 5) } }));
          const keyOf = new Map<JobView, number>();
          const key = (j: JobView): number => keyOf.get(j) ?? 0;
          const batched = new WaitingQueue(key);
          const single = new WaitingQueue(key);
          const members = new Set<JobView>();
          for (const step of steps) {
            const added = step.add.map(([i, k]) => {
              keyOf.set(pool[i]!, k);
              return pool[i]!;
            });
            batched.addAll(added);
            for (const j of added) single.add(j);
            for (const j of added) members.add(j);
            const dropped = step.drop.map((i) => pool[i]!);
            batched.deleteAll(dropped);
            for (const j of dropped) single.delete(j);
            for (const j of dropped) members.delete(j);
            const want = sortByKey([...members], key).map((j) => j.id);
            assert.deepEqual(batched.jobs.map((j) => j.id), want);
            assert.deepEqual(single.jobs.map((j) => j.id), want);
            // Read by position, as the built-in policies read it (no copy), the order is the same.
            assert.deepEqual(Array.from({ length: single.length }, (_, i) => single.at(i)!.id), want);
            assert.deepEqual(Array.from(single.keyView()), single.jobs.map(key));
            assert.deepEqual([...batched.keysInOrder], batched.jobs.map(key));
            assert.equal(batched.smallest, single.smallest);
            assert.equal(batched.totalGpus, single.totalGpus);
            for (const j of pool) assert.equal(batched.has(j), members.has(j));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the order of a full sort past its first capacity, one at a time and in batches', () => {
    const jobs: JobEntry[] = Array.from({ length: 1000 }, (_, i) => jobEntry({ id: `j${String(i).padStart(4, '0')}`, arrival: (i * 7919) % 613, request: { gpus: 1 + (i % 3) } }));
    const key = (j: JobView): number => Number(j.id.slice(1)) % 4;
    const single = new WaitingQueue(key);
    const batched = new WaitingQueue(key);
    for (const j of jobs) single.add(j);
    batched.addAll(jobs.slice(0, 500));
    batched.addAll(jobs.slice(500));
    const gone = jobs.filter((_, i) => i % 3 === 0);
    for (const j of gone) single.delete(j);
    batched.deleteAll(gone);
    const want = sortByKey(jobs.filter((_, i) => i % 3 !== 0), key).map((j) => j.id);
    for (const q of [single, batched]) {
      assert.equal(q.length, want.length);
      assert.deepEqual(Array.from({ length: q.length }, (_, i) => q.at(i)!.id), want);
      assert.equal(q.at(q.length), undefined);
    }
  });
});
