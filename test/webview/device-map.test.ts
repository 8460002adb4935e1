import assert from 'node:assert/strict';
import { DeviceMapToHost } from '../../src/protocol/device-map';
import { occupancy, topology } from './fixtures';
import { DARK_THEME, openPanel, problemsOf, startHarness, type Harness, type Panel } from './harness';

interface GridHandle {
  grid: {
    deviceCount: number;
    cellCenter(d: number): { x: number; y: number };
    jobOn(d: number): string | null;
    colorBy: string;
    element: HTMLElement;
    cellSize: number;
    nodeLabel(n: number): { text: string; x: number; y: number } | undefined;
    tileHeaders: string[];
  };
}

describe('device map page (Chromium)', function () {
  let h: Harness;
  let p: Panel;
  const topo = topology(64, 8);
  const occ = occupancy(topo.model.length, 0.7, 3);

  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.close());
  afterEach(async () => p?.page.context().close());

  async function open(state?: unknown, t = topo, o = occ): Promise<Panel> {
    p = await openPanel(h, 'device-map', { state });
    const ready = await p.waitFor('ready');
    assert.equal(DeviceMapToHost.parse(ready).type, 'ready');
    await p.send({ type: 'snapshot', topology: t, occupancy: { job: o.job, util: o.util }, jobs: o.columns });
    return p;
  }

  function grid<T>(f: (g: GridHandle['grid']) => T): Promise<T> {
    return p.page.evaluate(`(${f.toString()})(document.querySelector('device-map-app').grid)`) as Promise<T>;
  }

  /** Pixels in a box of the canvas (client coordinates) that differ from the background. */
  function inked(x: number, y: number, w: number, hgt: number) {
    return p.page.evaluate(
      ({ x, y, w, hgt, bg }) => {
        const app = document.querySelector('device-map-app') as unknown as GridHandle;
        const canvas = app.grid.element.querySelector('canvas')!;
        const r = canvas.getBoundingClientRect();
        const dpr = window.devicePixelRatio;
        const d = canvas.getContext('2d')!.getImageData(Math.round((x - r.left) * dpr), Math.round((y - r.top) * dpr), Math.round(w * dpr), Math.round(hgt * dpr)).data;
        const [R, G, B] = [1, 3, 5].map((i) => parseInt(bg!.slice(i, i + 2), 16));
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i]! - R!) + Math.abs(d[i + 1]! - G!) + Math.abs(d[i + 2]! - B!) > 60) n++;
        return n;
      },
      { x, y, w, hgt, bg: DARK_THEME['--vscode-editor-background'] },
    );
  }

  function pixel(x: number, y: number) {
    return p.page.evaluate(
      ({ x, y }) => {
        const app = document.querySelector('device-map-app') as unknown as GridHandle;
        const canvas = app.grid.element.querySelector('canvas')!;
        const r = canvas.getBoundingClientRect();
        const dpr = window.devicePixelRatio;
        const [R, G, B] = canvas.getContext('2d')!.getImageData(Math.round((x - r.left) * dpr), Math.round((y - r.top) * dpr), 1, 1).data;
        return `${R},${G},${B}`;
      },
      { x, y },
    );
  }

  function center(d: number) {
    return p.page.evaluate((d) => (document.querySelector('device-map-app') as unknown as GridHandle).grid.cellCenter(d), d);
  }

  it('draws every device, shows the totals, and posts nothing but ready', async () => {
    await open();
    const stats = await p.page.locator('device-map-app').locator('#stats').textContent();
    const busy = occ.job.filter(Boolean).length;
    assert.match(stats ?? '', new RegExp(`512 devices · ${busy} busy`));
    // A busy device and a free one are painted differently.
    const busyDev = occ.job.findIndex((j) => j !== null);
    const freeDev = occ.job.findIndex((j) => j === null);
    const a = await center(busyDev);
    const b = await center(freeDev);
    assert.notEqual(await pixel(a.x, a.y), await pixel(b.x, b.y));
    await p.screenshot('device-map-jobs');
    assert.deepEqual((await p.posted()).map((m) => m.type), ['ready']);
    assert.deepEqual(await problemsOf(p), []);
  });

  it('hover shows the device and its job; click posts revealJob for that job', async () => {
    await open();
    const d = occ.job.findIndex((j) => j !== null);
    const c = await center(d);
    await p.page.mouse.move(c.x, c.y);
    const tip = p.page.locator('device-map-app').locator('#tooltip');
    await tip.waitFor();
    const text = (await tip.textContent()) ?? '';
    assert.match(text, new RegExp(topo.nodes[0]!.name));
    assert.match(text, new RegExp(occ.jobs[occ.job[d]!]!.name));
    await p.screenshot('device-map-hover');
    await p.page.mouse.click(c.x, c.y);
    const msg = DeviceMapToHost.parse(await p.waitFor('revealJob'));
    assert.deepEqual(msg, { type: 'revealJob', jobId: occ.job[d] });
    // A free device reveals nothing.
    const free = await center(occ.job.findIndex((j) => j === null));
    await p.page.mouse.click(free.x, free.y);
    await p.page.waitForTimeout(100);
    assert.equal((await p.posted()).filter((m) => m.type === 'revealJob').length, 1);
    assert.deepEqual(await problemsOf(p), []);
  });

  it('applies a delta to the changed cells only', async () => {
    await open();
    const free = occ.job.findIndex((j) => j === null);
    const other = occ.job.findIndex((j, i) => j !== null && i > free + 16);
    const c = await center(free);
    const o = await center(other);
    const before = await pixel(c.x, c.y);
    const otherBefore = await pixel(o.x, o.y);
    await p.send({ type: 'delta', devices: [free], job: ['job-new'], util: [0.9], jobs: { id: ['job-new'], name: ['new-run'], state: ['running'], user: [null] } });
    assert.notEqual(await pixel(c.x, c.y), before);
    assert.equal(await pixel(o.x, o.y), otherBefore);
    const stats = await p.page.locator('device-map-app').locator('#stats').textContent();
    assert.match(stats ?? '', new RegExp(`${occ.job.filter(Boolean).length + 1} busy`));
    await p.send({ type: 'delta', devices: [free], job: [null], util: [null] });
    assert.equal(await pixel(c.x, c.y), before);
    assert.deepEqual(await problemsOf(p), []);
  });

  it('switches to utilisation colours and keeps the choice in the saved state', async () => {
    await open();
    const d = occ.job.findIndex((j, i) => j !== null && occ.util[i]! > 0.8);
    const e = occ.job.findIndex((j, i) => j !== null && occ.util[i]! < 0.2 && j !== occ.job[d]);
    const a = await center(d);
    const b = await center(e);
    await p.page.evaluate(() => {
      const sel = (document.querySelector('device-map-app') as HTMLElement).shadowRoot!.querySelector('#colorBy') as HTMLSelectElement;
      sel.value = 'util';
      sel.dispatchEvent(new Event('change'));
    });
    await p.send({ type: 'delta', devices: [], job: [], util: [] });
    // Viridis: a busy device is bright yellow-green, an idle one dark purple-blue.
    const [r1, g1] = (await pixel(a.x, a.y)).split(',').map(Number);
    const [r2, g2] = (await pixel(b.x, b.y)).split(',').map(Number);
    assert.ok(g1! > 150 && g1! > g2! + 60, `busy ${r1},${g1} vs idle ${r2},${g2}`);
    await p.screenshot('device-map-util');
    const state = (await p.state()) as { colorBy: string };
    assert.equal(state.colorBy, 'util');
    assert.deepEqual(await problemsOf(p), []);
  });

  it('restores colour mode and filters from the saved state (tab switch)', async () => {
    await open({ colorBy: 'util', model: 'a100', jobFilter: '', scrollTop: 0 });
    const mode = await p.page.evaluate(() => (document.querySelector('device-map-app') as unknown as GridHandle).grid.colorBy);
    assert.equal(mode, 'util');
    // Devices of another model are dimmed: an h100 device (rack 0) is darker than an a100 one.
    const h100 = topo.model.findIndex((m) => topo.models[m] === 'h100');
    const a100 = topo.model.findIndex((m) => topo.models[m] === 'a100');
    const lum = (s: string) => s.split(',').map(Number).reduce((a, b) => a + b, 0);
    const ch = await center(h100);
    const ca = await center(a100);
    assert.ok(lum(await pixel(ch.x, ch.y)) < lum(await pixel(ca.x, ca.y)));
    await p.screenshot('device-map-filter-model');
    assert.deepEqual(await problemsOf(p), []);
  });

  it('focusJob dims every other job', async () => {
    await open();
    const target = occ.job.find((j) => j !== null)!;
    const mine = occ.job.indexOf(target);
    const others = occ.job.findIndex((j) => j !== null && j !== target);
    const cm = await center(mine);
    const co = await center(others);
    const otherBefore = await pixel(co.x, co.y);
    const mineBefore = await pixel(cm.x, cm.y);
    await p.send({ type: 'focusJob', jobId: target });
    assert.equal(await pixel(cm.x, cm.y), mineBefore);
    assert.notEqual(await pixel(co.x, co.y), otherBefore);
    assert.match((await p.page.locator('device-map-app').locator('.toolbar').textContent()) ?? '', /Showing/);
    assert.deepEqual(await problemsOf(p), []);
  });

  it('says so when no cluster is connected', async () => {
    p = await openPanel(h, 'device-map');
    await p.waitFor('ready');
    await p.send({ type: 'snapshot', topology: { models: [], nodes: [], model: [], memoryGiB: [] }, occupancy: { job: [], util: [] }, jobs: { id: [], name: [], state: [], user: [] } });
    assert.match((await p.page.locator('device-map-app').locator('#empty').textContent()) ?? '', /No cluster is connected/);
    assert.deepEqual(await problemsOf(p), []);
  });

  it('reports a malformed message to the host instead of acting on it', async () => {
    p = await openPanel(h, 'device-map', { allowErrors: /bad "delta" message/ });
    await p.waitFor('ready');
    await p.send({ type: 'delta', devices: [1, 2], job: ['a'], util: [null, null] });
    const err = await p.waitFor('error');
    assert.match(String(err.message), /bad "delta" message: job/);
  });

  it('names each node above its block when the cells leave room', async () => {
    await open();
    assert.ok((await grid((g) => g.cellSize)) >= 10);
    const labels = await grid((g) => [0, 5, 63].map((n) => g.nodeLabel(n)));
    assert.deepEqual(labels.map((l) => l?.text), [topo.nodes[0]!.name, topo.nodes[5]!.name, topo.nodes[63]!.name]);
    // The name is drawn: text pixels in the strip above the block, none in the same strip where no node is.
    const l = labels[1]!;
    assert.ok((await inked(l.x, l.y - 9, 30, 10)) > 10, 'node name drawn above its block');
    const c = await center(topo.nodes[5]!.first);
    assert.ok(l.y < c.y && c.y - l.y < 20, `label at ${l.y}, first cell at ${c.y}`);
    await p.screenshot('device-map-labels');
    assert.deepEqual(await problemsOf(p), []);
  });

  it('names the node range in each tile header when cells are too small for names (4 px cells)', async () => {
    const big = topology(2048, 8);
    await open(undefined, big, occupancy(big.model.length, 0.7, 5));
    assert.equal(await grid((g) => g.cellSize), 4);
    assert.equal(await grid((g) => g.nodeLabel(0)), undefined);
    const headers = await grid((g) => g.tileHeaders);
    assert.equal(headers.length, 64);
    assert.equal(headers[0], 'rack-0 · 256 · h100-0–31');
    await p.screenshot('device-map-small-cells');
    await p.page.context().close();
    // An unracked cluster is cut into tiles of 32 nodes, each named by its range.
    const flat = topology(2048, 8, false);
    await open(undefined, flat, occupancy(flat.model.length, 0.7, 5));
    const flatHeaders = await grid((g) => g.tileHeaders);
    assert.equal(flatHeaders.length, 64);
    assert.equal(flatHeaders[1], 'a100-32–63 · 256');
    assert.deepEqual(await problemsOf(p), []);
  });

  it('has a legend: each job\'s colour and name, free devices and the node frames', async () => {
    await open();
    const legend = p.page.locator('device-map-app').locator('#legend');
    const jobs = await legend.locator('#legend-jobs a.job').allTextContents();
    // The jobs holding the most devices first, by name.
    const counts = new Map<string, number>();
    for (const j of occ.job) if (j) counts.set(j, (counts.get(j) ?? 0) + 1);
    const most = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    assert.equal(jobs.length, 12);
    assert.equal(jobs[0]!.trim(), occ.jobs[most[0]![0]]!.name);
    assert.equal(await legend.locator('#legend-count').textContent(), `jobs (12 of ${counts.size}, most devices first)`);
    assert.match((await legend.locator('#legend-jobs').textContent()) ?? '', /free/);
    // Each swatch has its job's colour on the map.
    const swatch = await legend.locator('#legend-jobs a.job .swatch').first().evaluate((e) => getComputedStyle(e).backgroundColor);
    const d = occ.job.indexOf(most[0]![0]);
    const cc = await center(d);
    assert.equal(swatch.replace(/[^\d,]/g, ''), await pixel(cc.x, cc.y));
    const frames = await legend.locator('#legend-nodes .entry').evaluateAll((es) => es.map((e) => `${e.textContent?.trim()} ${getComputedStyle(e.querySelector('.frame')!).borderTopColor}`));
    const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
    assert.deepEqual(frames, [`suspect ${rgb(DARK_THEME['--vscode-charts-yellow']!)}`, `dead ${rgb(DARK_THEME['--vscode-charts-red']!)}`, `draining ${rgb(DARK_THEME['--vscode-charts-orange']!)}`]);
    // A job placed later on more devices than any other heads the legend after the delta.
    const free = occ.job.flatMap((j, i) => (j === null ? [i] : [])).slice(0, 20);
    await p.send({ type: 'delta', devices: free, job: free.map(() => 'job-new'), util: free.map(() => null), jobs: { id: ['job-new'], name: ['new-run'], state: ['running'], user: [null] } });
    await p.page.waitForFunction(() => (document.querySelector('device-map-app') as HTMLElement).shadowRoot!.querySelector('#legend-jobs a.job')?.textContent?.trim() === 'new-run');
    // A legend entry shows only its job.
    await legend.locator('#legend-jobs a.job').first().click();
    assert.match((await p.page.locator('device-map-app').locator('.toolbar').textContent()) ?? '', /Showing new-run/);
    // By utilisation: the viridis scale with its labels.
    await p.page.evaluate(() => {
      const sel = (document.querySelector('device-map-app') as HTMLElement).shadowRoot!.querySelector('#colorBy') as HTMLSelectElement;
      sel.value = 'util';
      sel.dispatchEvent(new Event('change'));
    });
    await p.send({ type: 'delta', devices: [], job: [], util: [] });
    const util = p.page.locator('device-map-app').locator('#legend-util');
    assert.equal(await util.locator('.ramp span').count(), 10);
    assert.deepEqual(await util.locator('.ticks span').allTextContents(), ['0%', '50%', '100%']);
    assert.match((await util.textContent()) ?? '', /busy, not reported[\s\S]*free/);
    assert.equal(await legend.locator('#legend-jobs').count(), 0);
    await p.screenshot('device-map-legend-util');
    assert.deepEqual(await problemsOf(p), []);
  });
});
