/** "Start Local Agent and Connect" (the walkthrough's last step): an agent in a terminal, connected, running a real job. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { JobRecord } from '../../../src/core/job';
import { file, openclaw, waitFor } from '../support';

describe('start local agent', function () {
  this.timeout(90_000);

  after(async () => {
    const api = await openclaw();
    await api.session.disconnect();
    for (const t of vscode.window.terminals) if (t.name === 'OpenClaw agent') t.dispose();
  });

  it('starts an agent on loopback in a terminal, connects, and runs a job on it', async () => {
    const api = await openclaw();
    const clusterFile = await vscode.commands.executeCommand<vscode.Uri>('openclaw.startLocalAgent');
    assert.ok(clusterFile, 'the command returns the cluster file it wrote');
    assert.match(clusterFile.fsPath, /local-agent\/local\.cluster\.yaml$/);
    assert.ok(vscode.window.terminals.some((t) => t.name === 'OpenClaw agent'), 'the agent runs in its own terminal');
    assert.equal(api.session.controller?.backendKind, 'agents');
    await waitFor('the local node ready', () => api.session.controller!.nodes().some((n) => n.state === 'ready'));
    const job = (await vscode.commands.executeCommand<JobRecord>('openclaw.launchFile', file('fixtures/agent/hello.claw.yaml')))!;
    const done = await api.session.controller!.waitForEnd(job.id);
    assert.equal(done.state, 'succeeded', done.error);
  });
});
