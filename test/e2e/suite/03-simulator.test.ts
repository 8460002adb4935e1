/**
 * The local simulator end to end: connect, launch specs from the command and from the CodeLens, watch
 * jobs reach succeeded in the Jobs view, their checkpoints appear, cancel (with its confirmation) and restart.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { JobRecord } from '../../../src/core/job';
import { click, file, hasHarness, keys, openclaw, screenshot, textOf, waitFor } from '../support';

async function jobTreeLabels(): Promise<Map<string, string[]>> {
  const api = await openclaw();
  const p = api.views.jobs.provider;
  const out = new Map<string, string[]>();
  for (const g of p.getChildren()) {
    const label = String(p.getTreeItem(g).label);
    out.set(label, p.getChildren(g).map((j) => String(p.getTreeItem(j).label)));
  }
  return out;
}

function sidebarText(): Promise<string> {
  return textOf('.part.sidebar');
}

describe('simulator', function () {
  this.timeout(180_000);
  let ddp: JobRecord;

  it('starts the local simulator with nothing configured and shows its nodes and free devices', async () => {
    const api = await openclaw();
    await vscode.commands.executeCommand('workbench.view.extension.openclaw');
    const connection = await vscode.commands.executeCommand<{ label: string }>('openclaw.startSimulator');
    assert.equal(connection?.label, 'Simulator (dgx-a100)');
    assert.equal(api.session.controller?.backendKind, 'simulator');
    const nodes = api.views.cluster.provider.getChildren();
    assert.equal(nodes.length, 8);
    const devices = api.views.cluster.provider.getChildren(nodes[0]);
    assert.equal(devices.length, 8);
    assert.match(String(api.views.cluster.provider.getTreeItem(devices[0]!).description), /^a100 · 80 GiB · free$/);
    assert.deepEqual(api.statusBar.counts(), { free: 64, total: 64, nodes: 8, down: 0 });
    if (hasHarness) {
      const status = await waitFor('the status bar', async () => {
        const t = await textOf('.part.statusbar');
        return /64\/64 free/.test(t) ? t : undefined;
      });
      assert.match(status, /Simulator \(dgx-a100\)/);
      const side = await waitFor('nodes in the Cluster view', async () => {
        const t = await sidebarText();
        return /dgx-0/.test(t) ? t : undefined;
      });
      assert.match(side, /ready · 8× a100 · 0\/8 busy/);
    }
  });

  it('launches the example spec from the command; the job appears in the Jobs view and succeeds', async () => {
    const api = await openclaw();
    ddp = (await vscode.commands.executeCommand<JobRecord>('openclaw.launchFile', file('pytorch-ddp/train.claw.yaml')))!;
    assert.ok(ddp, 'launchFile returns the job');
    assert.equal(ddp.spec.name, 'ddp-demo');
    assert.match(ddp.specPath ?? '', /pytorch-ddp\/train\.claw\.yaml$/);
    if (hasHarness) await waitFor('ddp-demo in the Jobs view', async () => /ddp-demo/.test(await sidebarText()));
    const done = await api.session.controller!.waitForEnd(ddp.id);
    assert.equal(done.state, 'succeeded');
    await waitFor('ddp-demo under Succeeded', async () => (await jobTreeLabels()).get('Succeeded')?.includes('ddp-demo'));
  });

  it('tells two runs of one spec apart, and its tooltip shows ids, the command and CPU-only slots as they are', async () => {
    const api = await openclaw();
    const c = api.session.controller!;
    // hello: a CPU-only job whose command is a multi-line Python program.
    const runs = [
      (await vscode.commands.executeCommand<JobRecord>('openclaw.launchFile', file('hello.claw.yaml'))),
      (await vscode.commands.executeCommand<JobRecord>('openclaw.launchFile', file('hello.claw.yaml'))),
    ];
    const p = api.views.jobs.provider;
    const rows = await waitFor('both runs placed in the view', () => {
      p.refresh();
      const found = p.getChildren().flatMap((g) => p.getChildren(g)).filter((n) => 'job' in n && runs.some((r) => r.id === n.job.id));
      return found.length === 2 && found.every((n) => 'job' in n && n.job.placement.length > 0) ? found : undefined;
    });
    const items = rows.map((r) => p.getTreeItem(r));
    assert.deepEqual(items.map((i) => i.label), ['hello', 'hello']);
    const tags = items.map((i) => String(i.description).split(' · ')[0]).sort();
    assert.deepEqual(tags, runs.map((r) => `#${r.id.slice('hello-'.length)}`).sort(), 'each row starts with its run number');
    assert.notEqual(tags[0], tags[1]);
    const md = (p.resolveTreeItem(items[0]!, rows[0]!)).tooltip as vscode.MarkdownString;
    const job = (rows[0] as { job: JobRecord }).job;
    assert.ok(md.value.includes(`\`${job.id}\` on simulator (simulated time)`), md.value);
    // Markdown escapes in running text render away; in a code span they would show.
    assert.doesNotMatch(md.value, /`[^`\n]*\\[^`\n]*`/, `no backslash in a code span:\n${md.value}`);
    // Every table row is whole: the command's newlines live in a code block of their own.
    const table = md.value.split('\n').filter((l) => l.startsWith('|'));
    for (const row of table) assert.match(row, /^\|.*\|$/, row);
    assert.ok(!table.some((r) => r.includes('python3')), 'the command is not in the table');
    assert.match(md.value, /```sh\n\/usr\/bin\/python3 -c 'import json, os, time\nfor s in range\(1, 6\):/);
    assert.match(md.value, /\| Resources \| 1 node × 1 process, CPU only; each process holds one device slot of the cluster \|/);
    for (const r of runs) await c.waitForEnd(r.id);
  });

  it('opens a long log from its tail', async function () {
    if (!hasHarness) this.skip(); // the channel's text is read from the output panel
    const config = vscode.workspace.getConfiguration('openclaw');
    await config.update('logs.tailBytes', 1024, vscode.ConfigurationTarget.Global);
    try {
      const chatty = (await vscode.commands.executeCommand<JobRecord>('openclaw.launchFile', file('fixtures/sim/chatty.claw.yaml')));
      await (await openclaw()).session.controller!.waitForEnd(chatty.id);
      await vscode.commands.executeCommand('openclaw.job.showLogs', chatty.id);
      await click('.part.panel .viewpane-filter input');
      await keys({ press: 'Control+a' }, { type: 'earlier bytes' });
      let tries = 0;
      const text = await waitFor('the note that the head was skipped', async () => {
        // Keys typed while the output panel is still opening can be lost: type the filter again.
        if (++tries % 20 === 0) {
          await click('.part.panel .viewpane-filter input');
          await keys({ press: 'Control+a' }, { type: 'earlier bytes' });
        }
        const t = await textOf('.part.panel .monaco-editor .view-lines');
        return /\[info\] … \d+ earlier bytes of rank 0 not shown/.test(t) ? t : undefined;
      });
      assert.match(text, /openclaw\.logs\.tailBytes/);
      await keys({ press: 'Control+a' }, { press: 'Backspace' });
      const tail = await waitFor('the last lines', async () => {
        const t = await textOf('.part.panel .monaco-editor .view-lines');
        return /\[rank 0\] training done/.test(t) ? t : undefined;
      });
      assert.doesNotMatch(tail, /\[rank 0\] simulated chatty:/, 'the first line of the log is not loaded');
    } finally {
      await config.update('logs.tailBytes', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closePanel');
    }
  });

  it('redraws the Jobs view only while it is visible', async () => {
    const api = await openclaw();
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor('the Jobs view hidden', () => !api.views.jobs.view.visible);
    const before = api.views.jobs.provider.refreshes;
    const job = (await vscode.commands.executeCommand<JobRecord>('openclaw.launchFile', file('fixtures/sim/quick.claw.yaml')));
    const done = await api.session.controller!.waitForEnd(job.id);
    assert.equal(done.state, 'succeeded');
    assert.equal(api.views.jobs.provider.refreshes, before, 'no redraw while hidden');
    await vscode.commands.executeCommand('openclaw.jobs.focus');
    await waitFor('one redraw when shown', () => api.views.jobs.provider.refreshes > before);
    await waitFor('the finished job in the view', async () => (await jobTreeLabels()).get('Succeeded')?.includes('quick-sim'));
  });

  it('lists the checkpoints of the finished job, newest first', async () => {
    const api = await openclaw();
    const p = api.views.checkpoints.provider;
    const jobs = await waitFor('the job in the Checkpoints view', async () => {
      const roots = (await p.getChildren()).filter((e) => 'job' in e && e.job.id === ddp.id);
      return roots.length ? roots : undefined;
    });
    const ckpts = await p.getChildren(jobs[0]);
    assert.ok(ckpts.length >= 3, `expected several checkpoints, got ${ckpts.length}`);
    const steps = ckpts.map((c) => Number(String(p.getTreeItem(c).label).replace('step ', '')));
    assert.deepEqual(steps, [...steps].sort((a, b) => b - a), 'newest first');
    const item = p.getTreeItem(ckpts[0]!);
    assert.match(String(item.description), /step-\d+\.pt · .* · pytorch/);
    // Simulated time runs ahead of the clock: shown as time into the job, never as a date or "ago".
    assert.match(String(item.description), / · at (\d+[smhd] ?)+(\d+s)? \(simulated\) · /);
    assert.doesNotMatch(String(item.description), /ago|\d+\/\d+\/\d+/);
    assert.match((item.tooltip as vscode.MarkdownString).value, /Written: .* after the job was submitted \(simulated time\)/);
    assert.match(String(item.contextValue), /\bresumable\b/);
    assert.doesNotMatch(String(item.contextValue), /\bdeletable\b/, 'a simulated checkpoint is not a file here');
  });

  it('launches a spec from its CodeLens in the editor', async () => {
    const api = await openclaw();
    const uri = file('fixtures/sim/quick.claw.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const lenses = await waitFor('the Launch CodeLens', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return l?.some((x) => /Launch/.test(x.command?.title ?? '')) ? l : undefined;
    });
    assert.match(lenses[0]!.command!.title, /Launch on Simulator \(dgx-a100\)/);
    const before = new Set(api.session.controller!.jobs().map((j) => j.id));
    if (hasHarness) {
      // Click the lens in the editor, as a user would.
      await waitFor('the lens drawn in the editor', async () => /Launch on Simulator/.test(await textOf('.monaco-editor .codelens-decoration')));
      await click('.monaco-editor .codelens-decoration a:has-text("Launch")');
    } else {
      await vscode.commands.executeCommand(lenses[0]!.command!.command, ...(lenses[0]!.command!.arguments ?? []));
    }
    const job = await waitFor('a new job from the CodeLens', () => api.session.controller!.jobs().find((j) => !before.has(j.id)));
    assert.equal(job.spec.name, 'quick-sim');
    const done = await api.session.controller!.waitForEnd(job.id);
    assert.equal(done.state, 'succeeded');
  });

  it('cancels a running job after the confirmation, then restarts it', async () => {
    const api = await openclaw();
    await vscode.commands.executeCommand('openclaw.jobs.focus');
    const long = (await vscode.commands.executeCommand<JobRecord>('openclaw.launchFile', file('fixtures/sim/long.claw.yaml')));
    const c = api.session.controller!;
    await waitFor('long-sim running', () => c.job(long.id)?.state === 'running');
    await waitFor('long-sim under Running in the view', async () => (await jobTreeLabels()).get('Running')?.includes('long-sim'));
    const item = api.views.jobs.provider.getTreeItem(api.views.jobs.provider.getChildren(api.views.jobs.provider.getChildren()[0]).find((n) => 'job' in n && n.job.id === long.id)!);
    assert.match(String(item.contextValue), /\bcancellable\b/);
    assert.match(String(item.description), /^#\d+ · 4 GPUs · \d+%/);
    if (hasHarness) await screenshot('sidebar-jobs-running');
    // Without a "yes" nothing is cancelled. (An extension test window refuses modal dialogs, so the
    // confirmation cannot be clicked here: the refusal stands in for "No".)
    const unanswered = await Promise.resolve(vscode.commands.executeCommand('openclaw.job.cancel', long.id)).catch(() => false);
    assert.notEqual(unanswered, true);
    // Still running (or pausing for a checkpoint, as a simulated run now does): not cancelled.
    assert.match(String(c.job(long.id)?.state), /^(running|checkpointing)$/);
    assert.equal(await vscode.commands.executeCommand('openclaw.job.cancel', long.id, { confirm: false }), true);
    await waitFor('long-sim cancelled', () => c.job(long.id)?.state === 'cancelled');
    await waitFor('long-sim under Cancelled', async () => (await jobTreeLabels()).get('Cancelled')?.includes('long-sim'));
    const restarted = await vscode.commands.executeCommand<JobRecord>('openclaw.job.restart', long.id);
    assert.ok(restarted);
    await waitFor('the restarted job running', () => c.job(restarted.id)?.state === 'running');
    await waitFor('the status bar counting its devices', () => api.statusBar.counts().free === 60);
    if (hasHarness) {
      await vscode.commands.executeCommand('openclaw.cluster.focus');
      await screenshot('sidebar-cluster-jobs-checkpoints');
    }
    await c.cancel(restarted.id);
  });
  it('shows jobs in every stage, the cluster with its busy devices and the checkpoints together', async () => {
    const api = await openclaw();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('openclaw.jobs.focus');
    const launched: JobRecord[] = [];
    for (const f of ['fixtures/sim/long.claw.yaml', 'fixtures/sim/quick.claw.yaml', 'fixtures/sim/too-big.claw.yaml']) {
      launched.push((await vscode.commands.executeCommand<JobRecord>('openclaw.launchFile', file(f))));
    }
    const c = api.session.controller!;
    try {
      const big = launched[2];
      const waiting = await waitFor('too-big queued with a reason', () => {
        const j = c.job(big!.id);
        return j?.state === 'queued' && j.waitReason ? j : undefined;
      });
      const groups = await waitFor('running and queued groups', async () => {
        const g = await jobTreeLabels();
        return g.get('Queued')?.includes('too-big') && g.get('Running')?.includes('long-sim') ? g : undefined;
      });
      assert.ok(groups.size >= 2);
      const bigItem = api.views.jobs.provider.getChildren().flatMap((g) => api.views.jobs.provider.getChildren(g)).find((n) => 'job' in n && n.job.id === big!.id)!;
      assert.match(String(api.views.jobs.provider.getTreeItem(bigItem).description), new RegExp(`72 GPUs · .*${waiting.waitReason!.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      if (hasHarness) {
        await vscode.commands.executeCommand('workbench.action.focusSideBar');
        for (let i = 0; i < 5; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
        const where = c.job(launched[0]!.id)!.placement[0];
        api.views.cluster.provider.refresh();
        const busyNode = api.views.cluster.provider.getChildren().find((n) => 'node' in n && n.node.name === where!.node)!;
        const device = api.views.cluster.provider.getChildren(busyNode).find((d) => 'device' in d && d.device.index === where!.devices[0])!;
        // The simulator keeps the tree changing: reveal until the row is drawn.
        await waitFor('a device with its job in the Cluster view', async () => {
          await api.views.cluster.view.reveal(device, { expand: true, select: false, focus: false }).then(undefined, () => undefined);
          return / · 80 GiB · long-sim/.test(await sidebarText());
        }, 30_000, 500);
        const ck = api.views.checkpoints.provider;
        const withCkpts = (await ck.getChildren()).find((e) => 'job' in e && e.job.lastCheckpoint !== undefined);
        if (withCkpts) {
          const first = (await ck.getChildren(withCkpts))[0];
          // Only for the picture: the tree may change under the reveal.
          if (first) await api.views.checkpoints.view.reveal(first, { expand: true, select: false, focus: false }).then(undefined, () => undefined);
        }
        await screenshot('sidebar-overview');
      }
    } finally {
      // The queued job would hold the FIFO queue's head for the suites after this one.
      for (const j of launched) if (!['succeeded', 'failed', 'cancelled'].includes(c.job(j.id)!.state)) await c.cancel(j.id);
    }
  });
});
