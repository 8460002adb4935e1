import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePrintedMetric, PRINTED_FORMS } from '../../../src/core/metrics/printed';

// The lines below are as the libraries print them (the Trainer's `log` dicts, Lightning's tqdm and rich
// bars and its test table, nanoGPT's and common hand-written loops), escapes and bars included.
describe('metrics printed by training scripts', () => {
  it('reads the Hugging Face Trainer dicts: training, evaluation and the final summary', () => {
    const train = parsePrintedMetric("{'loss': 0.6931, 'grad_norm': 1.2345678806304932, 'learning_rate': 4.8e-05, 'epoch': 0.04}");
    assert.deepEqual(train, { form: 'hf', values: { loss: 0.6931, grad_norm: 1.2345678806304932, learning_rate: 4.8e-5, epoch: 0.04 } });
    const evaluation = parsePrintedMetric("{'eval_loss': 0.4113, 'eval_accuracy': 0.8612, 'eval_runtime': 3.2, 'eval_samples_per_second': 312.5, 'eval_steps_per_second': 39.06, 'epoch': 1.0}");
    assert.equal(evaluation?.values.eval_accuracy, 0.8612);
    const summary = parsePrintedMetric("{'train_runtime': 120.5112, 'train_samples_per_second': 99.576, 'train_steps_per_second': 12.447, 'train_loss': 0.3512, 'epoch': 3.0}");
    assert.equal(summary?.values.train_loss, 0.3512);
    // Newer releases quote the rounded values.
    assert.deepEqual(parsePrintedMetric("{'loss': '0.6931', 'grad_norm': '1.235', 'learning_rate': '4.8e-05', 'epoch': '0.04'}")?.values, { loss: 0.6931, grad_norm: 1.235, learning_rate: 4.8e-5, epoch: 0.04 });
    // A NaN loss is not a point to draw.
    assert.deepEqual(parsePrintedMetric("{'loss': nan, 'learning_rate': 5e-05, 'epoch': 0.5}")?.values, { learning_rate: 5e-5, epoch: 0.5 });
  });

  it("reads Lightning's tqdm bar (the freshest of its \\r updates), its rich bar and its test table", () => {
    const bar = 'Epoch 1:  40%|████      | 40/100 [00:02<00:03, 17.76it/s, v_num=0, train_loss=0.612]\rEpoch 1:  45%|████▌     | 45/100 [00:02<00:03, 17.80it/s, v_num=0, train_loss=0.512]';
    assert.deepEqual(parsePrintedMetric(bar), { form: 'lightning', values: { epoch: 1, epochStep: 45, epochSteps: 100, itPerSec: 17.8, train_loss: 0.512 } });
    const old = parsePrintedMetric('Epoch 0:  12%|█▏        | 12/100 [00:01<00:08, 10.53it/s, loss=2.31, v_num=3]');
    assert.equal(old?.values.loss, 2.31);
    const rich = parsePrintedMetric('\u001b[37mEpoch 1/9 \u001b[0m \u001b[38;5;197m━━━━━━━━━━━━━━━━━━━━\u001b[0m\u001b[38;5;237m╺━━━━━━━━━━━━━━━━━━━\u001b[0m 450/1000 \u001b[37m0:00:12 • 0:00:15\u001b[0m \u001b[37m36.51it/s\u001b[0m \u001b[37mv_num: 0 train_loss: 0.412\u001b[0m');
    assert.deepEqual(rich?.values, { epoch: 1, epochStep: 450, epochSteps: 1000, itPerSec: 36.51, train_loss: 0.412 });
    assert.deepEqual(parsePrintedMetric('│         test_loss         │    0.2345029056072235     │')?.values, { test_loss: 0.2345029056072235 });
    // Validation bars tell no training progress, and the table's header is not a metric.
    assert.equal(parsePrintedMetric('Validation DataLoader 0: 100%|██████████| 10/10 [00:00<00:00, 50.00it/s]'), undefined);
    assert.equal(parsePrintedMetric('┃        Test metric        ┃       DataLoader 0        ┃'), undefined);
  });

  it("reads a whole epoch of a progress bar (a line of a thousand \\r updates) as its last state", () => {
    const epoch = Array.from({ length: 1000 }, (_, i) => `Epoch 2: ${Math.floor(i / 10)}%|█ | ${i + 1}/1000 [00:10<00:10, 99.00it/s, v_num=0, train_loss=${(1 / (i + 1)).toFixed(4)}]`).join('\r');
    assert.ok(epoch.length > 50_000);
    assert.deepEqual(parsePrintedMetric(epoch)?.values, { epoch: 2, epochStep: 1000, epochSteps: 1000, itPerSec: 99, train_loss: 0.001 });
  });

  it('reads lines that start with their step: nanoGPT, `step N loss X`, `Step N/M | ...`', () => {
    assert.deepEqual(parsePrintedMetric('iter 250: loss 1.8842, time 45.12ms, mfu 12.40%'), { form: 'steps', step: 250, values: { step: 250, loss: 1.8842, time: 45.12, mfu: 12.4 } });
    assert.deepEqual(parsePrintedMetric('step 120 loss 0.4213'), { form: 'steps', step: 120, values: { step: 120, loss: 0.4213 } });
    assert.deepEqual(parsePrintedMetric('Step 120/1000 | loss 0.42 | lr 1.0e-04'), { form: 'steps', step: 120, totalSteps: 1000, values: { step: 120, totalSteps: 1000, loss: 0.42, lr: 1e-4 } });
    assert.deepEqual(parsePrintedMetric('[step 30] loss: 0.9, acc: 0.71')?.values, { step: 30, loss: 0.9, acc: 0.71 });
    assert.equal(parsePrintedMetric('Epoch 3 started'), undefined);
  });

  it('reads key=value and key: value pairs anywhere in a line', () => {
    assert.deepEqual(parsePrintedMetric('epoch=3 step=900 val_loss=0.2'), { form: 'pairs', step: 900, values: { epoch: 3, step: 900, val_loss: 0.2 } });
    assert.deepEqual(parsePrintedMetric('2024-05-01 12:00:03 train | epoch: 2 | step: 120/500 | loss: 0.4213 | acc: 91.2%'), { form: 'pairs', step: 120, totalSteps: 500, values: { epoch: 2, step: 120, totalSteps: 500, loss: 0.4213, acc: 91.2 } });
    assert.deepEqual(parsePrintedMetric('INFO: loaded 3 files'), undefined);
    assert.equal(parsePrintedMetric('Downloading https://example.com/a.tar.gz'), undefined);
    assert.equal(parsePrintedMetric('Traceback (most recent call last):'), undefined);
  });

  it('keeps to the forms a job allows', () => {
    assert.equal(parsePrintedMetric('step 120 loss 0.4213', ['openclaw', 'hf']), undefined);
    assert.deepEqual(parsePrintedMetric('@openclaw {"step": 5, "loss": 1.5}', ['openclaw'])?.values, { step: 5, loss: 1.5 });
  });

  it('never throws and returns finite numbers only, whatever the line', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.constantFrom(...PRINTED_FORMS), (line, form) => {
        const parsed = parsePrintedMetric(line, [form]);
        if (parsed) for (const v of Object.values(parsed.values)) assert.ok(Number.isFinite(v), line);
      }),
      { seed: 14, numRuns: 2000 },
    );
  });
});
