/** The foundation: OpenClaw activates in a real VS Code and contributes its container, views and commands. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, openclaw, screenshot, textOf, hasHarness, waitFor } from '../support';

describe('activation', () => {
  it('is installed, activates, and reports VS Code 1.100', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'the extension is installed in the window');
    const api = await openclaw();
    assert.ok(ext.isActive);
    assert.ok(api.session, 'activate() returns the API');
    assert.match(vscode.version, /^1\.100\./);
    assert.ok(api.activationMs < 1000, `activate() took ${api.activationMs} ms`);
  });

  it('registers every command the manifest declares', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const declared: string[] = ext.packageJSON.contributes.commands.map((c: { command: string }) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const mine = declared.filter((c) => !c.startsWith('openclaw.show') || registered.has(c));
    const missing = mine.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `declared but not registered: ${missing.join(', ')}`);
    for (const c of ['openclaw.startSimulator', 'openclaw.selectCluster', 'openclaw.launchJob', 'openclaw.job.cancel', 'openclaw.checkpoint.resume']) {
      assert.ok(registered.has(c), c);
    }
  });

  it('contributes the OpenClaw container with the Cluster, Jobs and Checkpoints views, each with a welcome', async () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    assert.deepEqual(pkg.contributes.viewsContainers.activitybar.map((c: { id: string }) => c.id), ['openclaw']);
    assert.deepEqual(pkg.contributes.views.openclaw.map((v: { id: string }) => v.id), ['openclaw.cluster', 'openclaw.jobs', 'openclaw.checkpoints']);
    for (const id of ['openclaw.cluster', 'openclaw.jobs', 'openclaw.checkpoints']) {
      assert.ok(pkg.contributes.viewsWelcome.some((w: { view: string }) => w.view === id), `welcome for ${id}`);
    }
    assert.ok(!pkg.activationEvents.includes('*'), 'never activates on *');
    // The views really exist in the workbench: their focus commands are generated from the manifest.
    await vscode.commands.executeCommand('workbench.view.extension.openclaw');
    await vscode.commands.executeCommand('openclaw.jobs.focus');
    await vscode.commands.executeCommand('openclaw.cluster.focus');
    await vscode.commands.executeCommand('openclaw.checkpoints.focus');
  });

  it('shows the sidebar with its welcome views before any cluster is connected', async function () {
    if (!hasHarness) this.skip();
    await vscode.commands.executeCommand('workbench.view.extension.openclaw');
    const sidebar = await waitFor('the OpenClaw sidebar with its welcome', async () => {
      const t = await textOf('.part.sidebar');
      return /Start Local Simulator/.test(t) && /CLUSTER/i.test(t) && /JOBS/i.test(t) && /CHECKPOINTS/i.test(t) ? t : undefined;
    });
    assert.match(sidebar, /OPENCLAW/i);
    const status = await textOf('.part.statusbar');
    assert.match(status, /OpenClaw/);
    const path = await screenshot('sidebar-welcome');
    assert.ok(path);
  });
  it('has a walkthrough from install to a simulated job and a real local job', async function () {
    if (!hasHarness) this.skip();
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', 'openclaw.openclaw#openclaw.gettingStarted', false);
    const text = await waitFor('the walkthrough', async () => {
      const t = await textOf('.gettingStartedContainer');
      return /Get started with OpenClaw/.test(t) ? t : undefined;
    });
    for (const step of ['Start the local simulator', 'Launch a simulated job', 'Watch it in the sidebar', 'Start an agent on this machine', 'Run a real job on it']) assert.match(text, new RegExp(step));
    await screenshot('walkthrough');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
