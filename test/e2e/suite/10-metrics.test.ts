/**
 * A stock DDP script on a local agent, in a real VS Code: the job detail charts its TensorBoard event
 * file and printed Trainer dicts while it runs, and the Checkpoints view's Show Checkpoint Contents
 * opens what its checkpoint holds. Under @vscode/test-cli (no harness to look into pages) the page
 * checks are skipped.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { JobRecord } from '../../../src/core/job';
import type { OpenClawApi } from '../../../src/extension/activation';
import { ensureTrusted, file, hasHarness, openclaw, screenshot, waitFor, webviewEval } from '../support';

interface Host {
  isReady: boolean;
}

/** The series each chart of the job detail page draws, by chart id. */
const CHART_SERIES = `Object.fromEntries([...document.querySelector('job-detail-app').charts].map(([id, u]) => [id, u.series.slice(1).map((s) => s.label)]))`;

describe('metrics and checkpoints of a stock script', function () {
  this.timeout(240_000);
  let api: OpenClawApi;
  let job: JobRecord;

  before(async function () {
    api = await openclaw();
    await ensureTrusted();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (api.session.controller?.backendKind !== 'agents') await vscode.commands.executeCommand('openclaw.startLocalAgent');
    await waitFor('the local node ready', () => api.session.controller?.nodes().some((n) => n.state === 'ready'), 60_000);
  });

  after(async () => {
    await api.session.disconnect();
    for (const t of vscode.window.terminals) if (t.name === 'OpenClaw agent') t.dispose();
  });

  it('charts the event file and the printed dicts live in the job detail, while the job runs', async function () {
    job = (await vscode.commands.executeCommand<JobRecord>('openclaw.launchFile', file('fixtures/metrics/stock.claw.yaml')))!;
    const c = api.session.controller!;
    const host = (await vscode.commands.executeCommand<Host>('openclaw.showJobDetail', job.id))!;
    await waitFor('the job detail page ready', () => host.isReady);
    if (!hasHarness) this.skip();
    // Both sources while it runs: the event file is written at every step, the printed dicts every
    // few, so the first chart may hold the event file alone for a moment.
    let seen: Record<string, string[]> | undefined;
    const live = await waitFor('the event file and the printed dicts charted while the job runs', async () => {
      seen = (await webviewEval<Record<string, string[]>>('job-detail-app', CHART_SERIES)) ?? seen;
      const both = seen?.loss?.includes('train/loss') && seen.lr?.includes('learning_rate');
      return both && c.job(job.id)?.state === 'running' ? seen : undefined;
    }, 120_000).catch((err: Error) => {
      throw new Error(`${err.message}; last charted: ${JSON.stringify(seen)}`);
    });
    assert.ok(live.lr?.includes('train/lr') && live.lr.includes('learning_rate'), JSON.stringify(live));
    await screenshot('job-detail-stock-script');
    const end = await c.waitForEnd(job.id);
    assert.equal(end.state, 'succeeded', end.error);
    const series = await waitFor('the final dict charted', async () => {
      const s = await webviewEval<Record<string, string[]>>('job-detail-app', CHART_SERIES);
      return s?.loss?.includes('eval_loss') ? s : undefined;
    });
    assert.ok(series.loss!.includes('loss'), JSON.stringify(series));
    // The event file's steps make the x axis, the printed dicts placed at theirs.
    const x = await webviewEval<string>('job-detail-app', `document.querySelector('job-detail-app').charts.get('loss').series[0].label`);
    assert.equal(x, 'step');
    await screenshot('job-detail-stock-script-done');
  });

  it('shows what its checkpoint holds from the Checkpoints view', async function () {
    const listed = await waitFor('the checkpoint listed', async () => (await api.session.controller!.checkpoints(job.id)).find((k) => k.path === 'step-150.pt'));
    const element = { job: api.session.controller!.job(job.id), checkpoint: listed };
    const host = (await vscode.commands.executeCommand<Host>('openclaw.showCheckpointContents', element))!;
    await waitFor('the checkpoint page ready', () => host.isReady);
    if (!hasHarness) this.skip();
    const rows = await waitFor('the tensors listed', async () => {
      const r = await webviewEval<string[]>('checkpoint-app', `[...document.querySelector('checkpoint-app').shadowRoot.querySelectorAll('#tensors tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent.trim()).join('|'))`);
      return r?.length ? r : undefined;
    });
    assert.ok(rows.includes('model.weight|float32|1 × 8|32 B'), rows.join('\n'));
    const state = await webviewEval<string>('checkpoint-app', `document.querySelector('checkpoint-app').shadowRoot.querySelector('#state').textContent`);
    assert.match(state ?? '', /step\s*150/);
    await screenshot('checkpoint-contents-stock-script');
  });
});
