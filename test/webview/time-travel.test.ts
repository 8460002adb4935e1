import assert from 'node:assert/strict';
import { describeRateSource } from '../../src/core/rate-source';
import type { SimReport } from '../../src/core/sim-report';
import { getPolicy, preparePolicy } from '../../src/scheduler/policies';
import { loadCluster, simulateWithStory } from '../../simulator';
import { TimeTravelToHost } from '../../src/protocol/time-travel';
import { RunReplay } from '../../src/extension/webviews/time-travel-model';
import { openPanel, problemsOf, startHarness, type Harness, type Panel } from './harness';
import { gavelMultiGpu, runSim } from './sim-fixtures';

describe('time-travel page (Chromium), driven by a real simulator event log', function () {
  let h: Harness;
  let p: Panel;
  let replay: RunReplay;
  let lasReport: SimReport;
  /** The run the open page shows. */
  let shown: RunReplay;
  let fifo: { replay: RunReplay; report: SimReport };
  /** Gavel's multi-GPU jobs on the `gavel` preset, under fifo and under an LP policy. */
  let gavelFifo: { replay: RunReplay; report: SimReport };
  let gavelLp: { replay: RunReplay; report: SimReport };

  before(async () => {
    const gf = runSim('gavel', gavelMultiGpu(60, 3), 'fifo');
    gavelFifo = { replay: new RunReplay(gf.events), report: gf.report };
    await preparePolicy('max-min-fairness');
    const lp = runSim('gavel', gavelMultiGpu(60, 3), 'max-min-fairness');
    gavelLp = { replay: new RunReplay(lp.events), report: lp.report };
    const las = runSim('dgx-a100', 'examples/workloads/gavel-generated.yaml', 'las');
    replay = new RunReplay(las.events);
    lasReport = las.report;
    const f = runSim('dgx-a100', 'examples/workloads/gavel-generated.yaml', 'fifo');
    fifo = { replay: new RunReplay(f.events), report: f.report };
    h = await startHarness();
  });
  after(async () => h?.close());
  afterEach(async () => p?.page.context().close());

  /** Plays the host's part: answers selectRound and explainWait from the replay. */
  async function serve(count: number): Promise<void> {
    const posted = await p.posted();
    for (const m of posted.slice(count)) {
      const msg = TimeTravelToHost.parse(m);
      if (msg.type === 'selectRound') await p.send({ type: 'round', round: shown.round(msg.index) });
      if (msg.type === 'explainWait') await p.send({ type: 'explanation', job: msg.job, round: msg.round, text: shown.explain(msg.job, msg.round) });
    }
  }

  async function open(state?: unknown, run = replay, report: Pick<SimReport, 'policy' | 'rounds'> | null = lasReport): Promise<void> {
    shown = run;
    p = await openPanel(h, 'time-travel', { width: 1200, height: 800, state });
    await p.waitFor('ready');
    await p.send(run.runMessage(report ?? undefined));
    await p.waitFor('selectRound');
    await serve(1);
  }

  const app = () => p.page.locator('time-travel-app');

  it('starts at the first round and steps with the buttons and the keyboard', async () => {
    await open();
    assert.match((await app().locator('#position').textContent()) ?? '', new RegExp(`step 1 / ${replay.length.toLocaleString('en-US')} · T\\+`));
    await app().locator('#next').click();
    const m = TimeTravelToHost.parse(await p.waitFor('selectRound', 1));
    assert.deepEqual(m, { type: 'selectRound', index: 1 });
    await serve(2);
    await p.page.keyboard.press('ArrowRight');
    assert.deepEqual(TimeTravelToHost.parse(await p.waitFor('selectRound', 2)), { type: 'selectRound', index: 2 });
    await app().locator('#last').click();
    assert.deepEqual(TimeTravelToHost.parse(await p.waitFor('selectRound', 3)), { type: 'selectRound', index: replay.length - 1 });
    assert.deepEqual(await problemsOf(p), []);
  });

  it('shows the decisions, queue and device map of a busy round', async () => {
    // A round where the policy both placed and left jobs waiting.
    const busy = replay.rounds.findIndex((r, i) => i > 20 && r.decisions.some((d) => d.kind === 'place') && replay.round(i).queue.length > 3);
    assert.ok(busy > 0);
    await open({ round: busy, job: '' });
    const state = replay.round(busy);
    const decisions = await app().locator('#decisions .decision').allTextContents();
    assert.equal(decisions.length, state.decisions.length);
    const place = state.decisions.find((d) => d.kind === 'place')!;
    assert.ok(decisions.some((t) => t.includes(place.job) && t.includes(place.reason)));
    assert.equal(await app().locator('#queue tbody tr').count(), Math.min(200, state.queue.length));
    // A device the round placed is drawn in its job's colour and outlined.
    const marked = await p.page.evaluate(() => (document.querySelector('time-travel-app') as unknown as { grid: { jobOn(d: number): string | null } }).grid.jobOn(0));
    assert.equal(marked, state.job[0]);
    await p.screenshot('time-travel');
    assert.deepEqual(await problemsOf(p), []);
  });

  it('answers "why is job X waiting?" with the scheduler\'s explanation', async () => {
    const round = replay.rounds.findIndex((_, i) => i > 20 && replay.round(i).queue.length > 3);
    await open({ round, job: '' });
    const waiting = replay.round(round).queue[0]!.job;
    await app().locator('#job').click();
    await p.page.keyboard.type(waiting);
    await app().locator('#ask').click();
    const ask = TimeTravelToHost.parse(await p.waitFor('explainWait'));
    assert.deepEqual(ask, { type: 'explainWait', job: waiting, round });
    await serve((await p.posted()).length - 1);
    const text = (await app().locator('#explanation').textContent()) ?? '';
    assert.match(text, new RegExp(`${waiting} has waited [0-9.]+ (s|min|h|d) `));
    assert.match(text, /needs|las|free/);
    await p.screenshot('time-travel-why');
    assert.deepEqual(await problemsOf(p), []);
  });

  it('counts scheduling rounds as `openclaw sim` does, not logged steps', async () => {
    // FIFO calls the policy only with jobs waiting: fewer rounds than logged steps, all of them logged.
    assert.ok(fifo.report.rounds < fifo.replay.length);
    await open(undefined, fifo.replay, null);
    const fmt = (n: number) => n.toLocaleString('en-US');
    assert.equal(await app().locator('#rounds').textContent(), `${fmt(fifo.report.rounds)} scheduling rounds`);
    assert.match((await app().locator('#summary').textContent()) ?? '', new RegExp(`${fmt(fifo.replay.length)} logged steps`));
    await p.page.context().close();
    // LAS also runs periodic rounds, which the log leaves out when they change nothing: the report beside the log has the count.
    await open(undefined, replay, lasReport);
    assert.equal(await app().locator('#rounds').textContent(), `${fmt(lasReport.rounds)} scheduling rounds`);
    await p.page.context().close();
    await open(undefined, replay, null);
    assert.match((await app().locator('#rounds').textContent()) ?? '', /^at least [\d,]+ scheduling rounds$/);
    assert.deepEqual(await problemsOf(p), []);
  });

  it('gives every waiting job its last reason, as the scheduler explains it', async () => {
    const run = fifo.replay;
    const round = run.rounds.findIndex((_, i) => i > 20 && run.round(i).queue.length > 5);
    assert.ok(round > 0);
    await open({ round, job: '' }, run, fifo.report);
    const rows = await app().locator('#queue tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('a')?.textContent ?? '', tr.querySelector('td.reason')?.textContent ?? '']));
    assert.equal(rows.length, Math.min(200, run.round(round).queue.length));
    for (const [job, reason] of rows) {
      assert.ok(reason!.trim().length > 0, `no reason shown for ${job}`);
      // The same words as the answer to "why is it waiting?".
      assert.ok(run.explain(job!, round).endsWith(reason!), `${job}: "${reason}" vs "${run.explain(job!, round)}"`);
    }
    assert.ok(rows.some(([, reason]) => /needs \d+ × device/.test(reason!)), rows.map((r) => r[1]).join(' | '));
    await p.screenshot('time-travel-reasons');
    assert.deepEqual(await problemsOf(p), []);
  });
  it("names where a multi-GPU job's throughput came from, as `openclaw sim --explain` does", async () => {
    const run = gavelFifo.replay;
    // Every server of the gavel preset has one GPU: a multi-GPU job spans servers, and its rate is
    // Gavel's measurement of exactly that placement.
    const round = run.rounds.findIndex((r) => r.decisions.some((d) => d.kind === 'place' && d.devices.length > 1));
    assert.ok(round >= 0, 'no multi-GPU placement in the run');
    const placed = run.round(round).decisions.find((d) => d.kind === 'place' && d.devices.length > 1)!;
    const words = describeRateSource('measured-spread');
    const story = simulateWithStory({ cluster: loadCluster('gavel'), workload: gavelMultiGpu(60, 3), policy: getPolicy('fifo'), explain: placed.job }).explanation.join('\n');
    assert.ok(story.includes(words), story);
    await open({ round, job: '' }, run, gavelFifo.report);
    const row = app().locator('#decisions .decision').filter({ hasText: placed.job }).first();
    assert.equal((await row.locator('.rate-source').textContent())?.trim(), `rate: ${words}`);
    assert.match((await row.textContent()) ?? '', new RegExp(`on ${placed.devices.length} devices at [0-9.]+ steps/s`));
    // Selecting the running job asks about it: the answer names the same source.
    await row.locator('a').click();
    const ask = TimeTravelToHost.parse(await p.waitFor('explainWait'));
    assert.deepEqual(ask, { type: 'explainWait', job: placed.job, round });
    await serve((await p.posted()).length - 1);
    const text = (await app().locator('#explanation').textContent()) ?? '';
    assert.match(text, new RegExp(`${placed.job} is running on ${placed.devices.length} devices .*: [0-9.]+ steps/s, rate ${words.replace(/[()]/g, '\\$&')}`));
    await p.screenshot('time-travel-rate-source');
    assert.deepEqual(await problemsOf(p), []);
  });

  it('steps through a run of an LP policy, with its allocation in each placement\'s reason', async () => {
    const run = gavelLp.replay;
    const round = run.rounds.findIndex((r, i) => i > 2 && r.decisions.some((d) => d.kind === 'place'));
    assert.ok(round > 0);
    await open({ round, job: '' }, run, gavelLp.report);
    assert.equal(await app().locator('#rounds').textContent(), `${gavelLp.report.rounds.toLocaleString('en-US')} scheduling rounds`);
    const check = async (index: number) => {
      const state = run.round(index);
      await p.page.waitForFunction((i) => (document.querySelector('time-travel-app')?.shadowRoot?.querySelector('#position')?.textContent ?? '').startsWith(`step ${i + 1} /`), index);
      const shown = await app().locator('#decisions .decision').allTextContents();
      assert.equal(shown.length, state.decisions.length, `step ${index + 1}`);
      for (const d of state.decisions.filter((x) => x.kind === 'place')) {
        assert.match(d.reason, /^max-min-fairness: allocation \d+% of its time/);
        assert.ok(shown.some((t) => t.includes(d.job) && t.includes(d.reason) && t.includes('rate: ')), `step ${index + 1}: ${d.job}`);
      }
    };
    await check(round);
    for (const [button, index] of [['#next', round + 1], ['#next', round + 2], ['#prev', round + 1]] as const) {
      const before = await p.posted();
      await app().locator(button).click();
      const selects = before.filter((m) => m.type === 'selectRound').length;
      assert.deepEqual(TimeTravelToHost.parse(await p.waitFor('selectRound', selects)), { type: 'selectRound', index });
      await serve(before.length);
      await check(index);
    }
    assert.deepEqual(await problemsOf(p), []);
  });
});
