import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectCheckpointAt } from '../../agent/checkpoint-contents';
import type { CheckpointContents } from '../../src/core/checkpoint-contents/contents';
import { diffCheckpoints } from '../../src/core/checkpoint-contents/diff';
import { CheckpointToHost } from '../../src/protocol/checkpoint';
import { openPanel, problemsOf, startHarness, type Harness, type Panel } from './harness';

const WRITER = join(__dirname, '..', 'fixtures', 'checkpoints', 'write_checkpoints.py');
const OF = { jobId: 'train-3', jobName: 'train', path: 'ckpt/wider.pt' };
const AGAINST = { jobId: 'train-3', jobName: 'train', path: 'ckpt/model.pt' };

describe('checkpoint page (Chromium), on checkpoints PyTorch wrote', function () {
  let h: Harness;
  let p: Panel;
  let dir: string;
  let model: CheckpointContents;
  let wider: CheckpointContents;
  let hostile: CheckpointContents;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'openclaw-ckpt-page-'));
    const py = spawnSync('/usr/bin/python3', [WRITER, dir], { encoding: 'utf8' });
    assert.equal(py.status, 0, py.stderr);
    [model, wider, hostile] = (await Promise.all(['model.pt', 'wider.pt', 'hostile.pt'].map((f) => inspectCheckpointAt(join(dir, f))))) as [CheckpointContents, CheckpointContents, CheckpointContents];
    h = await startHarness();
  });
  after(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => p?.page.context().close());

  const app = () => p.page.locator('checkpoint-app');

  async function open(): Promise<void> {
    p = await openPanel(h, 'checkpoint', { width: 1000, height: 900 });
    await p.waitFor('ready');
  }

  it('lists the tensors with dtype, shape and size, the training state, and filters and sorts them', async () => {
    await open();
    await p.send({ type: 'contents', of: AGAINST, contents: model });
    assert.match((await app().locator('#facts').textContent()) ?? '', /format pytorch[\s\S]*8 tensors/);
    assert.match((await app().locator('#state').textContent()) ?? '', /step\s*120[\s\S]*epoch\s*2[\s\S]*best_val_loss\s*0\.25/);
    const rows = await app().locator('#tensors tbody tr').allTextContents();
    assert.equal(rows.length, 8);
    assert.match(rows[0]!, /model\.fc1\.weight\s*float32\s*8 × 4\s*128 B/);
    await app().locator('#filter').evaluate((el: HTMLElement & { value: string }) => {
      el.value = 'momentum';
      el.dispatchEvent(new Event('input'));
    });
    assert.equal(await app().locator('#tensors tbody tr').count(), 4);
    assert.match((await app().locator('#shown').textContent()) ?? '', /4 of 8/);
    await app().locator('#filter').evaluate((el: HTMLElement & { value: string }) => {
      el.value = '';
      el.dispatchEvent(new Event('input'));
    });
    await app().locator('#sort-size').click();
    const sizes = await app().locator('#tensors tbody tr td:nth-child(1)').allTextContents();
    assert.ok(sizes[0]!.endsWith('fc1.weight'), `largest first: ${sizes[0]}`);
    await p.screenshot('checkpoint-contents');
    assert.deepEqual(await problemsOf(p), []);
  });

  it('shows how two checkpoints differ, and asks the host for another or for the contents', async () => {
    await open();
    await p.send({ type: 'diff', of: OF, against: AGAINST, before: model, after: wider, diff: diffCheckpoints(model, wider) });
    assert.match((await app().locator('#summary').textContent()) ?? '', /2 added[\s\S]*4 removed[\s\S]*4 changed[\s\S]*size 464 B → 488 B/);
    const changed = await app().locator('#changed tbody tr').allTextContents();
    assert.ok(changed.some((r) => /model\.fc1\.weight\s*float32 8 × 4\s*float32 16 × 4/.test(r)), changed.join('\n'));
    assert.ok(changed.some((r) => /model\.fc2\.bias\s*float32 2\s*float64 2/.test(r)), changed.join('\n'));
    assert.deepEqual((await app().locator('#added tbody tr td:first-child').allTextContents()).sort(), ['model.head.bias', 'model.head.weight']);
    assert.match((await app().locator('#state-diff').textContent()) ?? '', /step\s*120\s*240/);
    await p.screenshot('checkpoint-diff');
    await app().locator('#compare').click();
    assert.deepEqual(CheckpointToHost.parse(await p.waitFor('compareWith')), { type: 'compareWith' });
    await app().locator('#contents').click();
    assert.deepEqual(CheckpointToHost.parse(await p.waitFor('showContents')), { type: 'showContents' });
    assert.deepEqual(await problemsOf(p), []);
  });

  it("says why a checkpoint could not be read, and what was refused in one", async () => {
    await open();
    await p.send({ type: 'contents', of: { ...OF, path: 'ckpt/hostile.pt' }, contents: hostile });
    assert.match((await app().locator('#problems').textContent()) ?? '', /refused: loading it would call (posix|os)\.system/);
    assert.equal(await app().locator('#tensors').count(), 0);
    await p.send({ type: 'failed', of: OF, message: 'train-3: no checkpoint ckpt/wider.pt' });
    assert.match((await app().locator('#failed').textContent()) ?? '', /no checkpoint/);
    assert.deepEqual(await problemsOf(p), []);
  });
});
