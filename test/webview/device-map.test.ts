import assert from 'node:assert/strict';
import { DeviceMapToHost } from '../../src/protocol/device-map';
import { occupancy, topology } from './fixtures';
import { openPanel, problemsOf, startHarness, type Harness, type Panel } from './harness';

interface GridHandle {
  grid: {
    deviceCount: number;
    cellCenter(d: number): { x: number; y: number };
    jobOn(d: number): string | null;
    colorBy: string;
    element: HTMLElement;
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

  async function open(state?: unknown): Promise<Panel> {
    p = await openPanel(h, 'device-map', { state });
    const ready = await p.waitFor('ready');
    assert.equal(DeviceMapToHost.parse(ready).type, 'ready');
    await p.send({ type: 'snapshot', topology: topo, occupancy: { job: occ.job, util: occ.util }, jobs: occ.columns });
    return p;
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
    assert.match(text, new RegExp(topo.nodes[0].name));
    assert.match(text, new RegExp(occ.jobs[occ.job[d]!].name));
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
    assert.ok(g1 > 150 && g1 > g2 + 60, `busy ${r1},${g1} vs idle ${r2},${g2}`);
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
});
