import assert from 'node:assert/strict';
import { SimReportToHost, type ReportView } from '../../src/protocol/sim-report';
import { openPanel, problemsOf, startHarness, type Harness, type Panel } from './harness';
import { reportOf } from './sim-fixtures';

describe('simulation report page (Chromium)', function () {
  let h: Harness;
  let p: Panel;
  let report: ReportView;

  before(async () => {
    report = reportOf('dgx-a100', 'examples/workloads/gavel-generated.yaml', ['fifo', 'las']);
    h = await startHarness();
  });
  after(async () => h?.close());
  afterEach(async () => p?.page.context().close());

  async function open(r: ReportView = report): Promise<Panel> {
    p = await openPanel(h, 'sim-report', { width: 1200, height: 1100 });
    await p.waitFor('ready');
    await p.send({ type: 'report', report: r });
    await p.page.waitForFunction(() => {
      const app = document.querySelector('sim-report-app') as unknown as { renderMs: number };
      return app.renderMs > 0;
    });
    return p;
  }

  it('shows one summary row per policy with the simulator\'s figures', async () => {
    await open();
    const rows = await p.page.locator('sim-report-app').locator('#summary tbody tr').allTextContents();
    assert.equal(rows.length, 2);
    assert.match(rows[0], /fifo/);
    assert.match(rows[1], /las/);
    assert.match(rows[0], new RegExp(`\\b${report.runs[0].summary.jobs}\\b`));
    // The lower average JCT is marked best.
    const bestRow = report.runs[0].summary.avgJctSeconds <= report.runs[1].summary.avgJctSeconds ? 0 : 1;
    const marked = await p.page.locator('sim-report-app').locator(`#summary tbody tr:nth-child(${bestRow + 1}) td:nth-child(4)`).getAttribute('class');
    assert.match(marked ?? '', /best/);
    // Two uPlot charts with a legend entry per policy, and the Gantt canvas drawn.
    assert.equal(await p.page.locator('sim-report-app').locator('.uplot').count(), 2);
    const legend = await p.page.locator('sim-report-app').locator('#cdf .u-legend').textContent();
    assert.match(legend ?? '', /fifo/);
    assert.match(legend ?? '', /las/);
    await p.screenshot('sim-report');
    assert.deepEqual(await problemsOf(p), []);
  });

  it('Gantt hover names the job under the pointer', async () => {
    await open();
    const box = await p.page.locator('sim-report-app').locator('#gantt canvas').boundingBox();
    assert.ok(box);
    // Scan across the middle of the first lane until a bar is under the pointer.
    let found = '';
    for (let fx = 0.02; fx < 0.6 && !found; fx += 0.02) {
      await p.page.mouse.move(box.x + box.width * fx, box.y + 2);
      const tip = p.page.locator('sim-report-app').locator('#tooltip');
      if (await tip.count()) found = (await tip.textContent()) ?? '';
    }
    assert.ok(report.runs[0].jobs.id.some((id) => found.includes(id)), `tooltip: ${found}`);
    assert.match(found, /device 0/);
    await p.screenshot('sim-report-gantt-hover');
  });

  it('asks the host to export the report and each chart as PNG and SVG', async () => {
    await open();
    const app = p.page.locator('sim-report-app');
    await app.locator('#export-json').click();
    assert.deepEqual(SimReportToHost.parse(await p.waitFor('exportJson')), { type: 'exportJson' });
    let n = 0;
    for (const chart of ['cdf', 'utilization', 'gantt']) {
      for (const format of ['png', 'svg']) {
        await app.locator(`#${chart}-${format}`).click();
        const m = SimReportToHost.parse(await p.waitFor('exportChart', n++));
        assert.equal(m.type, 'exportChart');
        if (m.type !== 'exportChart') continue;
        assert.equal(m.chart, chart);
        assert.equal(m.format, format);
        if (format === 'png') assert.equal(Buffer.from(m.data, 'base64').subarray(1, 4).toString(), 'PNG');
        else assert.match(m.data, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<\/svg>$/);
      }
    }
    await p.send({ type: 'saved', path: '/tmp/report.json' });
    assert.match((await app.locator('#saved').textContent()) ?? '', /report\.json/);
    assert.deepEqual(await problemsOf(p), []);
  });

  it('switches the Gantt chart to another policy and remembers it', async () => {
    await open();
    const app = p.page.locator('sim-report-app');
    const before = await app.locator('#gantt canvas').screenshot();
    await p.page.evaluate(() => {
      const sel = (document.querySelector('sim-report-app') as HTMLElement).shadowRoot!.querySelector('#gantt-run') as HTMLSelectElement;
      sel.value = '1';
      sel.dispatchEvent(new Event('change'));
    });
    await p.send({ type: 'saved', path: 'x' });
    const after = await app.locator('#gantt canvas').screenshot();
    assert.notDeepEqual(before, after);
    assert.deepEqual(await p.state(), { ganttRun: 1 });
  });

  it('packs jobs onto lanes when the run has no device intervals', async () => {
    const r = { ...report, runs: report.runs.map(({ segments: _s, ...run }) => run) };
    await open(r);
    assert.equal(await p.page.locator('sim-report-app').getByText('packed onto lanes').count(), 1);
    const lanes = await p.page.evaluate(() => {
      const app = document.querySelector('sim-report-app') as unknown as { gantt: { segments: { device: number[]; start: number[]; end: number[] } } };
      const s = app.gantt.segments;
      // No lane holds two jobs at once.
      const byLane = new Map<number, Array<[number, number]>>();
      s.device.forEach((d, i) => (byLane.get(d) ?? byLane.set(d, []).get(d)!).push([s.start[i], s.end[i]]));
      let overlaps = 0;
      for (const list of byLane.values()) {
        list.sort((a, b) => a[0] - b[0]);
        for (let i = 1; i < list.length; i++) if (list[i][0] < list[i - 1][1] - 1e-6) overlaps++;
      }
      return { segments: s.device.length, overlaps };
    });
    assert.ok(lanes.segments > 0);
    assert.equal(lanes.overlaps, 0);
    assert.deepEqual(await problemsOf(p), []);
  });
});
