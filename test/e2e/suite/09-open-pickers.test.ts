/**
 * "Open Simulation Report" and "Open Simulation Time Travel" with no file given: they offer what there
 * is to open (the workspace's reports and event logs, earlier Compare Policies runs), running a
 * simulation now, or browsing; never a bare path box.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { file, hasHarness, keys, openclaw, textOf, waitFor, workspaceRoot } from '../support';

interface Host {
  panel: vscode.WebviewPanel;
  isReady: boolean;
}

describe('open report and time travel without a file', function () {
  this.timeout(120_000);
  const written: string[] = [];

  after(() => {
    for (const f of written) rmSync(f, { force: true });
  });

  it('offers running a simulation now, and browsing, when the workspace has no event log', async function () {
    if (!hasHarness) this.skip(); // the pick is read from the workbench
    await openclaw();
    const shown = vscode.commands.executeCommand('openclaw.openTimeTravel');
    const pick = await waitFor('the pick of event logs', async () => {
      const t = await textOf('.quick-input-widget');
      return /Run a simulation now/.test(t) ? t : undefined;
    });
    assert.match(pick, /Browse…/);
    await keys({ press: 'Escape' });
    assert.equal(await shown, undefined);
  });

  it('lists a report and an event log the CLI wrote in the workspace, and opens them by name', async () => {
    const repo = process.env.OPENCLAW_E2E_REPO;
    assert.ok(repo, 'the harness names the repository');
    const dir = mkdtempSync(join(tmpdir(), 'openclaw-e2e-sim-'));
    const report = join(workspaceRoot().fsPath, 'fifo-sim.json');
    const events = join(workspaceRoot().fsPath, 'fifo-sim.events.jsonl');
    written.push(report, events);
    const r = spawnSync(process.execPath, [join(repo, 'dist/cli.js'), 'sim', '--cluster', 'dgx-a100', '--workload', file('workloads/gavel-single.yaml').fsPath, '--policy', 'fifo', '--json', report, '--events', events], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    if (hasHarness) {
      const shown = vscode.commands.executeCommand('openclaw.openSimReport');
      const pick = await waitFor('the pick of reports', async () => {
        const t = await textOf('.quick-input-widget');
        return /fifo-sim\.json/.test(t) ? t : undefined;
      });
      assert.match(pick, /Run a simulation now/);
      await keys({ press: 'Escape' });
      await shown;
    }
    const host = await vscode.commands.executeCommand<Host>('openclaw.openSimReport', { pick: 'fifo-sim.json' });
    assert.ok(host, 'the report opens');
    await waitFor('the report page ready', () => host.isReady);
    assert.match(host.panel.title, /Simulation: fifo/);
    const travel = await vscode.commands.executeCommand<Host>('openclaw.openTimeTravel', { pick: 'fifo-sim.events.jsonl' });
    assert.ok(travel, 'the time travel opens');
    await waitFor('the time travel page ready', () => travel.isReady);
    assert.match(travel.panel.title, /Time Travel: fifo/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dir, { recursive: true, force: true });
  });
});
