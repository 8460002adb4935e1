import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ClusterShape } from '../../../src/core/cluster-spec';
import { SpecError } from '../../../src/core/errors';
import { SimEventRecord, type SimRoundRecord } from '../../../src/core/sim-events';
import { SimReport } from '../../../src/core/sim-report';
import type { Policy } from '../../../src/scheduler/api';
import { getPolicy } from '../../../src/scheduler/policies';
import { loadLpSolver } from '../../../src/scheduler/policies/lp/solver';
import { loadCluster, loadWorkload, simulate, simulateWithStory, Simulation, type SimJobEvent, type WorkloadJob } from '../../../simulator/index';

const root = join(__dirname, '../../..');

function v100s(nodes: number, perNode = 1): ClusterShape {
  return ClusterShape.parse({ name: `v100x${nodes * perNode}`, nodes: [{ name: 'v100', count: nodes, devices: { model: 'v100', count: perNode, memoryGiB: 32 } }] });
}

const job = (id: string, arrival: number, durationSeconds: number, extra: Partial<WorkloadJob> = {}): WorkloadJob => ({ id, arrival, gpus: 1, user: 'u', priority: 0, durationSeconds, ...extra });
const rec = (r: SimReport, id: string) => r.jobRecords.find((j) => j.id === id)!;

describe('simulator/simulation', () => {
  // The LP policies' solver loads asynchronously, once.
  before(() => loadLpSolver());
  it('FIFO on one GPU: start, end, JCT percentiles, makespan and utilisation worked by hand', () => {
    const r = simulate({ cluster: v100s(1), workload: { name: 'w', jobs: [job('a', 0, 100), job('b', 10, 50), job('c', 20, 10)] }, policy: getPolicy('fifo') });
    assert.deepEqual(
      r.jobRecords.map((j) => [j.id, j.start, j.end]),
      [['a', 0, 100], ['b', 100, 150], ['c', 150, 160]],
    );
    // JCTs 100, 140, 140.
    assert.equal(r.avgJctSeconds, 126.667);
    assert.equal(r.p50JctSeconds, 140);
    assert.equal(r.p99JctSeconds, 140);
    assert.equal(r.makespanSeconds, 160);
    assert.equal(r.utilization, 1);
    assert.equal(r.completed, 3);
    assert.deepEqual(rec(r, 'a').deviceModels, ['v100']);
    SimReport.parse(r);
  });

  it('a preempted job goes back to its last checkpoint: the training since is lost work', () => {
    const run = (everySeconds: number, highAt: number) =>
      simulate({
        cluster: v100s(1),
        workload: { name: 'w', jobs: [job('low', 0, 100), job('high', highAt, 10, { priority: 1 })], checkpoint: { everySeconds, saveSeconds: 10, restoreSeconds: 20 } },
        policy: getPolicy('priority'),
      });
    // No checkpoint yet at 30: low loses its 30 s and starts over at 40 (nothing to restore): ends at 140.
    const none = run(1800, 30);
    assert.deepEqual([rec(none, 'high').start, rec(none, 'high').end], [30, 40]);
    assert.deepEqual([rec(none, 'low').end, rec(none, 'low').preemptions, rec(none, 'low').restarts, rec(none, 'low').lostGpuSeconds], [140, 1, 0, 30]);
    assert.equal(none.preemptions, 1);
    assert.equal(none.lostGpuSeconds, 30);
    // A checkpoint every 20 s of training, 10 s to write: the first is complete at 30, so a preemption
    // at 35 loses 5 s. low resumes at 45, restores until 65, trains its last 80 s with 3 saves: 175.
    const some = run(20, 35);
    assert.deepEqual([rec(some, 'low').end, rec(some, 'low').lostGpuSeconds], [175, 5]);
  });

  it('a failed node sends its jobs back with the work since their last checkpoint lost, and is repaired', () => {
    const r = simulate({
      cluster: v100s(1),
      workload: {
        name: 'w',
        jobs: [job('a', 0, 1000)],
        checkpoint: { everySeconds: 300, saveSeconds: 10, restoreSeconds: 20 },
        failures: { repairSeconds: 500, scripted: [{ node: 'v100-0', at: 700 }] },
      },
      policy: getPolicy('fifo'),
    });
    // Checkpoints written 300-310 and 610-620: the failure at 700 loses 80 s. The node is back at
    // 1200; the job restores for 20 s and trains its last 400 s with one save: ends at 1630.
    assert.equal(r.lostGpuSeconds, 80);
    assert.deepEqual([rec(r, 'a').end, rec(r, 'a').restarts], [1630, 1]);
    assert.equal(r.restarts, 1);
    // Available device-seconds exclude the 500 s the node was down: busy 1130 / available 1130.
    assert.equal(r.utilization, 1);
  });

  it('a job lost more often than its restart budget allows fails, and its devices go to the next job', () => {
    const r = simulate({
      cluster: v100s(1),
      workload: {
        name: 'w',
        jobs: [job('a', 0, 1000, { maxRestarts: 1 }), job('b', 10, 100)],
        failures: { repairSeconds: 10, scripted: [{ node: 'v100-0', at: 100 }, { node: 'v100-0', at: 300 }] },
      },
      policy: getPolicy('fifo'),
    });
    assert.deepEqual([rec(r, 'a').restarts, rec(r, 'a').failed, rec(r, 'a').end], [1, true, null]);
    assert.equal(rec(r, 'b').end !== null, true);
    assert.equal(r.completed, 1);
  });

  it('seeded MTBF failures: the same seed repeats them, another seed changes them', () => {
    const workload = { ...loadWorkload(join(root, 'examples/workloads/gavel-generated.yaml')), failures: { mtbfHours: 200, repairSeconds: 3600, scripted: [] } };
    const run = (seed: number): SimReport => simulate({ cluster: loadCluster('gavel'), workload, policy: getPolicy('fifo'), seed, noTiming: true });
    const a = run(1);
    assert.ok(a.restarts > 0 && a.lostGpuSeconds > 0, `restarts ${a.restarts}`);
    assert.equal(JSON.stringify(run(1)), JSON.stringify(a));
    assert.notEqual(run(2).lostGpuSeconds, a.lostGpuSeconds);
  });

  it('gives a byte-identical report and event log for the same inputs and seed', () => {
    const once = (): [string, string] => {
      const lines: string[] = [];
      const workload = loadWorkload(join(root, 'examples/workloads/tiresias-failures.yaml'));
      const r = simulate({ cluster: loadCluster('dgx-a100'), workload, policy: getPolicy('las'), seed: 9, noTiming: true, eventLog: (e) => lines.push(JSON.stringify(e)) });
      return [JSON.stringify(r), lines.join('\n')];
    };
    const [r1, e1] = once();
    const [r2, e2] = once();
    assert.equal(r1, r2);
    assert.equal(e1, e2);
  });

  it('writes an event log that validates and replays to the same device allocation', () => {
    const records: SimEventRecord[] = [];
    const workload = loadWorkload(join(root, 'examples/workloads/tiresias-failures.yaml'));
    const r = simulate({ cluster: loadCluster('dgx-a100'), workload, policy: getPolicy('las'), seed: 3, eventLog: (e) => records.push(SimEventRecord.parse(JSON.parse(JSON.stringify(e)))) });
    assert.equal(records[0]!.type, 'header');
    assert.equal(records[records.length - 1]!.type, 'end');
    const owner = new Map<number, string>();
    const held = new Map<string, number[]>();
    const release = (id: string): void => {
      for (const d of held.get(id) ?? []) owner.delete(d);
      held.delete(id);
    };
    let placements = 0;
    let lastT = 0;
    for (const rec of records.slice(1, -1) as SimRoundRecord[]) {
      assert.ok(rec.t >= lastT, 'rounds in time order');
      lastT = rec.t;
      for (const id of rec.completed ?? []) release(id);
      for (const l of rec.lost ?? []) release(l.job);
      for (const d of rec.decisions) if (d.kind === 'preempt') release(d.job);
      for (const d of rec.decisions) {
        if (d.kind !== 'place') continue;
        placements++;
        for (const dev of d.devices) {
          assert.equal(owner.get(dev), undefined, `device ${dev} given twice at t=${rec.t}`);
          owner.set(dev, d.job);
        }
        held.set(d.job, [...d.devices]);
      }
      assert.equal(owner.size, rec.busy, `busy devices at t=${rec.t}`);
    }
    assert.ok(placements >= 60);
    assert.ok(records.some((x) => x.type === 'round' && (x.failed?.length ?? 0) > 0));
    assert.equal(owner.size, 0, 'everything released at the end');
    assert.equal(r.completed, 60);
  });

  it('hands the policy its queue in arrival order and live service figures, without rebuilding views', () => {
    const seen: { now: number; waiting: string[]; service: number[] }[] = [];
    const inner = getPolicy('fifo');
    const recorder: Policy = {
      name: 'recorder',
      schedule(input) {
        seen.push({ now: input.now, waiting: input.waiting.map((j) => j.id), service: input.running.map((j) => j.attainedService) });
        return inner.schedule(input);
      },
    };
    const jobs = [job('a', 0, 100, { gpus: 2 }), job('b', 5, 10, { gpus: 2 }), job('c', 10, 10, { gpus: 1 })];
    simulate({ cluster: v100s(1, 2), workload: { name: 'w', jobs }, policy: recorder });
    assert.deepEqual(seen[0], { now: 0, waiting: ['a'], service: [] });
    assert.deepEqual(seen[1], { now: 5, waiting: ['b'], service: [10] });
    assert.deepEqual(seen[2], { now: 10, waiting: ['b', 'c'], service: [20] });
  });

  it('ends a run whose jobs can never fit, under a time-sharing policy too', () => {
    for (const name of ['fifo', 'las']) {
      const r = simulate({ cluster: v100s(2), workload: { name: 'w', jobs: [job('big', 0, 10, { gpus: 4 }), job('small', 1, 10)] }, policy: getPolicy(name) });
      assert.equal(r.jobs, 2);
      assert.equal(rec(r, 'big').end, null);
      assert.equal(rec(r, 'big').start, null);
      if (name === 'las') assert.notEqual(rec(r, 'small').end, null);
    }
  });

  it('steps and accepts jobs submitted while it runs (live use)', () => {
    const sim = new Simulation({ cluster: v100s(1), policy: getPolicy('fifo'), jobs: [job('a', 0, 100)] });
    const seen: SimJobEvent[] = [];
    sim.onJobEvent = (e) => seen.push(e);
    sim.advanceTo(50);
    assert.equal(sim.now, 50);
    assert.equal(sim.job('a')?.state, 'running');
    assert.equal(sim.job('a')?.progress, 0.5);
    sim.submit(job('b', 0, 30));
    assert.equal(sim.job('b')?.arrival, 50, 'a job submitted now arrives now');
    sim.advanceTo(Infinity);
    assert.deepEqual(seen.map((e) => `${e.kind}:${e.job}@${e.at}`), ['started:a@0', 'completed:a@100', 'started:b@100', 'completed:b@130']);
    assert.equal(sim.step(), false);
    assert.equal(sim.report().completed, 2);
  });

  it('asks a time-sharing policy every round, so that it can rotate jobs', () => {
    // LAS demotes a after one device-hour of service; the round at t = 3600 s then lets b in.
    const r = simulate({ cluster: v100s(1), workload: { name: 'w', jobs: [job('a', 0, 5000), job('b', 0, 5000)] }, policy: getPolicy('las') });
    assert.equal(rec(r, 'b').start, 3600);
    assert.ok(r.preemptions > 0);
    assert.equal(r.completed, 2);
  });

  it('fifo-hetero and las-hetero move a running job to a faster model freed when nothing waits', () => {
    const cluster = ClusterShape.parse({
      name: 'two-models',
      nodes: [
        { name: 'v', count: 1, devices: { model: 'v100', count: 1, memoryGiB: 32 } },
        { name: 'k', count: 1, devices: { model: 'k80', count: 1, memoryGiB: 12 } },
      ],
    });
    const rates = (v100: number, k80: number) => new Map([['v100', new Map([[1, v100]])], ['k80', new Map([[1, k80]])]]);
    // 'short' loses more on the K80, so it gets the V100 first; 'long' runs twice as fast there.
    const throughputs = new Map([['long-model', rates(10, 5)], ['short-model', rates(10, 1)]]);
    const jobs = [job('long', 0, 0, { model: 'long-model', totalSteps: 100_000 }), job('short', 0, 0, { model: 'short-model', totalSteps: 10_000 })];
    for (const policy of ['fifo-hetero', 'las-hetero']) {
      const r = simulate({ cluster, workload: { name: 'w', jobs, throughputs }, policy: getPolicy(policy) });
      const long = rec(r, 'long');
      assert.deepEqual(long.deviceModels, ['k80', 'v100'], policy);
      assert.equal(long.preemptions, 1, policy);
      // All of it on the K80 would take 20,000 s; it moves at the first round after 'short' ends.
      assert.ok(long.end! < 12_000, `${policy}: ends at ${long.end}`);
    }
  });

  it('cancels waiting and running jobs, freeing their devices', () => {
    const sim = new Simulation({ cluster: v100s(1), policy: getPolicy('fifo'), jobs: [job('a', 0, 100), job('b', 0, 100), job('c', 0, 100), job('later', 50, 10)] });
    sim.advanceTo(10);
    assert.equal(sim.cancel('later'), true, 'a job not yet arrived');
    assert.equal(sim.job('a')?.state, 'running');
    assert.equal(sim.cancel('b'), true);
    assert.deepEqual(sim.waitingJobs().map((j) => j.id), ['c']);
    assert.equal(sim.cancel('a'), true);
    assert.equal(sim.cancel('a'), false, 'already cancelled');
    sim.advanceTo(Infinity);
    const r = sim.report();
    assert.deepEqual(r.jobRecords.map((j) => [j.id, j.start, j.end]), [['a', 0, null], ['b', null, null], ['c', 10, 110], ['later', null, null]]);
    assert.equal(r.completed, 1);
  });

  it('tells policies since when a job waits: arrival, then its preemption', () => {
    const seen: [string, number | undefined][] = [];
    const inner = getPolicy('priority');
    const recorder: Policy = { name: 'recorder', schedule: (input) => (input.waiting.forEach((j) => seen.push([`${j.id}@${input.now}`, j.waitingSince])), inner.schedule(input)) };
    simulate({ cluster: v100s(1), workload: { name: 'w', jobs: [job('low', 0, 100), job('high', 30, 10, { priority: 1 })] }, policy: recorder });
    assert.deepEqual(seen, [['low@0', 0], ['high@30', 30], ['low@40', 30]]);
  });

  it('tells the story of one job with --explain', () => {
    const { explanation } = simulateWithStory({ cluster: v100s(1), workload: { name: 'w', jobs: [job('a', 0, 100), job('b', 10, 50)] }, policy: getPolicy('fifo'), explain: 'b' });
    assert.equal(explanation[0], 't=10s  arrived asking for 1 device');
    assert.match(explanation[1]!, /^t=10s {2}waits \(arrival\): .+/);
    assert.match(explanation[2]!, /^t=100s {2}placed on 1×v100 on v100-0/);
    assert.equal(explanation[3], 't=2.5m  completed (JCT 2.3m)');
  });

  it('rejects a scripted failure of a node the cluster lacks, naming the field', () => {
    assert.throws(
      () => simulate({ cluster: v100s(1), workload: { name: 'w', source: 'w.yaml', jobs: [job('a', 0, 1)], failures: { repairSeconds: 1, scripted: [{ node: 'a100-0', at: 1 }] } }, policy: getPolicy('fifo') }),
      (e: unknown) => e instanceof SpecError && e.source === 'w.yaml' && e.problems[0]!.path === 'failures.scripted[0].node',
    );
  });
});
