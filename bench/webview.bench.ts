/**
 * Webview figures, measured in headless Chromium on the built bundles (the same page and CSP as in
 * VS Code):
 *   - device map, 16,384 devices: first render (message parsed, laid out, drawn, next frame) ≤ 100 ms;
 *   - a delta of 1,000 devices: ≤ 16 ms;
 *   - simulation report of the full Philly trace (82,247 jobs, FIFO on 2,048 V100s, with the device
 *     intervals from its event log): from the message's JSON text to charts and Gantt drawn ≤ 1 s.
 * Medians over several fresh pages. Run: npm run bench -- webview
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { clusterNodes, occupancy, rng } from '../test/webview/fixtures';
import { openPanel, startHarness } from '../test/webview/harness';
import { reportOf } from '../test/webview/sim-fixtures';
import { topologyFromNodes } from '../src/protocol/topology';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** Delivers a message synchronously (as VS Code's message event does) and times it in the page. */
async function timedDispatch(page: Page, json: string): Promise<{ sync: number; frame: number }> {
  return page.evaluate(async (text) => {
    const t0 = performance.now();
    window.dispatchEvent(new MessageEvent('message', { data: JSON.parse(text) }));
    const sync = performance.now() - t0;
    await new Promise((r) => requestAnimationFrame(() => r(undefined)));
    return { sync, frame: performance.now() - t0 };
  }, json);
}

async function main(): Promise<void> {
  const h = await startHarness();
  try {
    // ---- Device map: 2,048 nodes × 8 = 16,384 devices, 64 racks, four models, ~70% busy.
    const nodes = clusterNodes(2048, 8);
    const topology = topologyFromNodes(nodes);
    const occ = occupancy(topology.model.length, 0.7, 11);
    const snapshot = JSON.stringify({ type: 'snapshot', topology, occupancy: { job: occ.job, util: occ.util }, jobs: occ.columns });
    const first: number[] = [];
    const firstSync: number[] = [];
    const firstParse: number[] = [];
    const firstPaint: number[] = [];
    const delta: number[] = [];
    const deltaFrame: number[] = [];
    let visible = 0;
    for (let run = 0; run < 5; run++) {
      const p = await openPanel(h, 'device-map', { width: 1600, height: 1000 });
      await p.waitFor('ready');
      await p.page.evaluate((t) => ((window as unknown as { __text: string }).__text = t), snapshot);
      const t = await timedDispatch(p.page, snapshot);
      first.push(t.frame);
      firstSync.push(t.sync);
      const parts = await p.page.evaluate(() => {
        const app = document.querySelector('device-map-app') as unknown as { bridge: { lastParseMs: number }; grid: { lastSetDataMs: number } };
        return { parse: app.bridge.lastParseMs, paint: app.grid.lastSetDataMs };
      });
      firstParse.push(parts.parse);
      firstPaint.push(parts.paint);
      visible = await p.page.evaluate(() => {
        const g = (document.querySelector('device-map-app') as unknown as { grid: { deviceCount: number; cellCenter(d: number): { y: number } } }).grid;
        let n = 0;
        for (let d = 0; d < g.deviceCount; d++) if (g.cellCenter(d).y < window.innerHeight) n++;
        return n;
      });
      // 20 deltas of 1,000 random devices each: jobs start and finish all over the cluster.
      const r = rng(run + 100);
      for (let k = 0; k < 20; k++) {
        const devices = new Set<number>();
        while (devices.size < 1000) devices.add(Math.floor(r() * topology.model.length));
        const list = [...devices].sort((a, b) => a - b);
        const msg = JSON.stringify({ type: 'delta', devices: list, job: list.map((_, i) => (i % 3 ? `job-${Math.floor(r() * 4000)}` : null)), util: list.map(() => Math.round(r() * 100) / 100) });
        const d = await timedDispatch(p.page, msg);
        delta.push(d.sync);
        deltaFrame.push(d.frame);
      }
      if (p.problems.length) throw new Error(`device map page reported: ${p.problems.join('; ')}`);
      await p.page.context().close();
    }
    console.log(`device map, 16,384 devices (${visible} of them visible without scrolling in a 1600×1000 view):`);
    console.log(`  first render to next frame: median ${ms(median(first)!)} (message handling ${ms(median(firstSync)!)}: zod check ${ms(median(firstParse)!)}, layout and paint ${ms(median(firstPaint)!)})   target ≤ 100 ms`);
    console.log(`  delta of 1,000 devices: median ${ms(median(delta)!)}, p95 ${ms(p95(delta)!)}; to next frame median ${ms(median(deltaFrame)!)}   target ≤ 16 ms`);

    // ---- Simulation report: the full Philly trace.
    const t0 = Date.now();
    const report = reportOf(join('examples/clusters/v100-2048.cluster.yaml'), 'examples/workloads/philly.yaml', ['fifo']);
    const text = JSON.stringify({ type: 'report', report });
    console.log(`simulation report, Philly trace: ${report.runs[0]!.jobs.id.length} jobs, ${report.runs[0]!.segments!.job.length} device intervals, message ${(text.length / 1e6).toFixed(1)} MB (simulated in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    const open: number[] = [];
    for (let run = 0; run < 3; run++) {
      const p = await openPanel(h, 'sim-report', { width: 1400, height: 1000 });
      await p.waitFor('ready');
      const took = await p.page.evaluate(async (t) => {
        const app = document.querySelector('sim-report-app')!;
        const done = new Promise((r) => app.addEventListener('rendered', r, { once: true }));
        const start = performance.now();
        window.dispatchEvent(new MessageEvent('message', { data: JSON.parse(t) }));
        await done;
        await new Promise((r) => requestAnimationFrame(() => r(undefined)));
        return performance.now() - start;
      }, text);
      open.push(took);
      if (run === 0) await p.screenshot('bench-sim-report-philly');
      if (p.problems.length) throw new Error(`report page reported: ${p.problems.join('; ')}`);
      await p.page.context().close();
    }
    console.log(`  opens (JSON parse + zod check + CDF, utilisation, Gantt drawn): median ${ms(median(open)!)}   target ≤ 1000 ms`);
  } finally {
    await h.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
