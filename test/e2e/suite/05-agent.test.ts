/**
 * A real job on a real node agent (`node dist/agent.js` on loopback, started here): its ranks are
 * processes on this machine, their logs stream into the job's output channel with rank prefixes and
 * highlighted errors, and its checkpoints are files that can be revealed and deleted.
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { JobRecord } from '../../../src/core/job';
import { click, EXTENSION_ID, file, hasHarness, keys, openclaw, screenshot, textOf, waitFor } from '../support';
import { freePort } from '../../support/ports';


describe('local agent', function () {
  this.timeout(120_000);
  let agent: ChildProcess | undefined;
  let agentLog = '';
  const work = mkdtempSync(join(tmpdir(), 'openclaw-e2e-agent-'));
  let job: JobRecord;

  before(async () => {
    const port = await freePort();
    const token = join(work, 'token');
    writeFileSync(token, randomBytes(32).toString('hex'), { mode: 0o600 });
    const agentJs = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'agent.js');
    agent = spawn(process.execPath, [agentJs, '--listen', `127.0.0.1:${port}`, '--workdir', join(work, 'agent'), '--token-file', token, '--name', 'local-0'], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    agent.stdout!.on('data', (d) => (agentLog += d));
    agent.stderr!.on('data', (d) => (agentLog += d));
    const clusterFile = file('fixtures/agent/local.cluster.yaml');
    writeFileSync(
      clusterFile.fsPath,
      `backend: agents\nname: local\nagents:\n  - {name: local-0, address: "127.0.0.1:${port}", tokenFile: ${JSON.stringify(token)}}\nheartbeat: {intervalSeconds: 1, deadAfterSeconds: 10}\n`,
    );
    await waitFor('the agent to listen', () => /listen/i.test(agentLog) || undefined, 20_000);
  });

  after(async () => {
    const api = await openclaw();
    await api.session.disconnect();
    agent?.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  });

  it('connects to the agent from its cluster file and lists its node', async () => {
    const api = await openclaw();
    const connection = await vscode.commands.executeCommand<{ label: string }>('openclaw.selectCluster', file('fixtures/agent/local.cluster.yaml'));
    assert.ok(connection, `connected (agent said: ${agentLog.slice(-500)})`);
    assert.equal(api.session.controller?.backendKind, 'agents');
    const nodes = await waitFor('the agent node', () => {
      const n = api.views.cluster.provider.getChildren();
      return n.length ? n : undefined;
    });
    const item = api.views.cluster.provider.getTreeItem(nodes[0]!);
    assert.equal(item.label, 'local-0');
    assert.match(String(item.description), /^ready · /);
  });

  it('launches a real job whose logs stream into its output channel with rank prefixes', async () => {
    const api = await openclaw();
    await vscode.commands.executeCommand('openclaw.jobs.focus');
    job = (await vscode.commands.executeCommand<JobRecord>('openclaw.launchFile', file('fixtures/agent/hello.claw.yaml')))!;
    assert.ok(job, 'launched');
    await vscode.commands.executeCommand('openclaw.job.showLogs', job.id);
    if (hasHarness) {
      // The output panel shows the channel; its text is the real editor content.
      const text = await waitFor('rank-prefixed log lines in the output panel', async () => {
        const t = await textOf('.part.panel .monaco-editor .view-lines');
        return /\[rank 0\] hello from rank 0: step \d+\/12/.test(t) && /\[rank 1\] hello from rank 1: step \d+\/12/.test(t) ? t : undefined;
      }, 60_000, 250);
      assert.match(text, /\[rank \d\] hello from rank \d: step \d+\/12/);
      const channels = await textOf('.part.panel .composite.title');
      assert.match(channels, new RegExp(`OpenClaw: hello-agent \\(${job.id}\\)`));
    }
    const done = await api.session.controller!.waitForEnd(job.id);
    assert.equal(done.state, 'succeeded', done.error);
    if (hasHarness) {
      // The output's own filter narrows the channel to the error line, which the log level colours.
      await click('.part.panel .viewpane-filter input');
      await keys({ type: 'recoverable' });
      const text = await waitFor('the error line at error level', async () => {
        const t = await textOf('.part.panel .monaco-editor .view-lines');
        return /\[error\] \[rank \d\] ERROR: rank \d saw a recoverable data error/.test(t) ? t : undefined;
      }, 20_000, 250);
      assert.doesNotMatch(text, /step \d+\/12/, 'the filter hides the other lines');
      await screenshot('agent-logs-error');
      await keys({ press: 'Control+a' }, { press: 'Backspace' });
      const all = await waitFor('every line back', async () => {
        const t = await textOf('.part.panel .monaco-editor .view-lines');
        return /\[info\] \[rank \d\] rank \d done/.test(t) ? t : undefined;
      });
      assert.match(all, /job succeeded \(exit code 0\)/);
      await screenshot('agent-logs');
    }
  });

  it('lists its checkpoints as local files, newest first, and deletes one after asking', async () => {
    const api = await openclaw();
    const p = api.views.checkpoints.provider;
    const roots = await waitFor('hello-agent in the Checkpoints view', async () => {
      const r = (await p.getChildren()).filter((e) => 'job' in e && e.job.id === job.id);
      return r.length ? r : undefined;
    });
    const ckpts = await waitFor('three checkpoints', async () => {
      const c = await p.getChildren(roots[0]);
      return c.length >= 3 ? c : undefined;
    });
    const labels = ckpts.map((c) => String(p.getTreeItem(c).label));
    assert.deepEqual(labels.slice(0, 3), ['step 12', 'step 8', 'step 4']);
    const oldest = ckpts[ckpts.length - 1];
    const item = p.getTreeItem(oldest!);
    assert.match(String(item.contextValue), /\bresumable\b.*\blocal\b.*\bdeletable\b/);
    const path = 'fullPath' in oldest! ? oldest.fullPath : '';
    assert.ok(existsSync(path), path);
    const deleted = await vscode.commands.executeCommand('openclaw.checkpoint.delete', oldest, { confirm: false });
    assert.equal(deleted, true);
    assert.ok(!existsSync(path), 'the checkpoint file is gone');
    await vscode.commands.executeCommand('openclaw.checkpoints.focus');
    if (hasHarness) await screenshot('agent-checkpoints');
  });
  it('resumes the job from a checkpoint, which cannot be deleted while the job runs from it', async () => {
    const api = await openclaw();
    const p = api.views.checkpoints.provider;
    const root = (await p.getChildren()).find((e) => 'job' in e && e.job.id === job.id)!;
    const step8 = (await p.getChildren(root)).find((c) => String(p.getTreeItem(c).label) === 'step 8')!;
    assert.ok(step8, 'the step 8 checkpoint');
    const resumed = await vscode.commands.executeCommand<JobRecord>('openclaw.checkpoint.resume', step8);
    assert.ok(resumed);
    const c = api.session.controller!;
    const running = await waitFor('the job running from step 8', () => {
      const j = c.job(resumed.id);
      return j && ['placed', 'starting', 'running'].includes(j.state) && j.resumeFrom ? j : undefined;
    }, 20_000, 50);
    assert.match(running.resumeFrom!, /step-8\.pt$/);
    // The original job's step 8 is now what the resumed job runs from.
    const again = (await p.getChildren(root)).find((c2) => String(p.getTreeItem(c2).label) === 'step 8')!;
    const item = p.getTreeItem(again);
    assert.doesNotMatch(String(item.contextValue), /\bdeletable\b/);
    assert.match(String(item.description), /in use/);
    assert.equal(await vscode.commands.executeCommand('openclaw.checkpoint.delete', again, { confirm: false }), false);
    assert.ok(existsSync('fullPath' in again ? again.fullPath : ''), 'still there');
    // While it runs, the Cluster view shows its devices busy with the utilisation it reports.
    const cl = api.views.cluster.provider;
    const busy = await waitFor('a device busy at the reported utilisation', () => {
      cl.refresh();
      for (const n of cl.getChildren()) {
        for (const d of cl.getChildren(n)) {
          const desc = String(cl.getTreeItem(d).description);
          if (/ · 73% · hello-agent$/.test(desc)) return desc;
        }
      }
      return undefined;
    }, 20_000, 50);
    assert.match(busy, /^cpu · /);
    const done = await c.waitForEnd(resumed.id);
    assert.equal(done.state, 'succeeded');
  });

  it('tells about a failed job with actions to show its logs and open its spec', async function () {
    if (!hasHarness) this.skip(); // the notification is read and clicked in the workbench
    const api = await openclaw();
    await vscode.commands.executeCommand('notifications.clearAll');
    const failing = (await vscode.commands.executeCommand<JobRecord>('openclaw.launchFile', file('fixtures/agent/fails.claw.yaml')));
    const done = await api.session.controller!.waitForEnd(failing.id);
    assert.equal(done.state, 'failed');
    const toast = await waitFor('the failure notification', async () => {
      const t = await textOf('.notifications-toasts');
      return /fails-fast .* failed/.test(t) ? t : undefined;
    });
    assert.match(toast, /Show Logs/);
    assert.match(toast, /Open Spec/);
    await screenshot('job-failed');
    await click('.notifications-toasts .monaco-button:has-text("Show Logs")');
    const log = await waitFor('the failed job\'s log', async () => {
      const t = await textOf('.part.panel .monaco-editor .view-lines');
      return /\[error\] job failed \(exit code 3\)/.test(t) ? t : undefined;
    });
    assert.match(log, /rank 0 failed \(exit code 3\)/);
    assert.match(await textOf('.part.panel .composite.title'), /OpenClaw: fails-fast/);
    const failedGroup = await waitFor('the job under Failed', () => {
      const p = api.views.jobs.provider;
      const g = p.getChildren().find((x) => String(p.getTreeItem(x).label) === 'Failed');
      return g && p.getChildren(g).some((j) => 'job' in j && j.job.id === failing.id) ? g : undefined;
    });
    assert.ok(failedGroup);
  });
});
