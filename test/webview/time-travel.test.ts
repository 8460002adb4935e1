import assert from 'node:assert/strict';
import type { SimReport } from '../../src/core/sim-report';
import { TimeTravelToHost } from '../../src/protocol/time-travel';
import { RunReplay } from '../../src/extension/webviews/time-travel-model';
import { openPanel, problemsOf, startHarness, type Harness, type Panel } from './harness';
import { runSim } from './sim-fixtures';

describe('time-travel page (Chromium), driven by a real simulator event log', function () {
  let h: Harness;
  let p: Panel;
  let replay: RunReplay;
  let lasReport: SimReport;
  /** The run the open page shows. */
  let shown: RunReplay;
  let fifo: { replay: RunReplay; report: SimReport };

  before(async () => {
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
});
