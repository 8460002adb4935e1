/**
 * Panels after "Developer: Reload Window": a job's detail, the device map, a simulation report and
 * a time travel come back showing the same job, report and run; a time travel whose event log was
 * deleted before the reload says so instead of staying blank. The first test opens them and reloads
 * the window; the reloaded window runs the second. Under @vscode/test-cli (no harness) both are skipped.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { JobRecord } from '../../../src/core/job';
import { EXTENSION_ID, ensureTrusted, file, hasHarness, openclaw, reloadWindow, reloadedWith, screenshot, waitFor, webviewEval } from '../support';

interface Host {
  isReady: boolean;
}

interface Opened {
  jobId: string;
  jobName: string;
  report: string;
  deletedLog: string;
}

function webviewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.activeTabGroup.tabs.filter((t) => t.input instanceof vscode.TabInputWebview);
}

function viewTypeOf(t: vscode.Tab): string {
  return (t.input as vscode.TabInputWebview).viewType;
}

/** The text of the visible page showing `marker` (through its shadow root, for the panels' apps). */
function pageText(marker: string): Promise<string | undefined> {
  return webviewEval<string>(marker, `(() => { const e = document.querySelector(${JSON.stringify(marker)}); return (e?.shadowRoot ?? e)?.textContent ?? ''; })()`);
}

describe('panels after a window reload', function () {
  this.timeout(180_000);

  before(async function () {
    if (!hasHarness) this.skip();
    await openclaw();
    await ensureTrusted();
  });

  it('opens a job detail, the device map, a report and time travels, then reloads the window', async function () {
    if (reloadedWith<Opened>()) this.skip();
    const api = await openclaw();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The reloaded window connects to the simulator again by itself, as a user's would with this setting.
    await vscode.workspace.getConfiguration('openclaw').update('defaultCluster', 'simulator:dgx-a100', vscode.ConfigurationTarget.Workspace);
    if (api.session.controller?.backendKind !== 'simulator') await vscode.commands.executeCommand('openclaw.startSimulator');
    const job = (await vscode.commands.executeCommand<JobRecord>('openclaw.launchFile', file('fixtures/sim/long.claw.yaml')))!;
    assert.ok(job, 'the job was launched');
    // A simulation's report and event log, as `openclaw sim` writes them.
    const out = mkdtempSync(join(tmpdir(), 'openclaw-e2e-reload-'));
    const cli = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
    const report = join(out, 'fifo.json');
    const events = join(out, 'fifo.events.jsonl');
    execFileSync(process.execPath, [cli, 'sim', '--cluster', 'dgx-a100', '--workload', file('workloads/jobs-list.yaml').fsPath, '--policy', 'fifo', '--json', report, '--events', events], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    const deletedLog = join(out, 'deleted.events.jsonl');
    copyFileSync(events, deletedLog);

    // Each page saves what it shows as it starts (a hidden page is not loaded: one at a time).
    const open = async (command: string, arg: unknown): Promise<void> => {
      const host = await vscode.commands.executeCommand<Host>(command, arg);
      await waitFor(`the page of ${command} to say ready`, () => host?.isReady);
      await new Promise((r) => setTimeout(r, 500));
    };
    await open('openclaw.showJobDetail', job.id);
    await open('openclaw.showDeviceMap', job.id);
    await open('openclaw.openSimReport', vscode.Uri.file(report));
    await open('openclaw.openTimeTravel', vscode.Uri.file(events));
    await open('openclaw.openTimeTravel', vscode.Uri.file(deletedLog));
    assert.equal(webviewTabs().length, 5);
    rmSync(deletedLog);
    await screenshot('reload-before');
    await reloadWindow(this.test!.fullTitle(), { jobId: job.id, jobName: job.spec.name, report, deletedLog } satisfies Opened);
  });

  it('shows each panel\'s job, report and run again, and says so where the event log is gone', async function () {
    const was = reloadedWith<Opened>();
    if (!was) this.skip();
    const api = await openclaw();
    try {
      const tabs = await waitFor('the five panels back', () => (webviewTabs().length === 5 ? webviewTabs() : undefined), 60_000);
      const seen: string[] = [];
      for (let i = 0; i < tabs.length; i++) {
        await vscode.commands.executeCommand(`workbench.action.openEditorAtIndex${i + 1}`);
        const type = viewTypeOf(tabs[i]!);
        if (type.endsWith('openclaw.jobDetail')) {
          // The job is the same one (the manager reads its journal again), its id and name on the page.
          await waitFor('the job detail showing the job', async () => {
            const text = await pageText('job-detail-app');
            return text?.includes(was.jobId) && text.includes(was.jobName);
          }, 60_000);
          assert.ok(api.session.controller?.job(was.jobId), 'the simulator reconnected with the job');
          seen.push('jobDetail');
        } else if (type.endsWith('openclaw.deviceMap')) {
          await waitFor('the device map showing the cluster and the job', async () => (await pageText('device-map-app'))?.includes(was.jobName), 60_000);
          seen.push('deviceMap');
        } else if (type.endsWith('openclaw.simReport')) {
          await waitFor('the report of the fifo run', async () => /fifo/.test((await pageText('sim-report-app')) ?? ''), 60_000);
          seen.push('simReport');
        } else if (type.endsWith('openclaw.timeTravel')) {
          const text = await waitFor('a time travel page or its message', async () => {
            for (const marker of ['time-travel-app', 'p.panel-unavailable']) {
              const t = await pageText(marker).catch(() => undefined);
              if (t && t.length > 20) return t;
            }
            return undefined;
          }, 60_000);
          seen.push(text.includes('no longer exists') ? `gone ${text.includes(was.deletedLog)}` : 'timeTravel');
        }
        await screenshot(`reload-after-${i + 1}`);
      }
      assert.deepEqual(seen.sort(), ['deviceMap', 'gone true', 'jobDetail', 'simReport', 'timeTravel']);
      // A restored job detail is the one the command reveals, not a second panel of the job.
      await vscode.commands.executeCommand('openclaw.showJobDetail', was.jobId);
      assert.equal(webviewTabs().length, 5);
    } finally {
      await api.session.controller?.cancel(was.jobId).catch(() => undefined);
      await vscode.workspace.getConfiguration('openclaw').update('defaultCluster', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
