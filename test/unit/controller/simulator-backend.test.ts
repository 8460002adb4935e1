import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterFile } from '../../../src/core/cluster-file';
import { JobSpec, type JobSpecInput } from '../../../src/core/job-spec';
import type { JobState } from '../../../src/core/job-state';
import type { Controller } from '../../../src/controller/api';
import { SimulatorBackend } from '../../../src/controller/backends/simulator';
import { createController } from '../../../src/controller/factory';
import { JobManager } from '../../../src/controller/manager';
import { getPolicy } from '../../../src/scheduler/policies';

// 2,000 simulated seconds a wall second: a 20-minute job runs in well under a second.
const CLUSTER = ClusterFile.parse({ preset: 'dgx-a100', speedup: 2000 });
const spec = (over: Partial<JobSpecInput> = {}) =>
  JobSpec.parse({ name: 'sim-demo', command: ['python3', 'train.py'], resources: { nodes: 2, processesPerNode: 8, gpusPerProcess: 1 }, checkpoint: { dir: '/ckpt', everySeconds: 240 }, simulation: { model: 'ResNet-50', durationSeconds: 1200 }, ...over });

function statesOf(c: Controller, id: string): JobState[] {
  const seen: JobState[] = [];
  c.onChange((ch) => {
    if (ch.kind === 'job' && ch.job.id === id && seen.at(-1) !== ch.job.state) seen.push(ch.job.state);
  });
  return seen;
}

describe('simulator backend through the job manager', function () {
  this.timeout(60000);
  let c: Controller | undefined;
  afterEach(async () => {
    await c?.dispose();
    c = undefined;
  });

  it('keeps every metric sample in the state folder, and a restarted manager charts them again', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'openclaw-sim-metrics-'));
    c = await createController(CLUSTER, { stateDir });
    const job = await c.submit(spec());
    await c.waitForEnd(job.id);
    const before = c.metrics(job.id).map((m) => ({ ...m }));
    assert.ok(before.length > 0);
    await c.dispose();
    const lines = readFileSync(join(stateDir, 'jobs', job.id, 'metrics.jsonl'), 'utf8').trim().split('\n');
    assert.deepEqual(lines.map((l) => JSON.parse(l)), before, 'the file holds each sample, in order');
    c = await createController(CLUSTER, { stateDir });
    assert.deepEqual(c.metrics(job.id), before);
  });

  it('runs a job queued -> running -> checkpointing -> succeeded, with checkpoints, metrics and a report', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'openclaw-sim-'));
    c = await createController(CLUSTER, { stateDir });
    assert.equal(c.backendKind, 'simulator');
    assert.equal(c.nodes().length, 8);
    const job = await c.submit(spec());
    const states = statesOf(c, job.id);
    const end = await c.waitForEnd(job.id);
    assert.equal(end.state, 'succeeded');
    assert.deepEqual(states.filter((s) => s !== 'queued').slice(0, 3), ['placed', 'starting', 'running']);
    assert.ok(states.includes('checkpointing'), states.join(' '));
    assert.equal(states.at(-1), 'succeeded');
    assert.equal(new Set(end.placement.map((r) => r.node)).size, 2);
    assert.equal(end.placement.length, 16);
    const ckpts = await c.checkpoints(job.id);
    assert.ok(ckpts.length >= 3, `checkpoints every 240 s of a 1200 s job: ${ckpts.length}`);
    assert.ok(ckpts.every((k) => k.complete && k.step !== undefined));
    assert.ok(c.metrics(job.id).some((m) => m.values.loss !== undefined));
    assert.equal(end.step, end.totalSteps);
    const report = c.report(job.id)!;
    assert.equal(report.restarts, 0);
    assert.ok(report.runSeconds >= 1200, `simulated run time ${report.runSeconds}`);
    assert.ok(Math.abs(report.gpuHours - (16 * report.runSeconds) / 3600) < 0.01 * report.gpuHours);
    assert.ok(existsSync(end.reportPath!));
    const logs: string[] = [];
    for await (const chunk of c.logs(job.id)) logs.push(chunk.text);
    assert.match(logs.join(''), /training done/);
  });

  it('cancels a running job and restarts it from scratch', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'openclaw-sim-'));
    c = await createController(ClusterFile.parse({ preset: 'dgx-a100', speedup: 200 }), { stateDir });
    const job = await c.submit(spec({ simulation: { durationSeconds: 3600 } }));
    await new Promise<void>((resolve) => {
      const d = c!.onChange((ch) => ch.kind === 'job' && ch.job.id === job.id && ch.job.state === 'running' && (d.dispose(), resolve()));
    });
    await c.cancel(job.id);
    assert.equal(c.job(job.id)?.state, 'cancelled');
    // Its devices are free again: another job of the whole cluster fits.
    const big = await c.submit(spec({ name: 'big', resources: { nodes: 8, processesPerNode: 8, gpusPerProcess: 1 }, simulation: { durationSeconds: 60 } }));
    assert.equal((await c.waitForEnd(big.id)).state, 'succeeded');
    const again = await c.restart(job.id);
    assert.equal(again.id, job.id);
    assert.equal(again.state, 'queued');
    await c.cancel(job.id);
    const journal = readFileSync(join(stateDir, 'journal.jsonl'), 'utf8');
    assert.match(journal, /"state":"cancelled"/);
  });

  it('resumes a cancelled job from one of its checkpoints', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'openclaw-sim-'));
    c = await createController(ClusterFile.parse({ preset: 'dgx-a100', speedup: 1000 }), { stateDir });
    const job = await c.submit(spec({ simulation: { durationSeconds: 3600 } }));
    await new Promise<void>((resolve) => {
      const d = c!.onChange((ch) => ch.kind === 'job' && ch.job.id === job.id && (ch.job.lastCheckpoint?.step ?? 0) > 0 && (d.dispose(), resolve()));
    });
    await c.cancel(job.id);
    const [ckpt] = await c.checkpoints(job.id);
    const resumed = await c.resume(job.id, `/ckpt/${ckpt!.path}`);
    assert.equal(resumed.resumeFrom, `/ckpt/${ckpt!.path}`);
    // The next attempt starts at the checkpoint's step, not from zero.
    const firstStep = await new Promise<number>((resolve) => {
      const d = c!.onChange((ch) => ch.kind === 'job' && ch.job.id === job.id && ch.job.attempt === 2 && ch.job.state === 'running' && ch.job.step !== undefined && (d.dispose(), resolve(ch.job.step)));
    });
    assert.ok(firstStep >= ckpt!.step!, `attempt 2 starts at ${firstStep}, the checkpoint is step ${ckpt!.step}`);
    await c.cancel(job.id);
    assert.equal(c.report(job.id)?.attempts.at(-1)?.resumeFrom, `/ckpt/${ckpt!.path}`);
  });

  it('lets a priority policy preempt a job, which comes back later from its checkpoint', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'openclaw-sim-'));
    c = await createController(ClusterFile.parse({ preset: 'dgx-a100', speedup: 2000, policy: 'priority' }), { stateDir });
    const whole = { nodes: 8, processesPerNode: 8, gpusPerProcess: 1 };
    const low = await c.submit(spec({ name: 'low', resources: whole, priority: 0, simulation: { durationSeconds: 1800 } }));
    await new Promise<void>((resolve) => {
      const d = c!.onChange((ch) => ch.kind === 'job' && ch.job.id === low.id && (ch.job.lastCheckpoint?.step ?? 0) > 0 && ch.job.state === 'running' && (d.dispose(), resolve()));
    });
    const high = await c.submit(spec({ name: 'high', resources: whole, priority: 10, simulation: { durationSeconds: 300 } }));
    const highEnd = await c.waitForEnd(high.id);
    const lowEnd = await c.waitForEnd(low.id);
    assert.equal(highEnd.state, 'succeeded');
    assert.equal(lowEnd.state, 'succeeded');
    assert.ok(lowEnd.history.some((t) => t.state === 'queued' && /preempted/.test(t.reason ?? '')), 'the low-priority job was preempted');
    assert.ok(highEnd.history.at(-1)!.at < lowEnd.history.at(-1)!.at, 'the high-priority job finished first');
    const attempts = c.report(low.id)!.attempts;
    assert.equal(attempts.length, 2);
    assert.match(attempts[1]!.resumeFrom ?? '', /^\/ckpt\/step-\d+\.pt$/);
    assert.equal(lowEnd.restarts, 0, 'a preemption is not a failure');
  });

  it('after a manager restart, runs a simulated job again from its last checkpoint without counting a restart', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'openclaw-sim-'));
    const cluster = ClusterFile.parse({ preset: 'dgx-a100', speedup: 1000 });
    const first = await createController(cluster, { stateDir });
    const job = await first.submit(spec({ simulation: { durationSeconds: 1800 } }));
    await new Promise<void>((resolve) => {
      const d = first.onChange((ch) => ch.kind === 'job' && ch.job.id === job.id && (ch.job.lastCheckpoint?.step ?? 0) > 0 && (d.dispose(), resolve()));
    });
    const ckptStep = first.job(job.id)!.lastCheckpoint!.step!;
    await first.dispose();
    c = await createController(cluster, { stateDir });
    const again = c.job(job.id)!;
    assert.equal(again.restarts, 0);
    assert.ok(again.history.some((t) => t.state === 'queued' && /^queued again, from \/ckpt\/step-\d+\.pt$/.test(t.reason ?? '')), JSON.stringify(again.history.slice(-4)));
    const end = await c.waitForEnd(job.id);
    assert.equal(end.state, 'succeeded');
    assert.match(c.report(job.id)!.attempts.at(-1)!.resumeFrom!, new RegExp(`step-${ckptStep}\\.pt$`));
  });

  it('fails a job that runs past its time limit', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'openclaw-sim-'));
    c = await createController(ClusterFile.parse({ preset: 'dgx-a100', speedup: 1000 }), { stateDir });
    const job = await c.submit(spec({ timeLimit: '10m', simulation: { durationSeconds: 7200 } }));
    const end = await c.waitForEnd(job.id);
    assert.equal(end.state, 'failed');
    assert.equal(end.error, 'ran past its time limit of 10m');
    assert.ok((end.step ?? 0) < (end.totalSteps ?? 0));
  });

  it('restarts a job from its last checkpoint on the capacity left when a node dies', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'openclaw-sim-'));
    const backend = new SimulatorBackend(ClusterFile.parse({ preset: 'dgx-a100', speedup: 1000 }) as Extract<ClusterFile, { backend: 'simulator' }>);
    const m = await JobManager.start(backend, { stateDir, policy: getPolicy('fifo') });
    c = m;
    const job = await m.submit(spec({ maxRestarts: 1 }));
    // Wait for the second checkpoint, then fail a node of the job.
    await new Promise<void>((resolve) => {
      const d = m.onChange((ch) => ch.kind === 'job' && ch.job.id === job.id && (ch.job.lastCheckpoint?.step ?? 0) > 0 && ch.job.state === 'running' && (d.dispose(), resolve()));
    });
    const before = m.job(job.id)!;
    const victim = before.placement[0]!.node;
    backend.failNode(victim);
    const end = await m.waitForEnd(job.id);
    assert.equal(end.state, 'succeeded');
    assert.equal(end.restarts, 1);
    assert.ok(!end.placement.some((r) => r.node === victim), 'the dead node is not used again');
    assert.ok(end.lostGpuSeconds > 0);
    const report = m.report(job.id)!;
    assert.equal(report.attempts.length, 2);
    assert.match(report.attempts[0]!.outcome, /dead/);
    assert.ok(report.attempts[1]!.resumeFrom?.startsWith('/ckpt/step-'), report.attempts[1]!.resumeFrom);
    assert.equal(m.nodes().find((n) => n.name === victim)?.state, 'dead');
  });

  it('marks a job that asks for more nodes than the cluster has as never fitting, and one that only waits as not', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'openclaw-sim-'));
    c = await createController(ClusterFile.parse({ preset: 'dgx-a100', speedup: 2000 }), { stateDir });
    const wide = await c.submit(spec({ name: 'wide', resources: { nodes: 2, processesPerNode: 16, gpusPerProcess: 1 } }));
    const busy = await c.submit(spec({ name: 'all', resources: { nodes: 8, processesPerNode: 8, gpusPerProcess: 1 }, simulation: { durationSeconds: 36000 } }));
    const after = await c.submit(spec({ name: 'after', resources: { nodes: 1, processesPerNode: 8, gpusPerProcess: 1 } }));
    const until = Date.now() + 5000;
    while (Date.now() < until && (!c.job(wide.id)?.neverFits || !c.job(after.id)?.waitReason)) await new Promise((r) => setTimeout(r, 20));
    assert.match(c.job(wide.id)!.neverFits ?? '', /needs 32 × devices over 2 nodes \(16 each\); no node has 16 \(the largest has 8\): it can never start/);
    assert.equal(c.job(wide.id)!.state, 'queued');
    // Queued behind a job that holds every device: it waits, but it fits.
    assert.equal(c.job(after.id)!.state, 'queued');
    assert.ok(c.job(after.id)!.waitReason, 'a reason to wait');
    assert.equal(c.job(after.id)!.neverFits, undefined);
    assert.notEqual(c.job(busy.id)!.state, 'queued');
  });
});

