import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ClusterState } from '../../../src/scheduler/cluster-state';
import { jobEntry, type JobEntry } from '../../../src/scheduler/job-view';
import { getPolicy, las, policyNames, srtf } from '../../../src/scheduler/policies';
import { loadLpSolver } from '../../../src/scheduler/policies/lp/solver';
import { Scheduler } from '../../../src/scheduler/scheduler';
import { runMini, shape, type MiniJob } from './mini-driver';

const eight = () => ClusterState.fromShape(shape([{ name: 'n', count: 2, model: 'a100', gpus: 4 }]));
const w = (id: string, gpus: number, extra: Partial<JobEntry> = {}) => Object.assign(jobEntry({ id, arrival: Number(id.replace(/\D/g, '')) || 0, request: { gpus } }), extra);
const placedIds = (s: Scheduler, waiting: JobEntry[], running: JobEntry[] = [], trigger: 'arrival' | 'round' = 'arrival', now = 0) =>
  s.round({ now, trigger, waiting, running }).placed.map((p) => p.job.id);

function running(state: ClusterState, id: string, devices: number[], extra: Partial<JobEntry> = {}): JobEntry {
  state.allocate(id, devices);
  return Object.assign(jobEntry({ id, arrival: 0, request: { gpus: devices.length }, state: 'running', devices }), extra);
}

describe('scheduler/policies', () => {
  // The LP policies' solver loads asynchronously, once.
  before(() => loadLpSolver());
  it('has every built-in policy by name', () => {
    assert.deepEqual(policyNames(), ['fifo', 'fifo-first-fit', 'priority', 'sjf', 'srtf', 'srtf-rounds', 'las', 'drf', 'backfill', 'fifo-hetero', 'las-hetero', 'max-min-fairness', 'max-min-fairness-agnostic', 'fifo-lp', 'finish-time-fairness', 'min-makespan', 'max-throughput']);
    for (const n of policyNames()) assert.equal(getPolicy(n).name, n);
    assert.throws(() => getPolicy('lottery'), /unknown policy "lottery"; expected one of fifo, fifo-first-fit, priority/);
    assert.throws(() => getPolicy('fifo', { placement: 'random' }), /unknown placement "random"/);
  });

  it('fifo stops at the first job that does not fit', () => {
    const s = new Scheduler(getPolicy('fifo'), eight());
    assert.deepEqual(placedIds(s, [w('j1', 4), w('j2', 6), w('j3', 1)]), ['j1']);
  });

  it('fifo-first-fit starts every job that fits in arrival order, passing over those that do not, and reserves nothing', () => {
    const s = new Scheduler(getPolicy('fifo-first-fit'), eight());
    // j2 does not fit the 4 devices j1 leaves: j3 and j4 start anyway, in arrival order.
    assert.deepEqual(placedIds(s, [w('j1', 4), w('j2', 6), w('j3', 1), w('j4', 2), w('j5', 2)]), ['j1', 'j3', 'j4']);
    // Strict fifo starts only j1; backfill lets j3 through only when it cannot delay j2.
    const strict = new Scheduler(getPolicy('fifo'), eight());
    assert.deepEqual(placedIds(strict, [w('j1', 4), w('j2', 6), w('j3', 1), w('j4', 2), w('j5', 2)]), ['j1']);
  });

  it('priority preempts the lowest priority for a blocked higher one, and only as much as needed', () => {
    const state = eight();
    const low = running(state, 'low', [0, 1, 2, 3], { priority: 0 });
    const mid = running(state, 'mid', [4, 5, 6, 7], { priority: 1 });
    const s = new Scheduler(getPolicy('priority'), state);
    const r = s.round({ now: 1, trigger: 'arrival', waiting: [w('hi9', 4, { priority: 5 })], running: [low, mid] });
    assert.deepEqual(r.preempted.map((p) => p.job.id), ['low']);
    assert.deepEqual(r.placed.map((p) => p.job.id), ['hi9']);
    // An equal priority never preempts.
    const s2 = new Scheduler(getPolicy('priority'), eight());
    const st2 = s2.state;
    const a = running(st2, 'a', [0, 1, 2, 3, 4, 5, 6, 7], { priority: 1 });
    assert.equal(s2.round({ now: 1, trigger: 'arrival', waiting: [w('b1', 2, { priority: 1 })], running: [a] }).preempted.length, 0);
  });

  it('sjf starts the shortest jobs first and skips ones that do not fit', () => {
    const s = new Scheduler(getPolicy('sjf'), eight());
    assert.deepEqual(placedIds(s, [w('j1', 4, { remainingSeconds: 900 }), w('j2', 8, { remainingSeconds: 10 }), w('j3', 4, { remainingSeconds: 100 }), w('j4', 4, { remainingSeconds: 50 })]), ['j2']);
    const s2 = new Scheduler(getPolicy('sjf'), eight());
    assert.deepEqual(placedIds(s2, [w('j1', 4, { remainingSeconds: 900 }), w('j2', 9, { remainingSeconds: 1 }), w('j3', 4, { remainingSeconds: 100 }), w('j4', 4, { remainingSeconds: 50 })]), ['j4', 'j3']);
  });

  it('srtf preempts the running job with the most work left for a shorter arrival', () => {
    const state = eight();
    const long = running(state, 'long', [0, 1, 2, 3], { remainingSeconds: 5000 });
    const short = running(state, 'short', [4, 5, 6, 7], { remainingSeconds: 100 });
    const r = new Scheduler(getPolicy('srtf'), state).round({ now: 0, trigger: 'arrival', waiting: [w('new1', 4, { remainingSeconds: 60 })], running: [long, short] });
    assert.deepEqual(r.preempted.map((p) => p.job.id), ['long']);
    assert.deepEqual(r.placed.map((p) => p.job.id), ['new1']);
  });

  it('srtf-rounds preempts for a shorter job only at a round; between rounds the shortest waiting jobs take free devices', () => {
    const state = eight();
    const long = running(state, 'long', [0, 1, 2, 3], { remainingSeconds: 5000 });
    const short = running(state, 'short', [4, 5, 6, 7], { remainingSeconds: 100 });
    const s = new Scheduler(getPolicy('srtf-rounds'), state);
    const fresh = w('f1', 4, { remainingSeconds: 60 });
    const between = s.round({ now: 10, trigger: 'arrival', waiting: [fresh], running: [long, short] });
    assert.deepEqual([between.preempted.length, between.placed.length], [0, 0]);
    // A live manager's own calls (at start, retrying held jobs) are not rounds either.
    const manual = s.round({ now: 20, trigger: 'manual', waiting: [fresh], running: [long, short] });
    assert.deepEqual([manual.preempted.length, manual.placed.length], [0, 0]);
    const r = s.round({ now: 360, trigger: 'round', waiting: [fresh], running: [long, short] });
    assert.deepEqual(r.preempted.map((p) => p.job.id), ['long']);
    assert.deepEqual(r.placed.map((p) => p.job.id), ['f1']);

    const half = eight();
    const held = running(half, 'held', [0, 1, 2, 3], { remainingSeconds: 5000 });
    const r2 = new Scheduler(getPolicy('srtf-rounds'), half).round({ now: 10, trigger: 'arrival', waiting: [w('a1', 4, { remainingSeconds: 900 }), w('a2', 4, { remainingSeconds: 30 }), w('a3', 2, { remainingSeconds: 10 })], running: [held] });
    assert.deepEqual(r2.preempted.length, 0);
    assert.deepEqual(r2.placed.map((p) => p.job.id), ['a3']);
    assert.equal(getPolicy('srtf-rounds').roundSeconds, 360);
    assert.throws(() => srtf({ roundSeconds: 0 }), /expected roundSeconds > 0 \(finite\), got 0/);
    assert.throws(() => srtf({ roundSeconds: Number.POSITIVE_INFINITY }), /got Infinity/);
  });

  it('srtf-rounds decides at a round as srtf does on any cluster state (random running and waiting jobs)', () => {
    const jobArb = fc.record({ gpus: fc.integer({ min: 1, max: 8 }), left: fc.integer({ min: 1, max: 20_000 }) });
    let preempting = 0;
    fc.assert(
      fc.property(fc.array(jobArb, { maxLength: 6 }), fc.array(jobArb, { minLength: 1, maxLength: 8 }), (runs, waits) => {
        const decide = (name: string) => {
          const state = ClusterState.fromShape(shape([{ name: 'n', count: 4, model: 'a100', gpus: 4 }]));
          let next = 0;
          const runningJobs: JobEntry[] = [];
          for (const [i, r] of runs.entries()) {
            if (next + r.gpus > 16) break;
            runningJobs.push(running(state, `r${i}`, Array.from({ length: r.gpus }, (_, k) => next + k), { remainingSeconds: r.left }));
            next += r.gpus;
          }
          const waiting = waits.map((x, i) => Object.assign(jobEntry({ id: `w${i}`, arrival: i + 1, request: { gpus: x.gpus } }), { remainingSeconds: x.left }));
          const round = new Scheduler(getPolicy(name), state).round({ now: 3600, trigger: 'round', waiting, running: runningJobs });
          return { placed: round.placed.map((p) => [p.job.id, p.devices.join()]), preempted: round.preempted.map((p) => p.job.id) };
        };
        const srtfDecided = decide('srtf');
        assert.deepEqual(decide('srtf-rounds'), srtfDecided);
        if (srtfDecided.preempted.length > 0) preempting++;
      }),
      { numRuns: 200 },
    );
    // The cases compared include rounds that preempt, not only ones that fill free devices.
    assert.ok(preempting > 20, `${preempting} of 200 rounds preempted`);
  });

  it('las preempts the job with the most attained service at a round, not between rounds', () => {
    const state = eight();
    const old = running(state, 'old', [0, 1, 2, 3], { attainedService: 50_000 });
    const young = running(state, 'young', [4, 5, 6, 7], { attainedService: 100 });
    const s = new Scheduler(getPolicy('las'), state);
    const fresh = w('f1', 4);
    assert.equal(s.round({ now: 10, trigger: 'arrival', waiting: [fresh], running: [old, young] }).preempted.length, 0);
    const r = s.round({ now: 360, trigger: 'round', waiting: [fresh], running: [old, young] });
    assert.deepEqual(r.preempted.map((p) => p.job.id), ['old']);
    assert.deepEqual(r.placed.map((p) => p.job.id), ['f1']);
    const served = Object.assign(jobEntry({ id: 'x', arrival: 0, request: { gpus: 8 } }), { attainedService: 4000 });
    assert.match(getPolicy('las').explain!(served, { now: 400, cluster: state, waiting: [served] }) ?? '', /queue 1 of 3 \(4000 device-seconds/);
  });

  it('las does not starve a long job behind a stream of short ones (Tiresias promotion)', () => {
    // Four times more short work arrives than the cluster can do: without promotion the long job
    // waits for the whole stream; with it, it keeps getting rounds and finishes long before.
    const jobs: MiniJob[] = [{ id: 'long', arrival: 0, request: { gpus: 4 }, work: 3000 }];
    for (let i = 0; i < 400; i++) jobs.push({ id: `s${i}`, arrival: 10 + i * 100, request: { gpus: 4 }, work: 400 });
    const one = shape([{ name: 'n', count: 1, model: 'a100', gpus: 4 }]);
    const lastShort = (r: { finished: Map<string, number> }) => Math.max(...jobs.slice(1).map((j) => r.finished.get(j.id) as number));
    const promoted = runMini(getPolicy('las'), one, jobs);
    assert.ok((promoted.finished.get('long') as number) < lastShort(promoted) / 2, `long finished at ${promoted.finished.get('long')}`);
    const never = runMini(las({ starvationFactor: Number.POSITIVE_INFINITY }), one, jobs);
    assert.ok((never.finished.get('long') as number) > lastShort(never) - 400, 'without promotion it waits for the stream');
  });

  it('drf serves the user with the smallest dominant share, and a big job is not starved by small ones', () => {
    const state = eight();
    const a = running(state, 'a-run', [0, 1, 2], { user: 'ann' });
    const s = new Scheduler(getPolicy('drf'), state);
    const r = s.round({ now: 0, trigger: 'arrival', waiting: [w('x1', 1, { user: 'ann' }), w('y2', 1, { user: 'bob' }), w('y3', 1, { user: 'bob' })], running: [a] });
    assert.deepEqual(r.placed.map((p) => p.job.id), ['y2', 'y3', 'x1']);
    const jobs: MiniJob[] = [{ id: 'big', arrival: 5, request: { gpus: 8 }, work: 1000, user: 'ann' }];
    for (let i = 0; i < 200; i++) jobs.push({ id: `b${i}`, arrival: i * 30, request: { gpus: 2 }, work: 200, user: `bob${i % 3}` });
    const res = runMini(getPolicy('drf'), shape([{ name: 'n', count: 2, model: 'a100', gpus: 4 }]), jobs);
    const lastSmall = Math.max(...jobs.slice(1).map((j) => res.finished.get(j.id) as number));
    assert.ok((res.finished.get('big') as number) < lastSmall);
  });

  it('backfill starts later jobs only when they cannot delay the reserved head', () => {
    const state = eight();
    const r1 = running(state, 'r1', [0, 1, 2, 3, 4, 5], { remainingSeconds: 1000 });
    const s = new Scheduler(getPolicy('backfill'), state);
    // Head needs 8: reserved at t=1000. 2 free now, none spare at the shadow time.
    const placed = placedIds(s, [w('h1', 8), w('long2', 2, { remainingSeconds: 5000 }), w('short3', 2, { remainingSeconds: 500 })], [r1]);
    assert.deepEqual(placed, ['short3']);
  });

  it('fifo-hetero gives the fast model to the job that gains most from it', () => {
    const state = ClusterState.fromShape(shape([{ name: 'v', count: 1, model: 'v100', gpus: 1 }, { name: 'k', count: 1, model: 'k80', gpus: 1 }]));
    const s = new Scheduler(getPolicy('fifo-hetero'), state);
    const gainsLittle = w('a1', 1, { throughput: { v100: 10, k80: 9 } });
    const gainsMuch = w('b2', 1, { throughput: { v100: 10, k80: 2 } });
    const r = s.round({ now: 0, trigger: 'arrival', waiting: [gainsLittle, gainsMuch], running: [] });
    const model = (id: string) => state.devices[r.placed.find((p) => p.job.id === id)!.devices[0]!]!.model;
    assert.equal(model('b2'), 'v100');
    assert.equal(model('a1'), 'k80');
    const plain = new Scheduler(getPolicy('fifo'), ClusterState.fromShape(shape([{ name: 'v', count: 1, model: 'v100', gpus: 1 }, { name: 'k', count: 1, model: 'k80', gpus: 1 }])));
    assert.equal(plain.round({ now: 0, trigger: 'arrival', waiting: [w('a1', 1), w('b2', 1)], running: [] }).placed.length, 2);
  });

  it('las-hetero moves a running job to a much faster model at a round', () => {
    const state = ClusterState.fromShape(shape([{ name: 'v', count: 1, model: 'v100', gpus: 1 }, { name: 'k', count: 1, model: 'k80', gpus: 1 }]));
    const onK80 = running(state, 'm', [1], { throughput: { v100: 10, k80: 2 } });
    const r = new Scheduler(getPolicy('las-hetero'), state).round({ now: 360, trigger: 'round', waiting: [], running: [onK80] });
    assert.deepEqual(r.preempted.map((p) => p.job.id), ['m']);
    assert.equal(state.devices[r.placed[0]!.devices[0]!]!.model, 'v100');
  });

  it('las-hetero does not preempt a job to move it to a model with no room for it', () => {
    const state = ClusterState.fromShape(shape([{ name: 'v', count: 1, model: 'v100', gpus: 1 }, { name: 'k', count: 1, model: 'k80', gpus: 1 }]));
    // 'a' holds the only v100 and gains too little on the k80 to move; 'm' would gain much on the v100.
    const onV100 = running(state, 'a', [0], { throughput: { v100: 10, k80: 9 } });
    const onK80 = running(state, 'm', [1], { throughput: { v100: 10, k80: 2 } });
    const r = new Scheduler(getPolicy('las-hetero'), state).round({ now: 360, trigger: 'round', waiting: [], running: [onV100, onK80] });
    // Moved, it would land on the k80 again, having paid a checkpoint save and restore.
    assert.deepEqual(r.preempted.map((p) => p.job.id), []);
    assert.deepEqual(r.placed, []);
  });

  it('las-hetero swaps two running jobs between full models when each gains from the other one', () => {
    const state = ClusterState.fromShape(shape([{ name: 'v', count: 1, model: 'v100', gpus: 1 }, { name: 'k', count: 1, model: 'k80', gpus: 1 }]));
    const onV100 = running(state, 'a', [0], { throughput: { v100: 2, k80: 10 } });
    const onK80 = running(state, 'm', [1], { throughput: { v100: 10, k80: 2 } });
    const r = new Scheduler(getPolicy('las-hetero'), state).round({ now: 360, trigger: 'round', waiting: [], running: [onV100, onK80] });
    const modelOf = (id: string) => state.devices[r.placed.find((p) => p.job.id === id)!.devices[0]!]!.model;
    assert.deepEqual(r.preempted.map((p) => p.job.id).sort(), ['a', 'm']);
    assert.equal(modelOf('a'), 'k80');
    assert.equal(modelOf('m'), 'v100');
  });
});
