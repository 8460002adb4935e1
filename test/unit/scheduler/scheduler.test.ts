import assert from 'node:assert/strict';
import type { Decision, Policy, SchedulingInput } from '../../../src/scheduler/api';
import { ClusterState } from '../../../src/scheduler/cluster-state';
import { JobSpec } from '../../../src/core/job-spec';
import { jobEntry, requestOf } from '../../../src/scheduler/job-view';
import { PolicyError, type DecisionRule } from '../../../src/scheduler/policy-error';
import { Scheduler } from '../../../src/scheduler/scheduler';
import { shape } from './mini-driver';

const cluster = () =>
  ClusterState.fromShape(shape([{ name: 'a100', count: 2, model: 'a100', gpus: 4, memoryGiB: 80 }, { name: 'v100', count: 1, model: 'v100', gpus: 4, memoryGiB: 32 }]));

function policy(fn: (input: SchedulingInput) => readonly Decision[] | void, name = 'test-policy'): Policy {
  return { name, schedule: fn };
}

function rejects(rule: DecisionRule, job: string | undefined, fn: (input: SchedulingInput) => readonly Decision[] | void, setup?: (s: ClusterState) => void) {
  const state = cluster();
  setup?.(state);
  const s = new Scheduler(policy(fn), state);
  const waiting = [
    jobEntry({ id: 'w4', arrival: 0, request: { gpus: 4 } }),
    jobEntry({ id: 'w2', arrival: 1, request: { gpus: 2, nodes: 1 } }),
    jobEntry({ id: 'big', arrival: 2, request: { gpus: 2, deviceMemoryGiB: 40 } }),
    jobEntry({ id: 'split', arrival: 3, request: { gpus: 4, nodes: 2, gpusPerNode: 2 } }),
  ];
  const running = [jobEntry({ id: 'r', arrival: 0, request: { gpus: 1 }, state: 'running', devices: [11] })];
  if (state.devicesOf('r').length === 0) state.allocate('r', [11]);
  const held = state.devices.map((d) => state.jobOn(d.id));
  assert.throws(
    () => s.round({ now: 0, trigger: 'arrival', waiting, running }),
    (e: unknown) => {
      assert.ok(e instanceof PolicyError, String(e));
      assert.equal(e.rule, rule, e.message);
      assert.equal(e.job, job);
      assert.match(e.message, /^policy "test-policy"/);
      if (job) assert.match(e.message, new RegExp(`job "${job}"`));
      return true;
    },
  );
  assert.deepEqual(state.devices.map((d) => state.jobOn(d.id)), held, 'a rejected round changes nothing');
}

describe('scheduler/Scheduler validation', () => {
  it('applies valid placements to the cluster and reports them', () => {
    const state = cluster();
    const s = new Scheduler(policy(({ waiting, plan }) => void plan.place(waiting[0]!, [0, 1, 2, 3], 'ok')), state);
    const r = s.round({ now: 0, trigger: 'arrival', waiting: [jobEntry({ id: 'a', arrival: 0, request: { gpus: 4 } })], running: [] });
    assert.deepEqual(r.placed.map((p) => [p.job.id, [...p.devices]]), [['a', [0, 1, 2, 3]]]);
    assert.equal(state.jobOn(2), 'a');
    assert.equal(state.freeCount(), 8);
  });

  it('shows earlier placements of the round to later queries', () => {
    const state = cluster();
    const seen: number[] = [];
    const s = new Scheduler(
      policy(({ waiting, plan, cluster: c }) => {
        plan.place(waiting[0]!, [0, 1], 'first');
        seen.push(c.freeCountOn(0), c.freeCount());
      }),
      state,
    );
    s.round({ now: 0, trigger: 'arrival', waiting: [jobEntry({ id: 'a', arrival: 0, request: { gpus: 2 } })], running: [] });
    assert.deepEqual(seen, [2, 10]);
  });

  it('accepts plain returned decisions as well as the plan, and applies preemptions first', () => {
    const state = cluster();
    state.allocate('old', [0, 1, 2, 3]);
    const s = new Scheduler(
      policy(() => [
        { kind: 'place', job: 'new', devices: [0, 1, 2, 3], reason: 'takes the freed node' },
        { kind: 'preempt', job: 'old', reason: 'lower priority' },
      ]),
      state,
    );
    const r = s.round({
      now: 5,
      trigger: 'arrival',
      waiting: [jobEntry({ id: 'new', arrival: 5, request: { gpus: 4 } })],
      running: [jobEntry({ id: 'old', arrival: 0, request: { gpus: 4 }, state: 'running', devices: [0, 1, 2, 3] })],
    });
    assert.deepEqual(r.decisions.map((d) => d.kind), ['preempt', 'place']);
    assert.deepEqual([...r.preempted[0]!.devices], [0, 1, 2, 3]);
    assert.equal(state.jobOn(0), 'new');
  });

  it('lets a job move in one round (preempt, then place elsewhere)', () => {
    const state = cluster();
    state.allocate('m', [8]);
    const job = jobEntry({ id: 'm', arrival: 0, request: { gpus: 1 }, state: 'running', devices: [8] });
    const s = new Scheduler(
      policy(({ plan }) => {
        plan.preempt(job, 'moves to an a100');
        plan.place(job, [0], 'faster here');
      }),
      state,
    );
    const r = s.round({ now: 0, trigger: 'round', waiting: [], running: [job] });
    assert.equal(r.preempted.length, 1);
    assert.equal(r.placed.length, 1);
    assert.equal(state.jobOn(0), 'm');
    assert.equal(state.jobOn(8), undefined);
  });

  it('rejects a device given twice in one round', () =>
    rejects('device-free', 'w2', ({ waiting, plan }) => {
      plan.place(waiting[0]!, [0, 1, 2, 3], 'a');
      plan.place(waiting[1]!, [3, 4], 'b');
    }));
  it('rejects a device held by a running job', () => rejects('device-free', 'w2', () => [{ kind: 'place', job: 'w2', devices: [10, 11], reason: 'x' }]));
  it('rejects a device that does not exist', () => rejects('device-exists', 'w2', () => [{ kind: 'place', job: 'w2', devices: [0, 99], reason: 'x' }]));
  it('rejects a device listed twice', () => rejects('device-unique', 'w2', () => [{ kind: 'place', job: 'w2', devices: [1, 1], reason: 'x' }]));
  it('rejects a broken gang (too few devices)', () => rejects('gang', 'w4', () => [{ kind: 'place', job: 'w4', devices: [0, 1, 2], reason: 'x' }]));
  it('rejects too little device memory', () => rejects('device-memory', 'big', () => [{ kind: 'place', job: 'big', devices: [8, 9], reason: 'x' }]));
  it('rejects a one-node job split over nodes', () => rejects('node-split', 'w2', () => [{ kind: 'place', job: 'w2', devices: [0, 4], reason: 'x' }]));
  it('rejects an uneven split of a fixed node layout', () => rejects('node-split', 'split', () => [{ kind: 'place', job: 'split', devices: [0, 1, 2, 4], reason: 'x' }]));
  it('rejects a device on a node that is not ready', () =>
    rejects('node-ready', 'w2', () => [{ kind: 'place', job: 'w2', devices: [4, 5], reason: 'x' }], (s) => s.setNodeState('a100-1', 'dead')));
  it('rejects a job that is not in the queue', () => rejects('unknown-job', 'ghost', () => [{ kind: 'place', job: 'ghost', devices: [0], reason: 'x' }]));
  it('rejects placing a running job that was not preempted', () => rejects('job-state', 'r', () => [{ kind: 'place', job: 'r', devices: [0], reason: 'x' }]));
  it('rejects preempting a waiting job', () => rejects('job-state', 'w2', () => [{ kind: 'preempt', job: 'w2', reason: 'x' }]));
  it('rejects a job placed twice', () =>
    rejects('decided-twice', 'w2', () => [
      { kind: 'place', job: 'w2', devices: [0, 1], reason: 'x' },
      { kind: 'place', job: 'w2', devices: [4, 5], reason: 'x' },
    ]));
  it('rejects garbage: not a list', () => rejects('decision-shape', undefined, () => 42 as unknown as Decision[]));
  it('rejects garbage: an unknown kind', () => rejects('decision-shape', 'w2', () => [{ kind: 'launch', job: 'w2', reason: 'x' } as unknown as Decision]));
  it('rejects garbage: no reason', () => rejects('decision-shape', 'w2', () => [{ kind: 'wait', job: 'w2' } as unknown as Decision]));
  it('reports a policy that throws, and rolls back what it planned', () =>
    rejects('policy-threw', undefined, ({ waiting, plan }) => {
      plan.place(waiting[0]!, [0, 1, 2, 3], 'a');
      throw new TypeError('boom');
    }));

  it('explains a waiting job from the cluster and the policy', () => {
    const state = cluster();
    state.allocate('r', [0, 1, 2]);
    const s = new Scheduler(policy(({ waiting, plan }) => void plan.wait(waiting[0]!, 'held for a reservation')), state);
    const j = jobEntry({ id: 'w', arrival: 0, request: { gpus: 4, nodes: 1, deviceModel: 'a100' } });
    s.round({ now: 0, trigger: 'arrival', waiting: [j], running: [] });
    assert.equal(s.explain(j, [j]), 'held for a reservation');
    const big = jobEntry({ id: 'b', arrival: 0, request: { gpus: 8, nodes: 1, deviceModel: 'a100' } });
    // Its nodes have 4 a100 each: 8 in one node can never be, however many are free.
    assert.equal(s.explain(big, [big]), 'needs 8 × a100 in one node; no node has 8 (the largest has 4): it can never start');
    const wide = jobEntry({ id: 'x', arrival: 0, request: { gpus: 8, deviceModel: 'a100' } });
    assert.equal(s.explain(wide, [wide]), 'needs 8 × a100; 5 of 8 free, the rest held by 1 running job');
  });
});

describe('scheduler/job views', () => {
  it('turns a job spec into a request whose node split the launcher can honour', () => {
    const spec = (resources: object) => JobSpec.parse({ name: 'j', command: ['python3', 'train.py'], resources });
    assert.deepEqual(requestOf(spec({ nodes: 2, processesPerNode: 4, gpusPerProcess: 1, deviceModel: 'a100', deviceMemoryGiB: 80 }).resources), {
      gpus: 8,
      nodes: 2,
      gpusPerNode: 4,
      deviceModel: 'a100',
      deviceMemoryGiB: 80,
    });
    assert.deepEqual(requestOf(spec({ processesPerNode: 8, gpusPerProcess: 1 }).resources), { gpus: 8, nodes: 1, gpusPerNode: 8 });
    assert.deepEqual(requestOf(spec({ processesPerNode: 2 }).resources), { gpus: 0 });
  });
});
