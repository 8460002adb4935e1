/**
 * Workspace Trust. The window opens in Restricted Mode: OpenClaw browses and simulates with built-in
 * policies, but launches nothing and runs no workspace policy. Trusting the workspace (in the real
 * Workspace Trust editor) turns launching on for the rest of the suite.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ensureTrusted, file, hasHarness, openclaw, screenshot, textOf, waitFor } from '../support';

describe('workspace trust', function () {
  this.timeout(120_000);

  before(function () {
    // Desktop runs (and windows without trust) start trusted: nothing to check here then.
    if (!hasHarness || vscode.workspace.isTrusted) this.skip();
  });

  it('in Restricted Mode simulates with built-in policies but launches nothing', async () => {
    const api = await openclaw();
    const spec = file('fixtures/sim/quick.claw.yaml');
    await vscode.window.showTextDocument(spec);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', spec);
    assert.equal(lenses.length, 0, 'no Launch CodeLens without trust');
    const job = await vscode.commands.executeCommand('openclaw.launchFile', spec);
    assert.equal(job, undefined);
    assert.equal(api.session.connection, undefined, 'a refused launch does not even connect');
    await waitFor('the refusal', async () => /can't launch a job in Restricted Mode/.test(await textOf('.notifications-toasts')));
    // A cluster file naming a workspace policy connects with the built-in fifo instead, and says so.
    const connection = await vscode.commands.executeCommand<{ label: string }>('openclaw.selectCluster', file('fixtures/sim/user-policy.cluster.yaml'));
    assert.ok(connection, 'browsing and simulating work untrusted');
    assert.equal(api.views.cluster.provider.getChildren().length, 8);
    await waitFor('the policy warning', async () => /policy ".*smallest-first\.ts".*is workspace code; using the built-in "fifo"/.test(await textOf('.notifications-toasts')));
    await vscode.commands.executeCommand('workbench.view.extension.openclaw');
    await screenshot('restricted-mode');
    await vscode.commands.executeCommand('notifications.clearAll');
    await api.session.disconnect();
  });

  it('launches once the workspace is trusted', async () => {
    await ensureTrusted();
    const spec = file('fixtures/sim/quick.claw.yaml');
    const lenses = await waitFor('the Launch CodeLens', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', spec);
      return l.length ? l : undefined;
    });
    assert.match(lenses[0]!.command!.title, /Launch/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
