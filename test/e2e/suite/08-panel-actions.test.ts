/**
 * The panels' actions in a real VS Code, clicked in their pages: "resume from here" on a checkpoint
 * of the job detail, a busy device of the device map, and the simulation report's JSON export.
 * Under @vscode/test-cli (no harness to click in a page) they are skipped.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { JobRecord } from '../../../src/core/job';
import type { OpenClawApi } from '../../../src/extension/activation';
import { ensureTrusted, file, hasHarness, openclaw, screenshot, waitFor, webviewClick, webviewEval } from '../support';

interface Host {
  panel: vscode.WebviewPanel;
  isReady: boolean;
  showSaveDialog: (options: vscode.SaveDialogOptions) => Thenable<vscode.Uri | undefined>;
}

function activeWebview(viewType: string, label: RegExp): vscode.Tab | undefined {
  const t = vscode.window.tabGroups.activeTabGroup.activeTab;
  return t && t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(viewType) && label.test(t.label) ? t : undefined;
}

function webviewTabs(viewType: string, label: RegExp): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(viewType) && label.test(t.label));
}

describe('panel actions', function () {
  this.timeout(180_000);
  let api: OpenClawApi;

  before(async function () {
    if (!hasHarness) this.skip();
    api = await openclaw();
    await ensureTrusted();
    // The jobs below are simulator fixtures: connect to it unless an earlier suite left it connected.
    if (api.session.controller?.backendKind !== 'simulator') await vscode.commands.executeCommand('openclaw.startSimulator');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('resumes a job from a checkpoint picked in its detail panel', async () => {
    const c = api.session.controller!;
    const job = (await vscode.commands.executeCommand<JobRecord>('openclaw.launchFile', file('fixtures/sim/quick.claw.yaml')))!;
    await waitFor('quick-sim to succeed', () => c.job(job.id)?.state === 'succeeded', 120_000);
    const host = (await vscode.commands.executeCommand<Host>('openclaw.showJobDetail', job.id))!;
    await waitFor('the job detail page ready', () => host.isReady);
    // The page lists the checkpoints newest first; the second row is an earlier one.
    const row = 'job-detail-app #checkpoints tbody tr:nth-child(2)';
    const path = await waitFor('the checkpoints in the page', () =>
      webviewEval<string>('job-detail-app', `document.querySelector('job-detail-app').shadowRoot.querySelector('#checkpoints tbody tr:nth-child(2) td')?.textContent ?? ''`),
    );
    const ckpt = (await c.checkpoints(job.id)).find((k) => k.path === path);
    assert.ok(ckpt?.step, `the page's row ${path} is one of the job's checkpoints`);
    await webviewEval('job-detail-app', `document.querySelector('job-detail-app').shadowRoot.querySelector('#checkpoints').scrollIntoView()`);
    await screenshot('panel-job-detail-checkpoints');
    const before = new Set(c.jobs().map((j) => j.id));
    await webviewClick('job-detail-app', `${row} a.resume`);
    // A succeeded job stays as it ended: the resume is a new job of the same spec, from that checkpoint.
    const resumed = await waitFor('a new job resumed from the checkpoint', () => c.jobs().find((j) => !before.has(j.id)));
    assert.equal(resumed.spec.name, 'quick-sim');
    assert.equal(resumed.resumeFrom, path);
    const running = await waitFor('the resumed job running on the simulator', () => {
      const j = c.job(resumed.id);
      return j && (j.state === 'running' || j.state === 'succeeded') && j.step !== undefined ? j : undefined;
    }, 60_000);
    assert.ok(running.step! >= ckpt.step!, `it starts at the checkpoint's step ${ckpt.step}, not at 0 (step ${running.step})`);
    assert.equal(c.job(job.id)?.state, 'succeeded', 'the original job stays as it ended');
    // Its detail opens beside the first one's.
    await waitFor('two job detail panels', () => webviewTabs('openclaw.jobDetail', /Job quick-sim/).length === 2);
    await waitFor('the resumed job\'s detail in front', () => activeWebview('openclaw.jobDetail', /Job quick-sim/));
    await waitFor('the resumed job\'s page showing its id', async () => (await webviewEval<string>('job-detail-app', `document.querySelector('job-detail-app').shadowRoot.textContent`))?.includes(resumed.id));
    await screenshot('panel-job-detail-resumed');
    await c.cancel(resumed.id).catch(() => undefined);
  });

  it('reveals and selects a job in the Jobs view and opens its detail from a click on its device', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const c = api.session.controller!;
    const job = (await vscode.commands.executeCommand<JobRecord>('openclaw.launchFile', file('fixtures/sim/long.claw.yaml')))!;
    await waitFor('long-sim running', () => c.job(job.id)?.state === 'running', 60_000);
    const host = (await vscode.commands.executeCommand<Host>('openclaw.showDeviceMap'))!;
    await waitFor('the device map page ready', () => host.isReady);
    // The centre of one of the job's cells, from the page's own layout, relative to the canvas.
    const at = await waitFor('a device of the job drawn on the map', () =>
      webviewEval<{ x: number; y: number } | null>(
        'device-map-app',
        `(() => {
          const app = document.querySelector('device-map-app');
          const g = app.grid;
          const canvas = app.shadowRoot.querySelector('canvas');
          for (let d = 0; d < g.deviceCount; d++) {
            if (g.jobOn(d) !== ${JSON.stringify(job.id)}) continue;
            const c = g.cellCenter(d);
            const r = canvas.getBoundingClientRect();
            return { x: Math.round(c.x - r.left), y: Math.round(c.y - r.top) };
          }
          return null;
        })()`,
      ).then((v) => v ?? undefined),
    );
    await screenshot('panel-device-map-busy');
    await webviewClick('device-map-app', 'device-map-app canvas', at);
    await waitFor('the job\'s detail in front', () => activeWebview('openclaw.jobDetail', /Job long-sim/));
    const selected = await waitFor('the job selected in the Jobs view', () => {
      const s = api.views.jobs.view.selection[0] as { job?: JobRecord } | undefined;
      return s?.job?.id === job.id ? s : undefined;
    });
    assert.equal(selected.job?.id, job.id);
    assert.ok(api.views.jobs.view.visible, 'the Jobs view is shown');
    await waitFor('the detail page showing the job', async () => (await webviewEval<string>('job-detail-app', `document.querySelector('job-detail-app').shadowRoot.textContent`))?.includes(job.id));
    await screenshot('panel-device-map-click-revealed');
    await c.cancel(job.id);
  });

  it('exports the simulation report as JSON to the file chosen', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const host = (await vscode.commands.executeCommand<Host>('openclaw.comparePolicies', {
      cluster: 'dgx-a100',
      workload: file('workloads/jobs-list.yaml').fsPath,
      policies: ['fifo', 'las'],
    }))!;
    await waitFor('the report page ready', () => host.isReady);
    const target = vscode.Uri.file(join(mkdtempSync(join(tmpdir(), 'openclaw-export-')), 'fifo-vs-las.json'));
    const asked: vscode.SaveDialogOptions[] = [];
    host.showSaveDialog = async (options) => (asked.push(options), target);
    await webviewClick('sim-report-app', 'sim-report-app #export-json');
    await waitFor('the exported file', () => existsSync(target.fsPath));
    assert.deepEqual(asked[0]?.filters, { JSON: ['json'] });
    const saved = await waitFor('the page saying where it saved', async () =>
      (await webviewEval<string>('sim-report-app', `document.querySelector('sim-report-app').shadowRoot.querySelector('#saved')?.textContent ?? ''`))?.includes(target.fsPath),
    );
    assert.ok(saved);
    const reports = JSON.parse(readFileSync(target.fsPath, 'utf8')) as Array<{ policy: string; jobRecords: unknown[] }>;
    assert.deepEqual(reports.map((r) => r.policy), ['fifo', 'las']);
    assert.ok(reports.every((r) => r.jobRecords.length > 0));
    await screenshot('panel-sim-report-exported');
  });
});
