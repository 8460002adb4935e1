import assert from 'node:assert/strict';
import { JobRecord } from '../../src/core/job';
import { JobDetailToHost } from '../../src/protocol/job-detail';
import { openPanel, problemsOf, startHarness, type Harness, type Panel } from './harness';

const T0 = Date.UTC(2026, 10, 29, 12, 0, 0);

function job(state: JobRecord['state'] = 'running'): JobRecord {
  return JobRecord.parse({
    id: 'j-42',
    spec: { name: 'ddp-demo', command: ['/usr/bin/python3', 'train.py'], resources: { nodes: 2, processesPerNode: 2, gpusPerProcess: 1 }, maxRestarts: 2 },
    specPath: '/ws/train.claw.yaml',
    state,
    history: [
      { state: 'queued', at: T0 },
      { state: 'placed', at: T0 + 30_000, reason: 'fifo: fits on a100-0, a100-1' },
      { state: 'starting', at: T0 + 31_000 },
      { state: 'running', at: T0 + 40_000 },
      { state: 'restarting', at: T0 + 300_000, reason: 'node a100-1 lost' },
      { state: 'queued', at: T0 + 301_000 },
      { state: 'placed', at: T0 + 320_000 },
      { state: 'running', at: T0 + 330_000 },
      ...(state === 'succeeded' ? [{ state: 'succeeded', at: T0 + 900_000 }] : []),
    ],
    placement: [
      { rank: 0, node: 'a100-0', devices: [0] },
      { rank: 1, node: 'a100-0', devices: [1] },
      { rank: 2, node: 'a100-2', devices: [0] },
      { rank: 3, node: 'a100-2', devices: [1] },
    ],
    restarts: 1,
    step: 600,
    totalSteps: 1000,
    backend: 'simulator',
  });
}

const samples = Array.from({ length: 60 }, (_, i) => ({
  at: T0 + 40_000 + i * 5000,
  step: i * 10,
  values: { loss: 2.5 * Math.exp(-i / 20) + 0.1, samplesPerSec: 300 + 20 * Math.sin(i / 4), gpuUtil: 0.8 + 0.1 * Math.cos(i / 5) },
}));

describe('job detail page (Chromium)', function () {
  let h: Harness;
  let p: Panel;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.close());
  afterEach(async () => p?.page.context().close());

  const app = () => p.page.locator('job-detail-app');

  async function open(state: JobRecord['state'] = 'running', clock: 'wall' | 'simulated' = 'wall'): Promise<void> {
    p = await openPanel(h, 'job-detail', { width: 1100, height: 1200 });
    await p.waitFor('ready');
    await p.send({ type: 'job', job: job(state), now: T0 + 600_000, clock });
    await p.send({ type: 'metrics', samples: samples.slice(0, 40), reset: true });
    await p.send({ type: 'checkpoints', checkpoints: [
      { path: 'ckpt/step-500.pt', format: 'pytorch', step: 500, sizeBytes: 94_371_840, mtimeMs: T0 + 500_000, complete: true },
      { path: 'ckpt/step-600.pt', format: 'pytorch', step: 600, sizeBytes: 10_000, mtimeMs: T0 + 590_000, complete: false },
    ] });
  }

  it('shows the timeline with the restart, ranks, checkpoints and three metric charts', async () => {
    await open();
    assert.equal(await app().locator('#state').textContent(), 'running');
    assert.match((await app().locator('#progress').textContent()) ?? '', /600 \/ 1000 \(60%\)/);
    const transitions = await app().locator('#transitions tr').allTextContents();
    assert.equal(transitions.length, 8);
    assert.match(transitions[4]!, /restarting[\s\S]*node a100-1 lost/);
    assert.equal(await app().locator('#timeline > div').count(), 8);
    assert.equal(await app().locator('#ranks tbody tr').count(), 4);
    assert.match((await app().locator('#ranks tbody tr').nth(2).textContent()) ?? '', /a100-2/);
    const ckpts = await app().locator('#checkpoints tbody tr').allTextContents();
    assert.match(ckpts[0]!, /step-600\.pt[\s\S]*being written/);
    assert.match(ckpts[1]!, /step-500\.pt[\s\S]*90\.0 MiB[\s\S]*resume from here/);
    assert.equal(await app().locator('.uplot').count(), 3);
    assert.match((await app().locator('#chart-loss .u-legend').textContent()) ?? '', /loss/);
    await p.screenshot('job-detail');
    assert.deepEqual(await problemsOf(p), []);
  });

  it('shows a checkpoint being copied to a node of the next attempt, with its progress', async () => {
    await open();
    assert.equal(await app().locator('#transfer').count(), 0);
    await p.send({ type: 'job', job: { ...job('starting'), transfer: { path: 'step-000500.pt', from: 'a100-0', to: 'a100-2', bytes: 30 * 2 ** 20, total: 90 * 2 ** 20 } }, now: T0 + 600_000, clock: 'wall' });
    assert.match((await app().locator('#transfer').textContent()) ?? '', /copying step-000500\.pt from a100-0 to a100-2: 30\.0 MiB of 90\.0 MiB \(33%\)/);
    assert.deepEqual(await problemsOf(p), []);
  });

  it('appends metric samples and updates the state live', async () => {
    await open();
    await p.send({ type: 'metrics', samples: samples.slice(40), reset: false });
    const points = await p.page.evaluate(() => {
      const el = (document.querySelector('job-detail-app') as HTMLElement).shadowRoot!.querySelector('#chart-loss .uplot');
      return el ? (el as HTMLElement).querySelectorAll('canvas').length : 0;
    });
    assert.equal(points, 1);
    const n = await p.page.evaluate(() => (document.querySelector('job-detail-app') as unknown as { samples: unknown[] }).samples.length);
    assert.equal(n, 60);
    await p.send({ type: 'job', job: job('succeeded'), now: T0 + 900_000, clock: 'wall' });
    assert.equal(await app().locator('#state').textContent(), 'succeeded');
    assert.equal(await app().locator('#cancel').count(), 0);
    assert.deepEqual(await problemsOf(p), []);
  });

  /** Each uPlot chart's points and scales, as the page holds them. */
  function charts() {
    return p.page.evaluate(() => {
      type U = { data: Array<Array<number | null>>; scales: Record<string, { min: number; max: number }> };
      const app = document.querySelector('job-detail-app') as unknown as { charts: Map<string, U> };
      return Object.fromEntries([...app.charts].map(([id, u]) => [id, { xs: u.data[0] as number[], ys: u.data.slice(1).flat().filter((v): v is number => v !== null), x: u.scales.x, y: u.scales.y }]));
    });
  }

  it('extends the charts with samples that arrive while the panel is open, refitting the y axis', async () => {
    await open();
    const before = await charts();
    assert.equal(before.loss!.xs.length, 40);
    // Throughput doubles in the new samples: the axis must grow to show them.
    const faster = samples.slice(40).map((s) => ({ ...s, values: { ...s.values, samplesPerSec: 2 * s.values.samplesPerSec + 300 } }));
    await p.send({ type: 'metrics', samples: faster, reset: false });
    const after = await charts();
    for (const id of ['loss', 'throughput', 'util']) {
      assert.equal(after[id]!.xs.length, 60, `${id} chart points`);
      assert.ok(after[id]!.x!.max >= 590, `${id} x axis reaches the last step: ${after[id]!.x!.max}`);
    }
    const t = after.throughput;
    const top = Math.max(...t!.ys);
    const bottom = Math.min(...t!.ys);
    assert.ok(top > 800, `new throughput values plotted: ${top}`);
    // The line lies inside the axis with some room above it, not on (or past) the top edge.
    assert.ok(t!.y!.min <= bottom && t!.y!.max >= top + 0.04 * (top - t!.y!.min), `throughput axis ${t!.y!.min}..${t!.y!.max} for values ${bottom}..${top}`);
    assert.deepEqual(await problemsOf(p), []);
  });

  it('fits the y axis around a steady throughput (a flat line is not drawn on the axis\'s edge)', async () => {
    await open();
    const steady = samples.map((s) => ({ ...s, values: { stepsPerSec: 0.93 } }));
    await p.send({ type: 'metrics', samples: steady, reset: true });
    const t = (await charts()).throughput;
    assert.ok(t!.y!.min <= 0.93 && t!.y!.max >= 0.93 * 1.05, `axis ${t!.y!.min}..${t!.y!.max}`);
    // The same rate as a float32 from an event file and a float64 from a printed line: still flat.
    const mixed = samples.map((s, i) => ({ ...s, values: i % 2 ? { learning_rate: 0.05 } : { 'train/lr': 0.05000000074505806 } }));
    await p.send({ type: 'metrics', samples: mixed, reset: true });
    const lr = (await charts()).lr;
    assert.ok(lr!.y!.min <= 0.0475 && lr!.y!.max >= 0.0525, `learning rate axis ${lr!.y!.min}..${lr!.y!.max}`);
    await p.screenshot('job-detail-steady-throughput');
  });

  it('shows simulated times as time since submission, never as dates', async () => {
    await open('running', 'simulated');
    const at = await app().locator('#transitions td.at').allTextContents();
    assert.deepEqual(at.slice(0, 4), ['T+0s', 'T+30s', 'T+31s', 'T+40s']);
    assert.equal(at[4], 'T+5m 00s');
    const written = await app().locator('#checkpoints td.written').allTextContents();
    assert.deepEqual(written, ['T+9m 50s', 'T+8m 20s']);
    const text = (await app().locator('#transitions').textContent()) + ((await app().locator('#checkpoints').textContent()) ?? '');
    assert.doesNotMatch(text, /2026|\d\d:\d\d:\d\dZ/);
    assert.match((await app().locator('h2', { hasText: 'Timeline' }).textContent()) ?? '', /simulated time/);
    await p.screenshot('job-detail-simulated-time');
    // On the wall clock the same page shows dates.
    await p.send({ type: 'job', job: job('running'), now: T0 + 600_000, clock: 'wall' });
    assert.match((await app().locator('#transitions td.at').first().textContent()) ?? '', /^2026-11-29 12:00:00Z$/);
    assert.deepEqual(await problemsOf(p), []);
  });

  /** What the page plotted, per chart: series labels, markers, and the y scale's distribution. */
  function plotted() {
    return p.page.evaluate(() => {
      type U = { series: Array<{ label: string }>; scales: Record<string, { distr?: number }>; data: Array<Array<number | null>> };
      const app = document.querySelector('job-detail-app') as unknown as { charts: Map<string, U>; plots: Map<string, { markers: Array<{ x: number; label: string }> }> };
      return Object.fromEntries(
        [...app.charts].map(([id, u]) => [id, { labels: u.series.slice(1).map((s) => s.label), distr: u.scales.y?.distr ?? 1, markers: app.plots.get(id)?.markers ?? [], data: u.data }]),
      );
    });
  }

  it('charts every series a script reported, grouped: loss, learning rate, throughput, accuracy, utilisation, other', async () => {
    await open();
    const hf = samples.map((s, i) => ({ at: s.at, step: s.step, values: { loss: s.values.loss, eval_loss: s.values.loss + 0.1, learning_rate: 5e-5 * (1 - i / 60), train_samples_per_second: s.values.samplesPerSec, eval_accuracy: 0.5 + i / 200, gpuUtil: s.values.gpuUtil, grad_norm: 1 + (i % 3) } }));
    await p.send({ type: 'metrics', samples: hf, reset: true });
    const charts = await plotted();
    assert.deepEqual(Object.keys(charts).sort(), ['accuracy', 'loss', 'lr', 'other', 'throughput', 'util']);
    assert.deepEqual(charts.loss!.labels.filter((l) => !l.endsWith('(raw)')), ['eval_loss', 'loss']);
    assert.deepEqual(charts.other!.labels.filter((l) => !l.endsWith('(raw)')), ['grad_norm']);
    assert.deepEqual(await app().locator('.u-title').allTextContents(), ['Loss', 'Learning rate', 'Throughput', 'Accuracy', 'Device utilisation', 'Other']);
    await p.screenshot('job-detail-all-series');
    assert.deepEqual(await problemsOf(p), []);
  });

  it("draws a Trainer dict (no step) at the step of the event-file sample written just before it, on a step axis", async () => {
    await open();
    // Event-file samples (with steps) arrive late, a poll after the printed dicts: their times order them.
    const tb = samples.slice(0, 20).map((s) => ({ at: s.at, step: s.step, values: { 'train/loss': s.values.loss } }));
    const hf = samples.slice(0, 20).filter((_, i) => i % 5 === 4).map((s) => ({ at: s.at + 100, values: { loss: s.values.loss, learning_rate: 5e-5 } }));
    await p.send({ type: 'metrics', samples: [...hf, ...tb], reset: true });
    const loss = (await plotted()).loss!;
    const xs = loss.data[0] as number[];
    assert.deepEqual(xs, tb.map((s) => s.step));
    const labels = loss.labels;
    const printed = loss.data[1 + labels.indexOf('loss')] as Array<number | null>;
    assert.deepEqual(xs.filter((_, i) => printed[i] !== null), [40, 90, 140, 190]);
  });

  it("smooths as TensorBoard does (the raw line faint beneath), and draws raw values at 0", async () => {
    await open();
    const noisy = samples.map((s, i) => ({ ...s, values: { loss: 1 + (i % 2 ? 0.5 : -0.5) } }));
    await p.send({ type: 'metrics', samples: noisy, reset: true });
    let loss = (await plotted()).loss!;
    assert.deepEqual(loss.labels, ['loss (raw)', 'loss']);
    // Debiased EMA, weight 0.6: the first point is the first value, then it settles near the mean.
    const raw = noisy.map((s) => s.values.loss);
    let last = 0;
    let debias = 0;
    const expected = raw.map((y) => ((last = last * 0.6 + 0.4 * y), (debias = debias * 0.6 + 0.4), last / debias));
    const drawn = loss.data[2] as number[];
    drawn.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-9, `point ${i}: ${v} vs ${expected[i]}`));
    assert.ok(Math.abs(drawn[59]! - 1) < 0.2);
    await app().locator('#smoothing').fill('0');
    loss = (await plotted()).loss!;
    assert.deepEqual(loss.labels, ['loss']);
    assert.deepEqual(loss.data[1], raw);
    assert.deepEqual(await problemsOf(p), []);
  });

  it('switches a chart to a log scale and back, and remembers it', async () => {
    await open();
    await app().locator('#chart-loss .log').click();
    assert.equal((await plotted()).loss!.distr, 3);
    assert.equal((await plotted()).throughput!.distr, 1);
    const saved = await p.state();
    assert.deepEqual((saved as { logCharts: string[] }).logCharts, ['loss']);
    await app().locator('#chart-loss .log').click();
    assert.equal((await plotted()).loss!.distr, 1);
  });

  it("marks where each attempt of a restarted job began, the resumed attempt's values drawn over the lost ones", async () => {
    await open();
    const first = samples.slice(0, 31).map((s) => ({ ...s, attempt: 1 })); // steps 0..300
    const second = samples.slice(20).map((s) => ({ ...s, at: s.at + 400_000, attempt: 2, values: { ...s.values, loss: 9 } })); // resumed at step 200
    await p.send({ type: 'metrics', samples: [...first, ...second], reset: true });
    const loss = (await plotted()).loss!;
    assert.deepEqual(loss.markers, [{ x: 200, label: 'attempt 2' }]);
    const xs = loss.data[0] as number[];
    assert.equal(xs.length, 60);
    const rawLoss = loss.data[1] as number[];
    assert.equal(rawLoss[xs.indexOf(250)], 9);
    assert.notEqual(rawLoss[xs.indexOf(150)], 9);
    await p.screenshot('job-detail-restarted');
  });

  it('overlays other jobs dashed ("Compare with…"), and saves any chart as CSV', async () => {
    await open();
    await app().locator('#compare').click();
    assert.deepEqual(JobDetailToHost.parse(await p.waitFor('pickCompare')), { type: 'pickCompare', jobId: 'j-42' });
    const other = samples.map((s) => ({ ...s, values: { loss: s.values.loss * 2 } }));
    await p.send({ type: 'compare', jobs: [{ id: 'j-7', name: 'baseline', samples: other }] });
    const loss = (await plotted()).loss!;
    assert.deepEqual(loss.labels.filter((l) => !l.endsWith('(raw)')), ['loss', 'baseline: loss']);
    assert.match((await app().locator('#compared').textContent()) ?? '', /baseline/);
    await p.screenshot('job-detail-compare');
    await app().locator('#chart-loss .csv').click();
    const m = JobDetailToHost.parse(await p.waitFor('exportCsv'));
    assert.ok(m.type === 'exportCsv');
    const lines = m.csv.trim().split('\n');
    assert.equal(lines[0], 'step,loss,baseline: loss');
    // The compared job ran further: its steps extend the x column, this job's column empty there.
    assert.equal(lines.length, 61);
    assert.equal(lines[60], `590,,${other[59]!.values.loss}`);
    assert.deepEqual(lines[1]!.split(',').map(Number), [0, samples[0]!.values.loss, samples[0]!.values.loss * 2]);
    await p.send({ type: 'compare', jobs: [] });
    assert.equal(await app().locator('#compared').count(), 0);
    assert.deepEqual(await problemsOf(p), []);
  });

  it('keeps its memory bounded for a long run: 40,000 samples arriving while open are thinned, start and end kept', async () => {
    await open();
    for (let batch = 0; batch < 20; batch++) {
      const more = Array.from({ length: 2000 }, (_, i) => {
        const step = batch * 2000 + i;
        return { at: T0 + step * 1000, step, values: { loss: 1 / (1 + step) } };
      });
      await p.send({ type: 'metrics', samples: more, reset: batch === 0 });
    }
    const kept = await p.page.evaluate(() => (document.querySelector('job-detail-app') as unknown as { samples: Array<{ step: number }> }).samples.map((s) => s.step));
    assert.ok(kept.length <= 2000, `${kept.length} samples kept`);
    assert.equal(kept[0], 0);
    assert.equal(kept[kept.length - 1], 39_999);
    assert.deepEqual(await problemsOf(p), []);
  });

  it('posts logs, device map, spec, resume and cancel requests', async () => {
    await open();
    const expect = async (selector: string, type: string, extra: Record<string, unknown>) => {
      await app().locator(selector).first().click();
      const m = JobDetailToHost.parse(await p.waitFor(type));
      assert.deepEqual(m, { type, jobId: 'j-42', ...extra });
    };
    await expect('#logs', 'openLogs', {});
    await expect('#map', 'showOnDeviceMap', {});
    await expect('#spec', 'openSpec', {});
    await expect('.resume', 'resume', { checkpointPath: 'ckpt/step-500.pt' });
    await expect('#cancel', 'cancel', {});
    await app().locator('#ranks a').nth(3).click();
    assert.deepEqual(JobDetailToHost.parse(await p.waitFor('openLogs', 1)), { type: 'openLogs', jobId: 'j-42', rank: 3 });
    await p.send({ type: 'gone', jobId: 'j-42' });
    assert.equal(await app().locator('#gone').count(), 1);
    assert.deepEqual(await problemsOf(p), []);
  });
});
