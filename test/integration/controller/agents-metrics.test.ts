/** Metrics as a stock script reports them, read on the agents and reaching the job manager. */
import * as assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Controller } from '../../../src/controller/api';
import { createControllerFromFile } from '../../../src/controller/factory';
import { loadJobSpec } from '../../../src/controller/spec-loader';
import { startAgent, stopAgent, waitFor, workspace, type RunningAgent } from './agents-harness';

const STOCK_SCRIPT = join(__dirname, '..', '..', 'e2e', 'fixtures', 'metrics', 'stock_train.py');

describe('agents: metrics from a script that knows nothing of OpenClaw', function () {
  this.timeout(180_000);
  let agents: RunningAgent[] = [];
  let controller: Controller | undefined;
  after(async () => {
    await controller?.dispose();
    await Promise.all(agents.map((a) => stopAgent(a)));
  });

  let specDir = '';

  /** One agent and a manager on it, with the stock script in the workspace, started once. */
  async function connected(): Promise<Controller> {
    if (!controller) {
      const dir = mkdtempSync(join(tmpdir(), 'openclaw-metrics-'));
      agents = [await startAgent(dir, 'm1')];
      const ws = workspace(agents);
      copyFileSync(STOCK_SCRIPT, join(ws.specDir, 'stock_train.py'));
      controller = await createControllerFromFile(ws.clusterFile, { stateDir: join(ws.dir, 'state') });
      specDir = ws.specDir;
    }
    return controller;
  }

  async function run(name: string, extra = ''): Promise<{ c: Controller; id: string }> {
    await connected();
    const spec = join(specDir, `${name}.claw.yaml`);
    writeFileSync(spec, `name: ${name}\ncommand: [/usr/bin/python3, stock_train.py, --steps, "40"]\nlauncher: plain\ncheckpoint: {dir: ckpt}\n${extra}`);
    const job = await controller!.submit(loadJobSpec(spec), spec);
    const end = await controller!.waitForEnd(job.id);
    assert.equal(end.state, 'succeeded', end.error);
    return { c: controller!, id: job.id };
  }

  it('charts the TensorBoard event file, the Trainer dicts and the iteration lines, each at its step', async () => {
    const { c, id } = await run('stock');
    // The last event-file scalars arrive with the agent's next answer after the end.
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !c.metrics(id).some((s) => s.step === 40 && 'train/loss' in s.values)) await new Promise((r) => setTimeout(r, 200));
    const samples = c.metrics(id);
    const tb = samples.filter((s) => 'train/loss' in s.values);
    assert.deepEqual(tb.map((s) => s.step), Array.from({ length: 40 }, (_, i) => i + 1), 'every logged step, once, in order');
    assert.ok(tb.every((s) => Math.abs(s.values['train/lr']! - 0.05) < 1e-6));
    const hf = samples.filter((s) => 'learning_rate' in s.values);
    assert.equal(hf.length, 8);
    assert.ok(samples.some((s) => s.values.eval_loss !== undefined));
    const iters = samples.filter((s) => s.values.time !== undefined);
    assert.deepEqual(iters.map((s) => s.step), [10, 20, 30, 40]);
    // The loss the script printed is the one its event file holds at that step.
    const printed = iters[1]!.values.loss!;
    assert.ok(Math.abs(tb[19]!.values['train/loss']! - printed) < 1e-3, `${tb[19]!.values['train/loss']} vs ${printed}`);
    // What its checkpoint holds, read by the agent on its node.
    const inside = await c.inspectCheckpoint(id, 'step-40.pt');
    assert.deepEqual(inside.tensors.map((t) => [t.name, t.dtype, t.shape.join('x')]), [['model.weight', 'float32', '1x8'], ['model.bias', 'float32', '1']]);
    assert.equal(inside.state.step, 40);
    assert.equal(inside.state['optimizer.param_groups[0].lr'], 0.05);
  });

  it("charts the utilisation and memory of the devices the job's ranks hold, as nvidia-smi reports them", async () => {
    // No GPU here: an nvidia-smi on the agent's PATH answers as a DGX A100's does (captured output,
    // some devices busy, some idle); the job holds one device.
    const dir = mkdtempSync(join(tmpdir(), 'openclaw-gpu-metrics-'));
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const fixtures = join(__dirname, '..', '..', 'unit', 'agent', 'fixtures');
    writeFileSync(join(bin, 'nvidia-smi'), `#!/bin/sh\nif [ "$1" = topo ]; then cat ${join(fixtures, 'nvidia-smi-topo-dgx-a100.txt')}; else cat ${join(fixtures, 'nvidia-smi-query-a100x8.csv')}; fi\n`);
    chmodSync(join(bin, 'nvidia-smi'), 0o755);
    const gpuAgent = await startAgent(dir, 'g1', undefined, true, undefined, { env: { PATH: `${bin}:${process.env.PATH}` } });
    agents.push(gpuAgent);
    const ws = workspace([gpuAgent]);
    copyFileSync(STOCK_SCRIPT, join(ws.specDir, 'stock_train.py'));
    const c = await createControllerFromFile(ws.clusterFile, { stateDir: join(ws.dir, 'state') });
    try {
      await waitFor(() => c.nodes().some((n) => n.devices.length === 8), 20_000, 'the 8 GPUs of g1');
      const spec = join(ws.specDir, 'gpu.claw.yaml');
      writeFileSync(spec, 'name: gpu\ncommand: [/usr/bin/python3, stock_train.py, --steps, "150"]\nlauncher: plain\nresources: {gpusPerProcess: 1}\n');
      const job = await c.submit(loadJobSpec(spec), spec);
      await waitFor(() => c.metrics(job.id).some((s) => Object.keys(s.values).some((k) => k.startsWith('gpu_util/'))), 30_000, 'device samples');
      const held = c.job(job.id)!.placement[0]!.devices[0]!;
      const sample = c.metrics(job.id).find((s) => Object.keys(s.values).some((k) => k.startsWith('gpu_util/')))!;
      // index, uuid, name, memory.total, utilization.gpu, memory.used
      const row = readFileSync(join(fixtures, 'nvidia-smi-query-a100x8.csv'), 'utf8').trim().split('\n').map((l) => l.split(',').map((f) => f.trim())).find((f) => Number(f[0]) === held)!;
      assert.deepEqual(Object.keys(sample.values).sort(), [`gpu_mem/g1:${held}`, `gpu_util/g1:${held}`], 'only the device the job holds');
      assert.equal(sample.values[`gpu_util/g1:${held}`], Number(row[4]) / 100);
      assert.equal(sample.values[`gpu_mem/g1:${held}`], Number(row[5]) / 1024);
      await c.cancel(job.id);
    } finally {
      await c.dispose();
    }
  });

  it("reads a progress bar's state while its line is still being rewritten, before the epoch ends", async () => {
    const bar = ['import sys, time', 'for i in range(1, 61):', '    sys.stdout.write("\\rEpoch 0: %d%%|#| %d/60 [00:01<00:02, 10.00it/s, v_num=0, train_loss=%.3f]" % (i * 100 // 60, i, 1.0 / i))', '    sys.stdout.flush()', '    time.sleep(0.1)', 'print()'].join('\n');
    const c = await connected();
    const spec = join(specDir, 'bar.claw.yaml');
    writeFileSync(spec, `name: bar\ncommand: [/usr/bin/python3, -c, ${JSON.stringify(bar)}]\nlauncher: plain\n`);
    const job = await c.submit(loadJobSpec(spec), spec);
    await waitFor(() => c.metrics(job.id).some((s) => (s.values.epochStep ?? 0) >= 20), 60_000, 'the bar at 20/60 while it runs');
    assert.notEqual(c.job(job.id)?.state, 'succeeded', 'read while the line was still open');
    const end = await c.waitForEnd(job.id);
    assert.equal(end.state, 'succeeded', end.error);
    const steps = c.metrics(job.id).map((s) => s.values.epochStep!).filter((v) => v !== undefined);
    assert.ok(steps.length >= 5 && steps.every((v, i) => i === 0 || v >= steps[i - 1]!), `${steps.join(' ')}`);
    assert.equal(steps[steps.length - 1], 60);
  });

  it('reads only the sources the spec leaves on', async () => {
    const { c, id } = await run('printed-only', 'metrics: {tensorboard: false, printed: [hf]}\n');
    await new Promise((r) => setTimeout(r, 2500));
    const samples = c.metrics(id);
    assert.equal(samples.filter((s) => 'train/loss' in s.values).length, 0);
    assert.equal(samples.filter((s) => s.values.time !== undefined).length, 0);
    assert.equal(samples.filter((s) => 'learning_rate' in s.values).length, 8);
  });
});
