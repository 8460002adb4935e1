import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { inspectCheckpointAt } from '../../../agent/checkpoint-contents';
import { bytesSource } from '../../../src/core/checkpoint-contents/byte-source';
import { diffCheckpoints } from '../../../src/core/checkpoint-contents/diff';
import { inspectCheckpoint } from '../../../src/core/checkpoint-contents/inspect';
import { readPickle } from '../../../src/core/checkpoint-contents/pickle';

const WRITER = join(__dirname, '..', '..', 'fixtures', 'checkpoints', 'write_checkpoints.py');

describe('what is inside a checkpoint', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'openclaw-ckpt-contents-'));
    const py = spawnSync('/usr/bin/python3', [WRITER, dir], { encoding: 'utf8' });
    assert.equal(py.status, 0, `PyTorch writes the checkpoints: ${py.stderr}`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("lists a torch.save checkpoint's tensors with dtype, shape and bytes, and its training state", async () => {
    const c = await inspectCheckpointAt(join(dir, 'model.pt'));
    assert.equal(c.format, 'pytorch');
    assert.deepEqual(c.problems, []);
    const byName = new Map(c.tensors.map((t) => [t.name, t]));
    assert.deepEqual(byName.get('model.fc1.weight'), { name: 'model.fc1.weight', dtype: 'float32', shape: [8, 4], bytes: 128, file: 'model.pt' });
    assert.deepEqual(byName.get('model.fc2.bias')?.shape, [2]);
    // SGD with momentum keeps a buffer per parameter.
    assert.ok(c.tensors.some((t) => /^optimizer\.state\.\d+\.momentum_buffer$/.test(t.name)), c.tensors.map((t) => t.name).join(', '));
    assert.equal(c.state.step, 120);
    assert.equal(c.state.epoch, 2);
    assert.equal(c.state.best_val_loss, 0.25);
    assert.equal(c.state['optimizer.param_groups[0].lr'], 0.1);
    assert.equal(c.tensorBytes, c.tensors.reduce((a, t) => a + t.bytes, 0));
  });

  it('reads a safetensors header without reading its data', async () => {
    const c = await inspectCheckpointAt(join(dir, 'model.safetensors'));
    assert.equal(c.format, 'safetensors');
    assert.deepEqual(
      c.tensors.map((t) => [t.name, t.dtype, t.shape.join('x'), t.bytes]),
      [['embed.weight', 'float32', '10x4', 160], ['embed.half', 'float16', '3', 6], ['pos', 'int64', '5', 40]],
    );
    assert.equal(c.state.step, '300');
  });

  it('reads a Hugging Face checkpoint folder: the model, the trainer state and the weights', async () => {
    const c = await inspectCheckpointAt(join(dir, 'hf'));
    assert.equal(c.format, 'huggingface');
    assert.equal(c.model.model_type, 'gpt2');
    assert.equal(c.model.architectures, 'GPT2LMHeadModel');
    assert.equal(c.state.global_step, 500);
    assert.equal(c.state.best_metric, 0.31);
    assert.equal(c.state.loss, 1.7);
    assert.equal(c.state.eval_loss, 1.9);
    assert.deepEqual(c.tensors.map((t) => t.name), ['transformer.wte.weight']);
    assert.deepEqual(c.files.map((f) => f.path).sort(), ['config.json', 'model.safetensors', 'trainer_state.json']);
  });

  it('reads a torch.distributed.checkpoint folder from its .metadata: global shapes of sharded tensors', async () => {
    const c = await inspectCheckpointAt(join(dir, 'dcp'));
    assert.equal(c.format, 'torch-distributed');
    assert.deepEqual(c.problems, []);
    assert.deepEqual(
      c.tensors.map((t) => [t.name, t.dtype, t.shape.join('x'), t.bytes]),
      [['model.fc1.weight', 'bfloat16', '8x4', 64], ['model.fc1.bias', 'float32', '8', 32]],
    );
    assert.equal(c.state.step, 'object');
    assert.deepEqual(c.files.map((f) => f.path), ['.metadata', '__0_0.distcp', '__1_0.distcp']);
  });

  it('refuses a pickle that would run a command on load, naming the call, without running it', async () => {
    const c = await inspectCheckpointAt(join(dir, 'hostile.pt'));
    assert.equal(c.tensors.length, 0);
    assert.match(c.problems.join('\n'), /hostile\.pt: refused: loading it would call (posix|os)\.system/);
    assert.equal(existsSync(join(dir, 'marker')), false);
  });

  it('diffs two checkpoints: added, removed and reshaped tensors, dtype changes, size and state', async () => {
    const d = diffCheckpoints(await inspectCheckpointAt(join(dir, 'model.pt')), await inspectCheckpointAt(join(dir, 'wider.pt')));
    assert.deepEqual(d.added.map((t) => t.name).sort(), ['model.head.bias', 'model.head.weight']);
    assert.ok(d.removed.some((t) => t.name.startsWith('optimizer.')));
    const changed = new Map(d.changed.map((c) => [c.name, c]));
    assert.deepEqual(changed.get('model.fc1.weight')?.after.shape, [16, 4]);
    assert.equal(changed.get('model.fc2.bias')?.after.dtype, 'float64');
    assert.ok(d.bytesAfter !== d.bytesBefore);
    assert.deepEqual(d.state.find((s) => s.key === 'step'), { key: 'step', before: 120, after: 240 });
  });

  it('says what is wrong with a cut-short or foreign file, never throws', async () => {
    const whole = readFileSync(join(dir, 'model.pt'));
    writeFileSync(join(dir, 'cut.pt'), whole.subarray(0, whole.length - 100));
    const cut = await inspectCheckpointAt(join(dir, 'cut.pt'));
    assert.match(cut.problems.join('\n'), /cut\.pt: .*(cut short|no end-of-directory)/);
    const text = await inspectCheckpoint([{ path: 'notes.txt', size: 5, open: async () => bytesSource(new TextEncoder().encode('hello')) }]);
    assert.equal(text.format, 'unknown');
  });

  it('never throws or runs away on random or mangled bytes', async () => {
    const pt = new Uint8Array(readFileSync(join(dir, 'model.pt')));
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.nat(), async (noise, at) => {
        const mangled = pt.slice();
        mangled.set(noise.subarray(0, Math.max(0, mangled.length - (at % mangled.length))), at % mangled.length);
        for (const bytes of [noise, mangled]) {
          const c = await inspectCheckpoint([{ path: 'x.pt', size: bytes.length, open: async () => bytesSource(bytes) }]);
          assert.ok(Array.isArray(c.problems));
        }
        try {
          readPickle(noise);
        } catch (err) {
          assert.ok(err instanceof Error);
        }
      }),
      { seed: 14, numRuns: 300 },
    );
  });
});
