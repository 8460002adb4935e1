import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanCheckpoints, stepFromName } from '../../../agent/checkpoints';

/** A safetensors file: 8-byte header length, JSON header, then the tensor bytes. */
function safetensors(tensors: Record<string, number[]>): Buffer {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let off = 0;
  for (const [name, shape] of Object.entries(tensors)) {
    const bytes = shape.reduce((a, b) => a * b, 1) * 4;
    header[name] = { dtype: 'F32', shape, data_offsets: [off, off + bytes] };
    off += bytes;
  }
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([len, json, Buffer.alloc(off)]);
}

describe('checkpoint discovery', function () {
  this.timeout(60000);
  let root: string;
  let outside: string;
  const old = new Date(Date.now() - 60_000);

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'openclaw-ckpt-'));
    outside = mkdtempSync(join(tmpdir(), 'openclaw-outside-'));
    // Real PyTorch files from torch.save (zip format), never loaded by the agent.
    const py = spawnSync('/usr/bin/python3', ['-c', [
      'import torch, sys',
      'torch.save({"w": torch.zeros(1000)}, sys.argv[1] + "/step-100.pt")',
      'torch.save({"w": torch.zeros(1000)}, sys.argv[1] + "/step-200.pt")',
    ].join('\n'), root], { encoding: 'utf8' });
    assert.equal(py.status, 0, py.stderr);
    // step-200.pt cut short, as when the writer is killed midway.
    truncateSync(join(root, 'step-200.pt'), statSync(join(root, 'step-200.pt')).size - 30);
    writeFileSync(join(root, 'model.pt.tmp'), 'partial');
    writeFileSync(join(root, 'weights-300.safetensors'), safetensors({ a: [10, 10], b: [5] }));
    const cut = safetensors({ a: [100, 100] });
    writeFileSync(join(root, 'weights-400.safetensors'), cut.subarray(0, cut.length - 1000));
    // Hugging Face Trainer layout.
    mkdirSync(join(root, 'hf/checkpoint-500'), { recursive: true });
    writeFileSync(join(root, 'hf/checkpoint-500/trainer_state.json'), JSON.stringify({ global_step: 500 }));
    writeFileSync(join(root, 'hf/checkpoint-500/model.safetensors'), safetensors({ x: [2, 2], y: [3], z: [1] }));
    mkdirSync(join(root, 'hf/checkpoint-600'), { recursive: true });
    writeFileSync(join(root, 'hf/checkpoint-600/model.safetensors'), safetensors({ x: [2, 2] }));
    // DeepSpeed: `latest` names global_step700; global_step800 is being saved.
    for (const s of [700, 800]) {
      mkdirSync(join(root, `ds/global_step${s}`), { recursive: true });
      writeFileSync(join(root, `ds/global_step${s}/mp_rank_00_model_states.pt`), 'x'.repeat(100));
    }
    writeFileSync(join(root, 'ds/latest'), 'global_step700');
    // torch.distributed.checkpoint: .metadata is written last.
    mkdirSync(join(root, 'dcp/step_900'), { recursive: true });
    writeFileSync(join(root, 'dcp/step_900/__0_0.distcp'), 'x'.repeat(64));
    writeFileSync(join(root, 'dcp/step_900/.metadata'), 'meta');
    mkdirSync(join(root, 'dcp/step_1000'), { recursive: true });
    writeFileSync(join(root, 'dcp/step_1000/__0_0.distcp'), 'x'.repeat(64));
    // A link out of the root is not followed.
    writeFileSync(join(outside, 'secret-1100.pt'), 'nope');
    symlinkSync(join(outside, 'secret-1100.pt'), join(root, 'linked-1100.pt'));
    symlinkSync(outside, join(root, 'linked-dir'));
    // Everything written a minute ago, except what is written "now".
    const age = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isSymbolicLink()) continue;
        if (e.isDirectory()) age(p);
        utimesSync(p, old, old);
      }
    };
    age(root);
    // Written just now: a whole zip proves itself (a rename into place is complete at once); a
    // legacy pickle cannot, and must first stop changing.
    writeFileSync(join(root, 'step-1200.pt'), Buffer.from([0x80, 0x02, 0x7d, 0x71, 0x00, 0x2e]));
    writeFileSync(join(root, 'step-1300.pt'), readFileSync(join(root, 'step-100.pt')));
  });
  after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('recognises each format, with steps, and marks each one still being written', async () => {
    const list = await scanCheckpoints(root);
    const by = Object.fromEntries(list.map((c) => [c.path, c]));
    const summary = list.map((c) => `${c.path} ${c.format} ${c.step ?? '-'} ${c.complete ? 'complete' : `incomplete(${c.incompleteReason})`}`);
    assert.deepEqual(Object.keys(by).sort(), [
      'dcp/step_1000', 'dcp/step_900', 'ds/global_step700', 'ds/global_step800', 'hf/checkpoint-500', 'hf/checkpoint-600',
      'model.pt.tmp', 'step-100.pt', 'step-1200.pt', 'step-1300.pt', 'step-200.pt', 'weights-300.safetensors', 'weights-400.safetensors',
    ], summary.join('\n'));
    assert.equal(by['step-100.pt']!.format, 'pytorch');
    assert.equal(by['step-100.pt']!.step, 100);
    assert.equal(by['step-100.pt']!.complete, true);
    assert.equal(by['step-200.pt']!.complete, false, 'a truncated torch.save zip is incomplete');
    assert.equal(by['model.pt.tmp']!.complete, false);
    assert.match(by['model.pt.tmp']!.incompleteReason!, /temporary/);
    assert.equal(by['step-1200.pt']!.complete, false, 'a legacy pickle modified just now');
    assert.match(by['step-1200.pt']!.incompleteReason!, /still being written/);
    assert.equal(by['step-1300.pt']!.complete, true, 'a whole zip renamed into place just now');

    assert.equal(by['weights-300.safetensors']!.format, 'safetensors');
    assert.equal(by['weights-300.safetensors']!.tensors, 2);
    assert.equal(by['weights-300.safetensors']!.complete, true);
    assert.equal(by['weights-400.safetensors']!.complete, false, 'fewer bytes than the header promises');

    assert.equal(by['hf/checkpoint-500']!.format, 'huggingface');
    assert.equal(by['hf/checkpoint-500']!.step, 500);
    assert.equal(by['hf/checkpoint-500']!.tensors, 3);
    assert.equal(by['hf/checkpoint-500']!.complete, true);
    assert.equal(by['hf/checkpoint-600']!.complete, false, 'no trainer_state.json');

    assert.equal(by['ds/global_step700']!.format, 'deepspeed');
    assert.equal(by['ds/global_step700']!.complete, true);
    assert.equal(by['ds/global_step800']!.complete, false, 'newer than latest');

    assert.equal(by['dcp/step_900']!.format, 'torch-dcp');
    assert.equal(by['dcp/step_900']!.step, 900);
    assert.equal(by['dcp/step_900']!.complete, true);
    assert.equal(by['dcp/step_1000']!.complete, false, 'no .metadata');
    assert.ok(by['dcp/step_900']!.sizeBytes >= 64);
  });

  it('a missing checkpoint directory is an empty list', async () => {
    assert.deepEqual(await scanCheckpoints(join(root, 'nope')), []);
  });

  it('steps from common names', () => {
    assert.equal(stepFromName('epoch=3-step=900.ckpt'), 900);
    assert.equal(stepFromName('ckpt_40.pt'), 40);
    assert.equal(stepFromName('model_00120.pth'), 120);
    assert.equal(stepFromName('final.pt'), undefined);
  });

  it('lists a folder whose checkpoints are being saved, renamed into place and rotated out meanwhile, without failing', async () => {
    // What a training loop does between two scans: save to a temporary name, rename into place,
    // drop the oldest. A scan that meets a file gone since its listing must skip it, not fail (a
    // failed scan in the agent's watcher once ended the agent).
    const dir = mkdtempSync(join(tmpdir(), 'openclaw-ckpt-churn-'));
    mkdirSync(join(dir, 'nested'));
    let stop = false;
    const churn = (async () => {
      for (let i = 1; !stop; i++) {
        for (const d of [dir, join(dir, 'nested')]) {
          writeFileSync(join(d, `step-${i}.pt.tmp`), 'x');
          renameSync(join(d, `step-${i}.pt.tmp`), join(d, `step-${i}.pt`));
          rmSync(join(d, `step-${i - 3}.pt`), { force: true });
        }
        if (i % 20 === 0) await new Promise((r) => setImmediate(r));
      }
    })();
    let scans = 0;
    try {
      const until = Date.now() + 1500;
      while (Date.now() < until) {
        await Promise.all([scanCheckpoints(dir, { settleMs: 0 }), scanCheckpoints(dir, { settleMs: 0 })]);
        scans += 2;
      }
    } finally {
      stop = true;
      await churn;
      rmSync(dir, { recursive: true, force: true });
    }
    assert.ok(scans > 10, `scanned ${scans} times`);
  });
});
