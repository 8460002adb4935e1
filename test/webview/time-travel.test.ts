import assert from 'node:assert/strict';
import { TimeTravelToHost } from '../../src/protocol/time-travel';
import { RunReplay } from '../../src/extension/webviews/time-travel-model';
import { openPanel, problemsOf, startHarness, type Harness, type Panel } from './harness';
import { runSim } from './sim-fixtures';

describe('time-travel page (Chromium), driven by a real simulator event log', function () {
  let h: Harness;
  let p: Panel;
  let replay: RunReplay;

  before(async () => {
    replay = new RunReplay(runSim('dgx-a100', 'examples/workloads/gavel-generated.yaml', 'las').events);
    h = await startHarness();
  });
  after(async () => h?.close());
  afterEach(async () => p?.page.context().close());

  /** Plays the host's part: answers selectRound and explainWait from the replay. */
  async function serve(count: number): Promise<void> {
    const posted = await p.posted();
    for (const m of posted.slice(count)) {
      const msg = TimeTravelToHost.parse(m);
      if (msg.type === 'selectRound') await p.send({ type: 'round', round: replay.round(msg.index) });
      if (msg.type === 'explainWait') await p.send({ type: 'explanation', job: msg.job, round: msg.round, text: replay.explain(msg.job, msg.round) });
    }
  }

  async function open(state?: unknown): Promise<void> {
    p = await openPanel(h, 'time-travel', { width: 1200, height: 800, state });
    await p.waitFor('ready');
    await p.send({ type: 'run', title: 'las on dgx-a100', policy: 'las', topology: replay.topology, rounds: { time: replay.rounds.map((r) => r.t), trigger: replay.rounds.map((r) => r.trigger) } });
    await p.waitFor('selectRound');
    await serve(1);
  }

  const app = () => p.page.locator('time-travel-app');

  it('starts at the first round and steps with the buttons and the keyboard', async () => {
    await open();
    assert.match((await app().locator('#position').textContent()) ?? '', new RegExp(`round 1 / ${replay.length.toLocaleString('en-US')}`));
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
    const waiting = replay.round(round).queue[0].job;
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
});
