/**
 * Gavel's round mechanism over LP allocations, driven through the Scheduler: each (job, model)
 * pair's priority is its share over the fraction of rounds it ran there, and each model is filled
 * with its highest priorities.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ClusterState } from '../../../src/scheduler/cluster-state';
import { jobEntry, type JobEntry } from '../../../src/scheduler/job-view';
import { getPolicy } from '../../../src/scheduler/policies';
import { loadLpSolver } from '../../../src/scheduler/policies/lp/solver';
import { Scheduler } from '../../../src/scheduler/scheduler';
import { runMini, shape } from './mini-driver';

const root = join(__dirname, '../../..');
const v100AndK80 = shape([
  { name: 'v', count: 1, model: 'v100', gpus: 1 },
  { name: 'k', count: 1, model: 'k80', gpus: 1 },
]);

describe('scheduler/lp policies: rounds', () => {
  before(() => loadLpSolver());

  it('max-min-fairness puts each job on the model it is relatively best on, and leaves them there', () => {
    // A runs 4× faster on the V100, B 2× faster on the K80: the allocation is A on the V100 and B
    // on the K80 (lp-formulations), so both finish in an hour, with no preemption.
    const r = runMini(getPolicy('max-min-fairness'), v100AndK80, [
      { id: 'A', arrival: 0, request: { gpus: 1 }, work: 4 * 3600, speed: { v100: 4, k80: 1 } },
      { id: 'B', arrival: 0, request: { gpus: 1 }, work: 2 * 3600, speed: { v100: 1, k80: 2 } },
    ]);
    assert.equal(r.finished.get('A'), 3600);
    assert.equal(r.finished.get('B'), 3600);
    assert.equal(r.preemptions, 0);
  });

  it('two jobs with half a device each take turns, one round each', () => {
    const state = ClusterState.fromShape(shape([{ name: 'v', count: 1, model: 'v100', gpus: 1 }]));
    const scheduler = new Scheduler(getPolicy('max-min-fairness-agnostic'), state);
    const jobs: JobEntry[] = ['a', 'b'].map((id, i) => jobEntry({ id, arrival: i, request: { gpus: 1 } }));
    const holders: string[] = [];
    for (let round = 0; round < 8; round++) {
      const running = jobs.filter((j) => j.state === 'running');
      const waiting = jobs.filter((j) => j.state === 'waiting');
      const res = scheduler.round({ now: round * 360, trigger: round === 0 ? 'arrival' : 'round', waiting, running });
      for (const p of res.preempted) {
        const j = p.job as JobEntry;
        j.state = 'waiting';
        j.devices = [];
      }
      for (const p of res.placed) {
        const j = p.job as JobEntry;
        j.state = 'running';
        j.devices = p.devices;
      }
      holders.push(jobs.find((j) => j.state === 'running')?.id ?? '-');
    }
    // Round 1: b has a share and no round yet (priority ∞); then each is at 0.5 × rounds / ran.
    assert.deepEqual(holders, ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']);
  });

  it('a waiting job is explained by the share the LP gave it', () => {
    const state = ClusterState.fromShape(shape([{ name: 'v', count: 1, model: 'v100', gpus: 1 }]));
    const scheduler = new Scheduler(getPolicy('max-min-fairness'), state);
    const jobs = ['a', 'b', 'c', 'd'].map((id, i) => jobEntry({ id, arrival: i, request: { gpus: 1 }, throughput: { v100: 1 } }));
    scheduler.round({ now: 0, trigger: 'arrival', waiting: jobs, running: [] });
    const why = scheduler.explain(jobs[3]!, jobs.slice(1), 0);
    assert.match(why, /max-min-fairness: the LP allocation gives it 25% of its time \(v100 25%\)/);
  });

  it('a round before the solver is loaded fails naming the policy and what to do', () => {
    const script = `
      const { getPolicy } = require('./src/scheduler/policies');
      const { Scheduler } = require('./src/scheduler/scheduler');
      const { ClusterState } = require('./src/scheduler/cluster-state');
      const { jobEntry } = require('./src/scheduler/job-view');
      const state = ClusterState.fromShape({ nodes: [{ name: 'v', count: 1, devices: { model: 'v100', count: 1, memoryGiB: 32 }, cpus: 8, memoryGiB: 64, intraLinkGbps: 100 }], network: { bandwidthGbps: 10, latencyUs: 5 } });
      new Scheduler(getPolicy('min-makespan'), state).round({ now: 0, trigger: 'arrival', waiting: [jobEntry({ id: 'a', arrival: 0, request: { gpus: 1 } })], running: [] });`;
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: root, encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /policy "min-makespan" allocates by linear programming and its solver \(HiGHS\) is not loaded: await loadLpSolver\(\) \(or preparePolicy\("min-makespan"\)\) before the first round/);
  });
});
