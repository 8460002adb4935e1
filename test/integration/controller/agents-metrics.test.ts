/** Metrics as a stock script reports them, read on the agents and reaching the job manager. */
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Controller } from '../../../src/controller/api';
import { createControllerFromFile } from '../../../src/controller/factory';
import { loadJobSpec } from '../../../src/controller/spec-loader';
import { startAgent, stopAgent, workspace, type RunningAgent } from './agents-harness';

describe('agents: metrics from a script that knows nothing of OpenClaw', function () {
  this.timeout(180_000);
  let agents: RunningAgent[] = [];
  let controller: Controller | undefined;
  after(async () => {
    await controller?.dispose();
    await Promise.all(agents.map((a) => stopAgent(a)));
  });

  async function run(name: string, extra = ''): Promise<{ c: Controller; id: string }> {
    if (!controller) {
      const dir = mkdtempSync(join(tmpdir(), 'openclaw-metrics-'));
      agents = [await startAgent(dir, 'm1')];
      const ws = workspace(agents);
      copyFileSync(join(__dirname, 'fixtures', 'stock_train.py'), join(ws.specDir, 'stock_train.py'));
      controller = await createControllerFromFile(ws.clusterFile, { stateDir: join(ws.dir, 'state') });
      (run as { specDir?: string }).specDir = ws.specDir;
    }
    const specDir = (run as { specDir?: string }).specDir!;
    const spec = join(specDir, `${name}.claw.yaml`);
    writeFileSync(spec, `name: ${name}\ncommand: [/usr/bin/python3, stock_train.py, --steps, "40"]\nlauncher: plain\ncheckpoint: {dir: ckpt}\n${extra}`);
    const job = await controller.submit(loadJobSpec(spec), spec);
    const end = await controller.waitForEnd(job.id);
    assert.equal(end.state, 'succeeded', end.error);
    return { c: controller, id: job.id };
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

  it('reads only the sources the spec leaves on', async () => {
    const { c, id } = await run('printed-only', 'metrics: {tensorboard: false, printed: [hf]}\n');
    await new Promise((r) => setTimeout(r, 2500));
    const samples = c.metrics(id);
    assert.equal(samples.filter((s) => 'train/loss' in s.values).length, 0);
    assert.equal(samples.filter((s) => s.values.time !== undefined).length, 0);
    assert.equal(samples.filter((s) => 'learning_rate' in s.values).length, 8);
  });
});
