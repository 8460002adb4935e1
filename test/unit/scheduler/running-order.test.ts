/**
 * The running jobs srtf and las keep between rounds, from the round's changes and their own
 * decisions: whatever starts, is preempted, ends, runs down or crosses a limit, what they give is
 * what a full sort of that round's running jobs by their keys gives.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Decision, JobView, SchedulingInput } from '../../../src/scheduler/api';
import { jobEntry, type JobEntry } from '../../../src/scheduler/job-view';
import { orderArray, sortByKey } from '../../../src/scheduler/policies/common';
import { RunningTail } from '../../../src/scheduler/policies/running-tail';
import { TimedRunningOrder } from '../../../src/scheduler/policies/timed-running-order';
import { ClusterState } from '../../../src/scheduler/cluster-state';
import { shape } from './mini-driver';

// Two models; each job holds devices of one of them, or of both (which no held tag can say).
const cluster = ClusterState.fromShape(shape([{ name: 'a', count: 4, model: 'a100', gpus: 8 }, { name: 'h', count: 4, model: 'h100', gpus: 8 }]));
const holds = (j: JobView): number => {
  const models = new Set(j.devices.map((d) => cluster.devices[d]!.model));
  return models.size === 1 ? j.devices.length * 1024 + cluster.models.indexOf([...models][0]!) : -1;
};
/** The n-th job's devices: on the a100s (ids 0-31), the h100s (32-63), or split between them (every third job). */
const devicesOf = (n: number, gpus: number): number[] => {
  const base = (n % 2) * 32 + (n % 7);
  return Array.from({ length: gpus }, (_, d) => (n % 3 === 2 && d % 2 === 1 ? (base + 32 + d) % 64 : base + d));
};

describe('scheduler/running jobs after a point of a falling order (srtf)', () => {
  it('are the jobs a full sort of each round’s running jobs puts after the point, in that order, with what each holds, as jobs start, stop, run down at different rates and end their holds', () => {
    const hold = 10;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            start: fc.array(fc.nat(50), { maxLength: 6 }),
            stop: fc.array(fc.nat(40), { maxLength: 4 }),
            elapse: fc.nat(30),
            head: fc.record({ key: fc.integer({ min: -5, max: 60 }), arrival: fc.nat(5) }),
          }),
          { maxLength: 25 },
        ),
        fc.array(fc.nat(50), { maxLength: 5 }),
        (rounds, before) => {
          // Work left at the start, and how fast it falls (jobs at different rates cross).
          const work = new Map<JobView, { left: number; rate: number }>();
          const startedAt = new Map<string, number>();
          const byId = new Map<string, JobView>();
          let now = 0;
          const left = (j: JobView): number => work.get(j)!.left - work.get(j)!.rate * (now - startedAt.get(j.id)!);
          // A key that falls as jobs run (work left), -∞ for `hold` seconds after a job starts.
          const tail = new RunningTail<number | undefined>({
            about: (j) => startedAt.get(j.id),
            key: left,
            held: (at, t) => at !== undefined && t - at < hold,
            heldUntil: (at) => (at ?? Number.NEGATIVE_INFINITY) + hold,
          });
          const fullKey = (j: JobView): number => (now - startedAt.get(j.id)! < hold ? Number.NEGATIVE_INFINITY : left(j));
          let ended: JobView[] = [];
          let n = 0;
          const start = (length: number): JobView => {
            const gpus = 1 + (n % 3);
            const j = jobEntry({ id: `j${n}`, arrival: n % 5, request: { gpus }, state: 'running', devices: devicesOf(n, gpus) });
            n++;
            work.set(j, { left: length, rate: length % 4 });
            startedAt.set(j.id, now - hold);
            byId.set(j.id, j);
            return j;
          };
          // Jobs that run before the first round: the set is built from the driver's list.
          let running: JobView[] = before.map(start);
          for (const r of rounds) {
            tail.changes({ cluster, changes: { left: ended, queued: [], changed: [], freed: 0 } } as unknown as SchedulingInput);
            ended = [];
            now += r.elapse;
            // The point: a waiting job; running jobs with its key come after it when they arrived later.
            const head = jobEntry({ id: `w${n}`, arrival: r.head.arrival, request: { gpus: 1 }, state: 'waiting' });
            const got = tail.after(running, now, head, r.head.key);
            const sorted = sortByKey([...running, head], (j) => (j === head ? r.head.key : fullKey(j)));
            const want = sorted.slice(sorted.indexOf(head) + 1);
            assert.deepEqual(got.jobs.map((j) => j.id), want.map((j) => j.id));
            assert.deepEqual(got.keys, want.map(fullKey));
            assert.deepEqual(got.held, want.map(holds));
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
              const j = start(length);
              startedAt.set(j.id, now);
              running.push(j);
              decisions.push({ kind: 'place', job: j.id, devices: [], reason: 'x' });
            }
            tail.settle(decisions, (id) => byId.get(id), now);
          }
          // Kept from the changes and decisions alone: rebuilt from the list only at the first round.
          assert.ok(tail.rebuilds <= 1, `rebuilt ${tail.rebuilds} times`);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('scheduler/running order moved at known times (las)', () => {
  it('is the order of a full sort of the running jobs at each time-sharing round, with what each holds, as they start, stop, end and cross limits between rounds', () => {
    const limits = [30, 100];
    const minRun = 20;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            start: fc.array(fc.record({ gpus: fc.integer({ min: 1, max: 4 }), service: fc.nat(120) }), { maxLength: 5 }),
            stop: fc.array(fc.nat(40), { maxLength: 4 }),
            elapse: fc.nat(25),
            timeSharing: fc.boolean(),
          }),
          { maxLength: 30 },
        ),
        (rounds) => {
          const startedAt = new Map<string, number>();
          let now = 0;
          const key = (j: JobView): number => {
            const s = startedAt.get(j.id);
            if (s !== undefined && now - s < minRun) return -1;
            let q = 0;
            while (q < limits.length && j.attainedService >= limits[q]!) q++;
            return q;
          };
          const nextChange = (j: JobView): number => {
            const s = startedAt.get(j.id);
            if (s !== undefined && now - s < minRun) return s + minRun;
            const limit = limits.find((l) => j.attainedService < l);
            return limit === undefined ? Number.POSITIVE_INFINITY : now + (limit - j.attainedService) / j.request.gpus;
          };
          const order = new TimedRunningOrder(key, nextChange);
          const byId = new Map<string, JobEntry>();
          let running: JobEntry[] = [];
          let left: JobEntry[] = [];
          let n = 0;
          for (const r of rounds) {
            order.changes({ changes: { left, queued: [], changed: [], freed: 0 } } as unknown as SchedulingInput);
            left = [];
            // Time passes: running jobs gain service by the devices they hold.
            now += r.elapse;
            for (const j of running) j.attainedService += r.elapse * j.request.gpus;
            const decisions: Decision[] = [];
            if (r.timeSharing) {
              const kept = order.sync(running, now, cluster);
              const want = sortByKey(running, key);
              assert.deepEqual(orderArray(kept.jobs).map((j) => j.id), want.map((j) => j.id));
              assert.deepEqual(Array.from(kept.keys!), want.map(key));
              assert.deepEqual(want.map((_, i) => kept.held!(i)), want.map(holds));
              // Only a time-sharing round preempts.
              running = running.slice();
              for (const pick of r.stop.slice(0, 2)) {
                if (running.length === 0) break;
                const [job] = running.splice(pick % running.length, 1);
                decisions.push({ kind: 'preempt', job: job!.id, reason: 'x' });
                startedAt.delete(job!.id);
              }
            }
            // Jobs start (some having run before); others end or fail before the next round.
            for (const s of r.start) {
              const j = jobEntry({ id: `j${n}`, arrival: n % 5, request: { gpus: s.gpus }, state: 'running', attainedService: s.service, devices: devicesOf(n, s.gpus) });
              n++;
              byId.set(j.id, j);
              running.push(j);
              startedAt.set(j.id, now);
              decisions.push({ kind: 'place', job: j.id, devices: [], reason: 'x' });
            }
            order.settle(decisions, (id) => byId.get(id));
            running = running.slice();
            for (const pick of r.stop.slice(2)) {
              if (running.length === 0) break;
              const [job] = running.splice(pick % running.length, 1);
              left.push(job!);
              startedAt.delete(job!.id);
            }
          }
          // Kept from the changes and decisions alone: rebuilt from the list only at the first sync.
          assert.ok(order.rebuilds <= 1, `rebuilt ${order.rebuilds} times`);
        },
      ),
      { numRuns: 300 },
    );
  });
});
