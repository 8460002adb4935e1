/**
 * Rounds that cost what changed: the changes a driver passes (SchedulingChanges), the waiting
 * queue policies keep between rounds, and that a policy decides the same with changes as when it
 * rebuilds everything from the full views every round.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Decision, JobView, Policy, SchedulingInput } from '../../../src/scheduler/api';
import { ClusterState } from '../../../src/scheduler/cluster-state';
import { jobEntry, type JobEntry } from '../../../src/scheduler/job-view';
import { getPolicy, needsLpSolver, policyNames } from '../../../src/scheduler/policies';
import { bestFit } from '../../../src/scheduler/placement';
import { heldTag, inRunningOrder, mergedChoice, mergedTimeShareRound, smallestRequest, sortByKey, tailTimeShareRound, targetSet, timeShareRound } from '../../../src/scheduler/policies/common';
import { WaitingQueue } from '../../../src/scheduler/policies/waiting-queue';
import { Scheduler } from '../../../src/scheduler/scheduler';
import { loadCluster, loadWorkload, Simulation } from '../../../simulator/index';
import { shape } from './mini-driver';

const root = join(__dirname, '../../..');
const key = (j: JobView): number => j.remainingSeconds ?? Number.POSITIVE_INFINITY;

/** The same policy, made to see no changes: it rebuilds its queues from the full views every round. */
function withoutChanges(policy: Policy): Policy {
  return { ...policy, schedule: (input: SchedulingInput) => policy.schedule({ ...input, changes: undefined }) };
}

describe('scheduler/round changes', () => {
  it('a waiting queue updated from changes and its own decisions keeps the order of a full sort', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('arrive', 'place', 'cancel', 'rekey'), fc.nat(40), fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined })), { maxLength: 80 }),
        (ops) => {
          const queue = new WaitingQueue(key);
          const waiting: JobEntry[] = [];
          let n = 0;
          for (const [op, pick, k] of ops) {
            const left: JobView[] = [];
            const queued: JobView[] = [];
            const changed: JobView[] = [];
            const decisions: Decision[] = [];
            const victim = waiting.length ? waiting[pick % waiting.length] : undefined;
            if (op === 'arrive') {
              const j = jobEntry({ id: `j${n}`, arrival: n % 4, request: { gpus: 1 + (pick % 5) }, remainingSeconds: k === undefined ? undefined : k * 10 });
              n++;
              waiting.push(j);
              queued.push(j);
            } else if (op === 'place' && victim) {
              // Placed by the policy last round: it learns of it from its own decision.
              waiting.splice(waiting.indexOf(victim), 1);
              decisions.push({ kind: 'place', job: victim.id, devices: [], reason: 'x' });
            } else if (op === 'cancel' && victim) {
              waiting.splice(waiting.indexOf(victim), 1);
              left.push(victim);
            } else if (op === 'rekey' && victim) {
              victim.remainingSeconds = k === undefined ? undefined : k * 10;
              changed.push(victim);
            }
            queue.settle(decisions, []);
            const ordered = queue.sync({ changes: { left, queued, changed, freed: 0 }, waiting } as unknown as SchedulingInput);
            assert.deepEqual(ordered.map((j) => j.id), sortByKey(waiting, key).map((j) => j.id));
            assert.equal(queue.smallest, waiting.length ? Math.min(...waiting.map((j) => j.request.gpus)) : Number.POSITIVE_INFINITY);
          }
        },
      ),
    );
  });

  it('with one waiting job and devices free for it, the full time-sharing order keeps every running job (so srtf decides from the waiting job alone)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.tuple(fc.nat(2), fc.integer({ min: 1, max: 4 }), fc.nat(100)), { maxLength: 6 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 8 }), fc.nat(100), fc.option(fc.nat(2), { nil: undefined })), { minLength: 1, maxLength: 1 }),
        (busyPerModel, runs, waits) => {
          const models = ['a100', 'h100', 'v100'];
          const state = ClusterState.fromShape(shape(models.map((m) => ({ name: m, count: 2, model: m, gpus: 8 }))));
          const used = [0, 0, 0];
          const running: JobEntry[] = [];
          runs.forEach(([m, n, k], i) => {
            if (used[m]! + busyPerModel[m]! + n > 16) return;
            const devices = Array.from({ length: n }, (_, d) => m * 16 + used[m]! + d);
            used[m]! += n;
            state.allocate(`r${i}`, devices);
            running.push(jobEntry({ id: `r${i}`, arrival: 0, request: { gpus: n }, state: 'running', devices, remainingSeconds: k }));
          });
          const waiting = waits.map(([g, k, pin], i) => jobEntry({ id: `w${i}`, arrival: i, request: { gpus: g, ...(pin !== undefined ? { deviceModel: models[pin] } : {}) }, remainingSeconds: k }));
          const total = waiting.reduce((t, j) => t + j.request.gpus, 0);
          fc.pre(state.freeCount() >= total);
          const chosen = targetSet(state, sortByKey([...waiting, ...running], key), running);
          for (const j of running) assert.ok(chosen.has(j.id), `${j.id} not chosen`);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a time-sharing round over the kept queue merged with the running jobs (read from what each holds, as a kept order notes it, or from the jobs), or with only those after the first waiting job (srtf), decides exactly as one over all jobs sorted together', () => {
    fc.assert(
      fc.property(
        // Running jobs: model, devices, key, arrival, and whether half their devices are on the next model (not one model: no held tag).
        fc.array(fc.tuple(fc.nat(2), fc.integer({ min: 1, max: 8 }), fc.integer({ min: -1, max: 3 }), fc.nat(20), fc.boolean()), { maxLength: 10 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 3 }), fc.nat(20), fc.option(fc.nat(2), { nil: undefined })), { maxLength: 12 }),
        (runs, waits) => {
          const models = ['a100', 'h100', 'v100'];
          // Two identical clusters: one round each way.
          const setup = () => {
            const state = ClusterState.fromShape(shape(models.map((m) => ({ name: m, count: 2, model: m, gpus: 8 }))));
            const used = [0, 0, 0];
            const running: JobEntry[] = [];
            runs.forEach(([m, n, k, t, split], i) => {
              const m2 = (m + 1) % 3;
              const there = split && n > 1 ? Math.floor(n / 2) : 0;
              if (used[m]! + n - there > 16 || used[m2]! + there > 16) return;
              const devices = [...Array.from({ length: n - there }, (_, d) => m * 16 + used[m]! + d), ...Array.from({ length: there }, (_, d) => m2 * 16 + used[m2]! + d)];
              used[m]! += n - there;
              used[m2]! += there;
              state.allocate(`r${i}`, devices);
              running.push(jobEntry({ id: `r${i}`, arrival: t, request: { gpus: n }, state: 'running', devices, remainingSeconds: k }));
            });
            const waiting = waits.map(([g, k, t, pin], i) => jobEntry({ id: `w${i}`, arrival: t, request: { gpus: g, ...(pin !== undefined ? { deviceModel: models[pin] } : {}) }, remainingSeconds: k }));
            return { state, running, waiting };
          };
          const decide = (how: 'merged' | 'held' | 'tail' | 'sorted'): readonly Decision[] => {
            const { state, running, waiting } = setup();
            const policy: Policy = {
              name: how,
              schedule(input) {
                const smallest = smallestRequest(input.waiting);
                const reason = () => 'x';
                const queue = sortByKey(input.waiting, key);
                const running = sortByKey(input.running, key);
                if (how === 'merged') mergedTimeShareRound(input, queue, { jobs: running }, key, bestFit, reason, reason, smallest);
                else if (how === 'held') {
                  const held = running.map((j) => heldTag(input.cluster, j));
                  mergedTimeShareRound(input, queue, { jobs: running, keys: running.map(key), held: (i) => held[i]! }, key, bestFit, reason, reason, smallest);
                }
                else if (how === 'tail' && queue.length > 0) {
                  // srtf's round: only the running jobs the first waiting one comes before.
                  const all = sortByKey([...input.waiting, ...input.running], key);
                  const tail = all.slice(all.indexOf(queue[0]!) + 1).filter((j) => j.state === 'running');
                  // What each holds, as srtf's kept tail notes it (-1 where its devices are not one model's).
                  tailTimeShareRound(input, queue, { jobs: tail, keys: tail.map(key), held: tail.map((j) => heldTag(input.cluster, j)) }, key, bestFit, reason, reason, smallest);
                } else timeShareRound(input, sortByKey([...input.waiting, ...input.running], key), bestFit, reason, reason, smallest);
                return input.plan.decisions;
              },
            };
            return new Scheduler(policy, state).round({ now: 0, trigger: 'round', waiting, running }).decisions;
          };
          const sorted = decide('sorted');
          assert.deepEqual(decide('merged'), sorted);
          assert.deepEqual(decide('held'), sorted);
          assert.deepEqual(decide('tail'), sorted);
          // What las-hetero takes from it: the jobs kept or chosen, in order, and those dropped.
          const { state, running, waiting } = setup();
          const smallest = smallestRequest(waiting);
          let choice: ReturnType<typeof mergedChoice> | undefined;
          const chooser: Policy = {
            name: 'chooser',
            schedule(input) {
              const running = sortByKey(input.running, key);
              choice = mergedChoice(input, sortByKey(input.waiting, key), { jobs: running, held: (i) => heldTag(input.cluster, running[i]!) }, key, smallest);
              return input.plan.decisions;
            },
          };
          new Scheduler(chooser, state).round({ now: 0, trigger: 'round', waiting, running });
          const all = sortByKey([...waiting, ...running], key);
          const chosen = targetSet(state, all, running, smallest);
          assert.ok(choice);
          assert.deepEqual(choice.members.map((j) => j.id), all.filter((j) => chosen.has(j.id)).map((j) => j.id));
          assert.deepEqual(choice.dropped.map((j) => j.id).sort(), running.filter((j) => !chosen.has(j.id)).map((j) => j.id).sort());
          // What each member holds: its model and count for a running job on one model, else -1.
          const holds = (j: JobView): number => {
            if (j.state !== 'running' || new Set(j.devices.map((d) => state.devices[d]!.model)).size !== 1) return -1;
            return j.devices.length * 1024 + models.indexOf(state.devices[j.devices[0]!]!.model);
          };
          assert.deepEqual(choice.memberHeld, choice.members.map(holds));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('preempts dropped jobs in the running list\'s order, also when they are other views of the same jobs', () => {
    const running = ['a', 'b', 'c', 'd'].map((id) => jobEntry({ id, arrival: 0, request: { gpus: 1 }, state: 'running' }));
    assert.deepEqual(inRunningOrder(running, [running[3]!, running[1]!]).map((j) => j.id), ['b', 'd']);
    // Copies (a driver that builds new views): found by id, and the driver's views are returned.
    const copies = [jobEntry({ id: 'd', arrival: 0, request: { gpus: 1 } }), jobEntry({ id: 'a', arrival: 0, request: { gpus: 1 } })];
    const found = inRunningOrder(running, copies);
    assert.deepEqual(found.map((j) => j.id), ['a', 'd']);
    assert.ok(found.every((j) => running.includes(j as JobEntry)));
  });

  it('a policy gets changes only after its own completed round on the same Scheduler', () => {
    const seen: boolean[] = [];
    let fail = false;
    const policy: Policy = {
      name: 'watcher',
      schedule(input) {
        seen.push(input.changes !== undefined);
        if (fail) throw new Error('boom');
      },
    };
    const state = ClusterState.fromShape(shape([{ name: 'n', count: 1, model: 'a100', gpus: 4 }]));
    const a = new Scheduler(policy, state);
    const b = new Scheduler(policy, state);
    const changes = { left: [], queued: [], changed: [], freed: 0 };
    const req = { now: 0, trigger: 'arrival' as const, waiting: [], running: [], changes };
    a.round(req); // first round: nothing to be relative to
    a.round(req); // continues its own round
    b.round(req); // another Scheduler's round in between
    a.round(req);
    fail = true;
    assert.throws(() => a.round(req));
    fail = false;
    a.round(req); // the previous round did not complete
    a.round(req);
    assert.deepEqual(seen, [false, true, false, false, true, false, true]);
  });

  it('every built-in policy decides the same with changes as when it rebuilds every round (failures, cancels, live submits)', () => {
    const dgx = loadCluster(join(root, 'examples/clusters/dgx-a100.cluster.yaml'));
    // The hetero policies also where jobs move between models (their moves re-key kept orders).
    const hetero = loadCluster(join(root, 'examples/clusters/hetero-small.cluster.yaml'));
    const gavel = loadWorkload(join(root, 'examples/workloads/gavel-generated.yaml'), { maxJobs: 300 });
    const workload = loadWorkload(join(root, 'examples/workloads/tiresias-failures.yaml'));
    const philly = loadWorkload(join(root, 'examples/workloads/philly-5k.yaml'), { maxJobs: 300 });
    const jobs = [...workload.jobs, ...philly.jobs.map((j) => ({ ...j, id: `p-${j.id}`, arrival: j.arrival % 20000 }))];
    const run = (policy: Policy, onHetero = false): string => {
      const sim = onHetero
        ? new Simulation({ cluster: hetero, policy, jobs: gavel.jobs, throughputs: gavel.throughputs, seed: 3 })
        : new Simulation({ cluster: dgx, policy, jobs, throughputs: workload.throughputs, checkpoint: workload.checkpoint, failures: workload.failures, seed: 3 });
      const events: string[] = [];
      sim.onJobEvent = (e) => events.push(`${e.kind} ${e.job} ${e.at.toFixed(3)}`);
      let i = 0;
      while (sim.step()) {
        i++;
        // Cancel some waiting and running jobs, and submit new ones, as a live user would.
        if (i % 37 === 0 && sim.waitingJobs().length > 1) sim.cancel(sim.waitingJobs()[sim.waitingJobs().length - 1]!.id);
        if (i % 53 === 0 && sim.runningJobs().length > 0) sim.cancel(sim.runningJobs()[0]!.id);
        if (i % 41 === 0) sim.submit({ id: `live-${i}`, arrival: sim.now, gpus: 1 + (i % 8), user: `u${i % 3}`, priority: i % 2, durationSeconds: 600 + i });
      }
      return JSON.stringify({ events, report: { ...sim.report(), wallSeconds: 0, eventsPerSecond: 0, rounds: 0 } });
    };
    // The LP policies read no changes (they compare the job set with their last allocation's), and
    // their LPs would make this long run several times longer.
    for (const name of policyNames().filter((n) => !needsLpSolver(n))) {
      assert.equal(run(getPolicy(name)), run(withoutChanges(getPolicy(name))), `${name}: decisions differ with changes`);
    }
    for (const name of ['fifo-hetero', 'las-hetero']) {
      assert.equal(run(getPolicy(name), true), run(withoutChanges(getPolicy(name)), true), `${name} on hetero-small: decisions differ with changes`);
    }
  });
});
