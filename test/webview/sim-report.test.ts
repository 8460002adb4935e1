import assert from 'node:assert/strict';
import { SimReportToHost, type ReportView } from '../../src/protocol/sim-report';
import { DARK_THEME, openPanel, problemsOf, startHarness, type Harness, type Panel } from './harness';
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
    assert.match(rows[0]!, /fifo/);
    assert.match(rows[1]!, /las/);
    assert.match(rows[0]!, new RegExp(`\\b${report.runs[0]!.summary.jobs}\\b`));
    // The lower average JCT is marked best.
    const bestRow = report.runs[0]!.summary.avgJctSeconds <= report.runs[1]!.summary.avgJctSeconds ? 0 : 1;
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

  /** Scans across the first lane until a bar is under the pointer; the tooltip's text. */
  async function hoverFirstLane(): Promise<string> {
    const box = await p.page.locator('sim-report-app').locator('#gantt canvas').boundingBox();
    assert.ok(box);
    for (let fx = 0.02; fx < 0.6; fx += 0.02) {
      await p.page.mouse.move(box.x + box.width * fx, box.y + 2);
      const tip = p.page.locator('sim-report-app').locator('#tooltip');
      if (await tip.count()) return (await tip.textContent()) ?? '';
    }
    return '';
  }

  it('Gantt hover names the job under the pointer', async () => {
    await open();
    const found = await hoverFirstLane();
    assert.ok(report.runs[0]!.jobs.id.some((id) => found.includes(id)), `tooltip: ${found}`);
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
      s.device.forEach((d, i) => (byLane.get(d) ?? byLane.set(d, []).get(d)!).push([s.start[i]!, s.end[i]!]));
      let overlaps = 0;
      for (const list of byLane.values()) {
        list.sort((a, b) => a[0] - b[0]);
        for (let i = 1; i < list.length; i++) if (list[i]![0] < list[i - 1]![1] - 1e-6) overlaps++;
      }
      return { segments: s.device.length, overlaps };
    });
    assert.ok(lanes.segments > 0);
    assert.equal(lanes.overlaps, 0);
    assert.deepEqual(await problemsOf(p), []);
  });

  interface GanttHandle {
    gantt: { pitch: number; element: HTMLElement; canvas: HTMLCanvasElement; axisLabels(): Array<{ text: string; lane: number }>; segmentInfo(i: number): { device: number; start: number; end: number } };
  }

  /** In a box of the Gantt canvas (canvas pixels from its top left), the inked pixels of each row and in all: those far from the background. */
  function ganttPixels(box: { x: number; y: number; w: number; h: number }) {
    return p.page.evaluate(
      ({ box, bg }) => {
        const app = document.querySelector('sim-report-app') as unknown as GanttHandle;
        const d = app.gantt.canvas.getContext('2d')!.getImageData(box.x, box.y, box.w, box.h).data;
        const [R, G, B] = [1, 3, 5].map((i) => parseInt(bg!.slice(i, i + 2), 16));
        const rows: number[] = [];
        let inked = 0;
        for (let y = 0; y < box.h; y++) {
          let n = 0;
          for (let x = 0; x < box.w; x++) {
            const i = (y * box.w + x) * 4;
            if (Math.abs(d[i]! - R!) + Math.abs(d[i + 1]! - G!) + Math.abs(d[i + 2]! - B!) > 60) n++;
          }
          rows.push(n);
          inked += n;
        }
        return { rows, inked };
      },
      { box, bg: DARK_THEME['--vscode-editor-background'] },
    );
  }

  /** Thickness in pixels of the bar that covers device 0 at a time it is busy, measured down the canvas. */
  async function barThickness(): Promise<{ thickness: number; pitch: number }> {
    const at = await p.page.evaluate(() => {
      const app = document.querySelector('sim-report-app') as unknown as GanttHandle & { report: { runs: Array<{ summary: { makespanSeconds: number } }> } };
      const g = app.gantt;
      const s = (g as unknown as { segments: { device: number[]; start: number[]; end: number[] } }).segments;
      // The longest interval on device 0, at its middle.
      let best = -1;
      for (let i = 0; i < s.device.length; i++) if (s.device[i] === 0 && (best < 0 || s.end[i]! - s.start[i]! > s.end[best]! - s.start[best]!)) best = i;
      const frac = (s.start[best]! + s.end[best]!) / 2 / app.report.runs[0]!.summary.makespanSeconds;
      // The plot starts right of the device axis (96 px).
      return { x: Math.round(96 + (g.canvas.width - 96) * frac), pitch: g.pitch };
    });
    const { rows } = await ganttPixels({ x: at.x, y: 0, w: 1, h: 12 });
    let thickness = 0;
    while (thickness < rows.length && rows[thickness]! > 0) thickness++;
    return { thickness, pitch: at.pitch };
  }

  it('Gantt: bars at least 3 px thick, and a device axis naming the nodes', async () => {
    await open();
    const { thickness, pitch } = await barThickness();
    assert.ok(thickness >= 3, `bar on device 0 is ${thickness} px thick (lane pitch ${pitch})`);
    const labels = await p.page.evaluate(() => (document.querySelector('sim-report-app') as unknown as GanttHandle).gantt.axisLabels());
    assert.deepEqual(labels.map((l) => l.text), report.nodes!.map((n) => n.name));
    assert.deepEqual(labels.map((l) => l.lane), report.nodes!.map((n) => n.first));
    // The names are drawn left of the plot.
    assert.ok((await ganttPixels({ x: 4, y: 0, w: 88, h: 12 })).inked > 20, 'first node name drawn');
    assert.match((await p.page.locator('sim-report-app').getByText('one row per device').textContent()) ?? '', /nodes named/);
    // Hover names the device's node.
    assert.match(await hoverFirstLane(), new RegExp(`device 0 \\(${report.nodes![0]!.name} / 0\\)`));
    await p.screenshot('sim-report-gantt-axis');
    assert.deepEqual(await problemsOf(p), []);
  });

  it('Gantt: 2,048 devices scroll inside the chart with bars still visible, the axis following', async () => {
    const big = reportOf('examples/clusters/v100-2048.cluster.yaml', 'examples/workloads/gavel-generated.yaml', ['fifo']);
    await open(big);
    const { thickness } = await barThickness();
    assert.ok(thickness >= 3, `bar ${thickness} px thick`);
    const g = await p.page.evaluate(() => {
      const el = (document.querySelector('sim-report-app') as unknown as GanttHandle).gantt.element;
      return { scroll: el.scrollHeight, client: el.clientHeight };
    });
    assert.ok(g.client <= 600 && g.scroll >= 2048 * 4, `chart ${g.client} px tall, lanes ${g.scroll} px`);
    const labels = await p.page.evaluate(() => (document.querySelector('sim-report-app') as unknown as GanttHandle).gantt.axisLabels());
    assert.equal(labels.length, 256);
    // Scrolled to the end, the last node's name is drawn at the bottom of the plot.
    await p.page.evaluate(() => {
      const el = (document.querySelector('sim-report-app') as unknown as GanttHandle).gantt.element;
      el.scrollTop = el.scrollHeight;
      el.dispatchEvent(new Event('scroll'));
    });
    const height = await p.page.evaluate(() => (document.querySelector('sim-report-app') as unknown as GanttHandle).gantt.canvas.height);
    const plotBottom = height - 22;
    assert.ok((await ganttPixels({ x: 4, y: plotBottom - 32, w: 88, h: 30 })).inked > 20, 'last node names drawn after scrolling');
    await p.screenshot('sim-report-gantt-2048');
    assert.deepEqual(await problemsOf(p), []);
  });
});
