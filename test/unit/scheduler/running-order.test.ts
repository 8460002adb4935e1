/**
 * The running jobs srtf keeps in order between rounds, from the round's changes and its own
 * decisions: whatever starts, is preempted, ends or runs down, the kept order is the order of a full
 * sort of that round's running jobs by their keys.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Decision, JobView, SchedulingInput } from '../../../src/scheduler/api';
import { jobEntry } from '../../../src/scheduler/job-view';
import { sortByKey } from '../../../src/scheduler/policies/common';
import { RunningOrder } from '../../../src/scheduler/policies/running-order';

describe('scheduler/running order kept between rounds', () => {
  it('is the order of a full sort of each round’s running jobs, as they start, stop and run down', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ start: fc.array(fc.nat(50), { maxLength: 6 }), stop: fc.array(fc.nat(40), { maxLength: 4 }), elapse: fc.nat(30) }), { maxLength: 25 }),
        (rounds) => {
          const order = new RunningOrder();
          const ends = new Map<JobView, number>();
          const byId = new Map<string, JobView>();
          let running: JobView[] = [];
          let ended: JobView[] = [];
          let now = 0;
          let n = 0;
          const key = (j: JobView): number => ends.get(j)! - now;
          for (const r of rounds) {
            order.changes({ changes: { left: ended, queued: [], changed: [], freed: 0 } } as unknown as SchedulingInput);
            ended = [];
            now += r.elapse;
            const kept = order.sync(running, key);
            const want = sortByKey(running, key);
            assert.deepEqual(kept.jobs.map((j) => j.id), want.map((j) => j.id));
            assert.deepEqual([...kept.keys], want.map(key));
            // This round's decisions: jobs started and preempted; others end before the next round.
            const decisions: Decision[] = [];
            running = running.slice();
            for (const [i, pick] of r.stop.entries()) {
              if (running.length === 0) break;
              const [job] = running.splice(pick % running.length, 1);
              if (i % 2 === 0) decisions.push({ kind: 'preempt', job: job!.id, reason: 'x' });
              else ended.push(job!);
            }
            for (const length of r.start) {
              const j = jobEntry({ id: `j${n}`, arrival: n % 5, request: { gpus: 1 }, state: 'running' });
              n++;
              ends.set(j, now + length);
              byId.set(j.id, j);
              running.push(j);
              decisions.push({ kind: 'place', job: j.id, devices: [], reason: 'x' });
            }
            order.settle(decisions, (id) => byId.get(id));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
