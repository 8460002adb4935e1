/**
 * The webview panels in a real VS Code: each opens from its command and its page loads under the
 * panel's CSP and says `ready` through the typed protocol; and "Debug Policy in Simulator" stops at a
 * breakpoint in the user's policy file (examples/policies/), then opens the run's time travel.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { JobRecord } from '../../../src/core/job';
import type { DebugPolicyRun } from '../../../src/extension/webviews/policy-debug';
import { file, hasHarness, openclaw, screenshot, waitFor } from '../support';

interface Host {
  panel: vscode.WebviewPanel;
  isReady: boolean;
}

function webviewTab(viewType: string, label?: RegExp): vscode.Tab | undefined {
  for (const g of vscode.window.tabGroups.all)
    for (const t of g.tabs) if (t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(viewType) && (!label || label.test(t.label))) return t;
  return undefined;
}

async function opened(host: Host | undefined, viewType: string, label: RegExp): Promise<void> {
  assert.ok(host, 'the command returns the panel host');
  await waitFor(`the ${viewType} page to say ready`, () => host.isReady);
  // The new panel is the active tab of its group, with its label.
  const tab = await waitFor(`an active ${viewType} tab labelled ${label}`, () => {
    const t = vscode.window.tabGroups.activeTabGroup.activeTab;
    return t && t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(viewType) && label.test(t.label) ? t : undefined;
  });
  assert.ok(tab.isActive);
  assert.equal(host.panel.viewType, viewType);
}

describe('webviews', function () {
  this.timeout(180_000);
  let run: DebugPolicyRun;

  before(async () => {
    await openclaw();
    await vscode.commands.executeCommand('openclaw.startSimulator');
  });

  it('opens the device map from its command', async () => {
    const host = await vscode.commands.executeCommand<Host>('openclaw.showDeviceMap');
    await opened(host, 'openclaw.deviceMap', /Device Map/);
    if (hasHarness) await screenshot('webview-device-map-in-vscode');
  });

  it('opens a job\'s detail from its command, and the map focused on the job from "Show on Device Map"', async () => {
    const job = await vscode.commands.executeCommand<JobRecord>('openclaw.launchFile', file('fixtures/sim/long.claw.yaml'));
    assert.ok(job);
    const host = await vscode.commands.executeCommand<Host>('openclaw.showJobDetail', job.id);
    await opened(host, 'openclaw.jobDetail', new RegExp(`Job ${job.spec.name}`));
    if (hasHarness) await screenshot('webview-job-detail-in-vscode');
    await vscode.commands.executeCommand('openclaw.job.showOnDeviceMap', job.id);
    await waitFor('the device map in front', () => webviewTab('openclaw.deviceMap')?.isActive);
  });

  it('stops at a breakpoint in an example policy under "Debug Policy in Simulator"', async () => {
    const policy = file('policies/smallest-first.ts');
    const source = readFileSync(policy.fsPath, 'utf8').split('\n');
    const line = source.findIndex((l) => l.includes('topologyAware(cluster, job.request)'));
    assert.ok(line > 0, 'the example policy has the line to break on');
    const js = vscode.extensions.all.find((e) => e.id === 'ms-vscode.js-debug');
    assert.ok(js, 'VS Code\'s JavaScript debugger (ms-vscode.js-debug) is built in');
    const bp = new vscode.SourceBreakpoint(new vscode.Location(policy, new vscode.Position(line, 0)));
    vscode.debug.addBreakpoints([bp]);
    const stops: Array<{ session: vscode.DebugSession; threadId: number }> = [];
    const output: string[] = [];
    let released = false;
    const tracker = vscode.debug.registerDebugAdapterTrackerFactory('*', {
      createDebugAdapterTracker: (session) => ({
        onDidSendMessage: (m: { type?: string; event?: string; body?: { reason?: string; threadId?: number; output?: string } }) => {
          if (m.type === 'event' && m.event === 'stopped') {
            // Once the first stop is checked, later ones (the same line again, before the removal of
            // the breakpoint reaches the debugger) are let go.
            if (released) void session.customRequest('continue', { threadId: m.body?.threadId ?? 0 }).then(undefined, () => undefined);
            else if (m.body?.reason === 'breakpoint') stops.push({ session, threadId: m.body.threadId ?? 0 });
          }
          if (m.type === 'event' && m.event === 'output' && m.body?.output) output.push(m.body.output);
        },
      }),
    });
    try {
      // Nothing beside the bundles: the policy compiler is inside dist/sim-debug.js.
      run = (await vscode.commands.executeCommand<DebugPolicyRun>('openclaw.debugPolicy', {
        policy: policy.fsPath,
        cluster: 'dgx-a100',
        workload: file('workloads/jobs-list.yaml').fsPath,
      }))!;
      assert.ok(run.started, 'the debug session started');
      const stop = await waitFor('the breakpoint in the policy to be hit', () => stops[0], 120_000);
      const trace = (await stop.session.customRequest('stackTrace', { threadId: stop.threadId, startFrame: 0, levels: 40 })) as { stackFrames: Array<{ name: string; line: number; source?: { path?: string; name?: string } }> };
      // In code-server the debugger names sources by their remote URI.
      const where = (f: { source?: { path?: string } }) => (f.source?.path ?? '').replace(/^vscode-remote:\/\/[^/]+/, '');
      const top = trace.stackFrames[0];
      assert.equal(where(top!), policy.fsPath, 'stopped in the user\'s own file (source map applied)');
      assert.equal(top!.line, line + 1);
      // Below the policy, the simulator's frames by their own names in their own sources (the bundle
      // ships unminified, with its source map), not "xi.runRound" in dist/sim-debug.js.
      const below = trace.stackFrames.slice(1).map((f) => `${f.name} at ${where(f)}:${f.line}`);
      assert.ok(below.some((f) => /^Scheduler\.runRound at .*\/src\/scheduler\/scheduler\.ts:\d+$/.test(f)), below.join('\n'));
      assert.ok(below.some((f) => /^Simulation\.step at .*\/simulator\/simulation\.ts:\d+$/.test(f)), below.join('\n'));
      if (hasHarness) await screenshot('policy-debugger-breakpoint');
      vscode.debug.removeBreakpoints([bp]);
      released = true;
      await stop.session.customRequest('continue', { threadId: stop.threadId });
      const timeTravel = (await Promise.race([run.ended, new Promise<undefined>((r) => setTimeout(r, 120_000))])) as Host | undefined;
      assert.ok(timeTravel, `the run ended with its time travel open; the program said:\n${output.join('').slice(-3000)}`);
      await opened(timeTravel, 'openclaw.timeTravel', /Time Travel: smallest-first/);
      const unread = output.join('').split('\n').filter((l) => /Could not read source map/.test(l));
      assert.deepEqual(unread, [], 'the debugger read every source map it was given');
      if (hasHarness) await screenshot('webview-time-travel-in-vscode');
    } finally {
      tracker.dispose();
      vscode.debug.removeBreakpoints([bp]);
    }
  });

  it('opens the simulation report of that run from its command', async () => {
    assert.ok(run, 'the debugger test wrote a report');
    const host = await vscode.commands.executeCommand<Host>('openclaw.openSimReport', vscode.Uri.file(join(run.out, 'report.json')));
    await opened(host, 'openclaw.simReport', /Simulation: smallest-first/);
    if (hasHarness) await screenshot('webview-sim-report-in-vscode');
  });

  it('compares built-in policies in the simulator and opens their report', async () => {
    const host = await vscode.commands.executeCommand<Host>('openclaw.comparePolicies', {
      cluster: 'dgx-a100',
      workload: file('workloads/jobs-list.yaml').fsPath,
      policies: ['fifo', 'las'],
    });
    await opened(host, 'openclaw.simReport', /Simulation: fifo vs las/);
    if (hasHarness) await screenshot('webview-compare-policies-in-vscode');
  });

  it('opens the time travel of an event log from its command', async () => {
    const host = await vscode.commands.executeCommand<Host>('openclaw.openTimeTravel', vscode.Uri.file(join(run.out, 'events.jsonl')));
    await opened(host, 'openclaw.timeTravel', /Time Travel/);
  });
});
