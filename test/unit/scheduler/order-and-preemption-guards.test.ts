import assert from 'node:assert/strict';
import { ClusterState } from '../../../src/scheduler/cluster-state';
import { jobEntry, type JobEntry } from '../../../src/scheduler/job-view';
import { las } from '../../../src/scheduler/policies/las';
import { srtf } from '../../../src/scheduler/policies/srtf';
import { Scheduler } from '../../../src/scheduler/scheduler';
import { shape } from './mini-driver';

const eight = () => ClusterState.fromShape(shape([{ name: 'n', count: 2, model: 'a100', gpus: 4 }]));
const w = (id: string, gpus: number, extra: Partial<JobEntry> = {}) => Object.assign(jobEntry({ id, arrival: Number(id.replace(/\D/g, '')) || 0, request: { gpus } }), extra);
function running(state: ClusterState, id: string, devices: number[], extra: Partial<JobEntry> = {}): JobEntry {
  state.allocate(id, devices);
  return Object.assign(jobEntry({ id, arrival: 0, request: { gpus: devices.length }, state: 'running', devices }), extra);
}

describe('scheduler/srtf preemption guard', () => {
  it('does not preempt for a gain smaller than the save and restore cost', () => {
    const state = eight();
    const a = running(state, 'a', [0, 1, 2, 3], { remainingSeconds: 120 });
    const b = running(state, 'b', [4, 5, 6, 7], { remainingSeconds: 100 });
    const s = new Scheduler(srtf(), state);
    const r = s.round({ now: 0, trigger: 'arrival', waiting: [w('n1', 4, { remainingSeconds: 95 })], running: [a, b] });
    assert.deepEqual(r.preempted, []);
    // Shorter by more than 30 s: worth it.
    const r2 = s.round({ now: 1, trigger: 'arrival', waiting: [w('n2', 4, { remainingSeconds: 80 })], running: [a, b] });
    assert.deepEqual(r2.preempted.map((p) => p.job.id), ['a']);
  });

  it('lets a job it started run its quantum before preempting it', () => {
    const state = eight();
    const s = new Scheduler(srtf({ minRunSeconds: 600 }), state);
    const first = w('j1', 8, { remainingSeconds: 5000 });
    assert.deepEqual(s.round({ now: 0, trigger: 'arrival', waiting: [first], running: [] }).placed.map((p) => p.job.id), ['j1']);
    Object.assign(first, { state: 'running', devices: state.devicesOf('j1') });
    const shortJob = w('j2', 8, { remainingSeconds: 10 });
    assert.deepEqual(s.round({ now: 300, trigger: 'arrival', waiting: [shortJob], running: [first] }).preempted, []);
    assert.deepEqual(s.round({ now: 600, trigger: 'arrival', waiting: [shortJob], running: [first] }).preempted.map((p) => p.job.id), ['j1']);
  });

  it('compares a running job by its work left, on the same footing as the waiting estimates', () => {
    // Estimated at 3,000 s while waiting; it then runs on slower devices, where half its work
    // (1,500 s of the estimate) would take 5,000 s more.
    const state = eight();
    const s = new Scheduler(srtf({ minRunSeconds: 600 }), state);
    const slow = w('j1', 8, { remainingSeconds: 3000 });
    assert.deepEqual(s.round({ now: 0, trigger: 'arrival', waiting: [slow], running: [] }).placed.map((p) => p.job.id), ['j1']);
    Object.assign(slow, { state: 'running', devices: state.devicesOf('j1'), progress: 0.5, remainingSeconds: 5000 });
    // More work than j1 has left: it waits, though j1's own time left is longer.
    assert.deepEqual(s.round({ now: 1800, trigger: 'arrival', waiting: [w('j2', 8, { remainingSeconds: 2000 })], running: [slow] }).preempted, []);
    // Less work than j1 has left, by more than a preemption's cost: j1 gives way.
    const r = s.round({ now: 1801, trigger: 'arrival', waiting: [w('j3', 8, { remainingSeconds: 1000 })], running: [slow] });
    assert.deepEqual(r.preempted.map((p) => p.job.id), ['j1']);
  });
});

describe('scheduler/las minimum run', () => {
  it('does not preempt at a round a job it started less than a round ago', () => {
    const state = eight();
    const s = new Scheduler(las(), state);
    const old = w('j1', 8, { attainedService: 50_000 });
    assert.deepEqual(s.round({ now: 350, trigger: 'arrival', waiting: [old], running: [] }).placed.map((p) => p.job.id), ['j1']);
    Object.assign(old, { state: 'running', devices: state.devicesOf('j1') });
    const young = w('j2', 8);
    assert.deepEqual(s.round({ now: 360, trigger: 'round', waiting: [young], running: [old] }).preempted, []);
    assert.deepEqual(s.round({ now: 720, trigger: 'round', waiting: [young], running: [old] }).preempted.map((p) => p.job.id), ['j1']);
  });
});
