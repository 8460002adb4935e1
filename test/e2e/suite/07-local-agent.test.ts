/**
 * "Start Local Agent and Connect" (the walkthrough's last steps): an agent in a terminal, connected,
 * running a real job; a spec larger than this one machine says at once that it can never start.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { JobRecord } from '../../../src/core/job';
import { file, hasHarness, openclaw, textOf, waitFor } from '../support';

describe('start local agent', function () {
  this.timeout(180_000);

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

  it('says at once, loudly, that a two-node spec can never start on this one machine, and lets it be cancelled', async () => {
    const api = await openclaw();
    const job = (await vscode.commands.executeCommand<JobRecord>('openclaw.launchFile', file('pytorch-ddp/train.claw.yaml')))!;
    const marked = await waitFor('the job marked as never fitting', () => api.session.controller!.job(job.id)?.neverFits, 15_000);
    assert.match(marked, /over 2 nodes.*the cluster has 1 node: it can never start/);
    const jobs = api.views.jobs.provider;
    const row = await waitFor('the job under Queued in the view', () => {
      jobs.refresh();
      const group = jobs.getChildren().find((g) => String(jobs.getTreeItem(g).label) === 'Queued');
      return group && jobs.getChildren(group).find((n) => 'job' in n && n.job.id === job.id && n.job.neverFits);
    });
    const item = jobs.getTreeItem(row);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'warning');
    assert.match(String(item.description), /can never start: needs/);
    if (hasHarness) {
      const toast = await waitFor('the never-fits notification', async () => {
        const t = await textOf('.notifications-toasts');
        return /ddp-demo .* can never start on \S*local/.test(t) ? t : undefined;
      });
      assert.match(toast, /Edit Spec/);
      assert.match(toast, /Select Cluster/);
      assert.match(toast, /Cancel Job/);
      await vscode.commands.executeCommand('notifications.clearAll');
    }
    await api.session.controller!.cancel(job.id, 'test');
    assert.equal((await api.session.controller!.waitForEnd(job.id)).state, 'cancelled');
  });

  it('runs the one-machine DDP example (two real PyTorch ranks) to success', async () => {
    const api = await openclaw();
    const job = (await vscode.commands.executeCommand<JobRecord>('openclaw.launchFile', file('pytorch-ddp/one-machine.claw.yaml')))!;
    const c = api.session.controller!;
    assert.equal(c.job(job.id)?.neverFits, undefined);
    // A job that does not end says where it stands, not just that the test timed out.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stuck = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const j = c.job(job.id);
        reject(new Error(`the job did not end in 150 s: ${j?.state} (${j?.history.map((h) => `${h.state}${h.reason ? `: ${h.reason}` : ''}`).join(' → ')}); nodes ${c.nodes().map((n) => `${n.name} ${n.state}`).join(', ')}`));
      }, 150_000);
    });
    const done = await Promise.race([c.waitForEnd(job.id), stuck]).finally(() => clearTimeout(timer));
    assert.equal(done.state, 'succeeded', done.error);
    assert.equal(done.placement.length, 2);
    assert.equal(done.step, 200);
  });

  it('sends a job launched while the agent is still starting to the agent, not to the cluster being left', async () => {
    const api = await openclaw();
    await vscode.commands.executeCommand('openclaw.startSimulator');
    assert.equal(api.session.controller?.backendKind, 'simulator');
    const starting = vscode.commands.executeCommand<vscode.Uri>('openclaw.startLocalAgent');
    const job = (await vscode.commands.executeCommand<JobRecord>('openclaw.launchFile', file('fixtures/agent/hello.claw.yaml')))!;
    await starting;
    assert.equal(job.backend, 'agents');
    assert.equal(api.session.controller?.backendKind, 'agents');
    assert.equal((await api.session.controller!.waitForEnd(job.id)).state, 'succeeded');
  });
});
