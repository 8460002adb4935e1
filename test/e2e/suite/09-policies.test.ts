/**
 * Policy files in a real VS Code: an example policy opened from the workspace resolves
 * `openclaw/policy` through the types shipped with the extension (TypeScript's own language service:
 * no "Cannot find module", hovers and completions with the API's types), and "OpenClaw: New Policy"
 * writes a policy that the policy loader loads and the simulator runs.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DebugPolicyRun } from '../../../src/extension/webviews/policy-debug';
import { file, hasHarness, openclaw, screenshot, textOf, waitFor } from '../support';

function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

function positionOf(doc: vscode.TextDocument, text: string, offset = 0): vscode.Position {
  const at = doc.getText().indexOf(text);
  assert.ok(at >= 0, `"${text}" is in ${doc.fileName}`);
  return doc.positionAt(at + offset);
}

const code = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);

describe('policy files', function () {
  this.timeout(240_000);

  before(async () => {
    await openclaw();
  });

  it('resolve "openclaw/policy" with its types in the editor: no ts2307, hover and completion from the API', async () => {
    const uri = file('policies/smallest-first.ts');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    await waitFor('the policies folder\'s tsconfig.json', () => existsSync(file('policies/tsconfig.json').fsPath));
    assert.match(readFileSync(file('policies/tsconfig.json').fsPath, 'utf8'), /"openclaw\/policy": \[".*\/dist\/types\/policy\.d\.ts"\]/);

    // TypeScript's server starts, loads the project and answers: the hover is the proof it resolved the module.
    const define = positionOf(doc, 'import { definePolicy', 'import { '.length + 2);
    const hover = await waitFor(
      'a hover on definePolicy with its type from the shipped declarations',
      async () => {
        const t = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, define));
        if (!/function definePolicy<P extends Policy>\(policy: P\): P/.test(t)) throw new Error(`the hover says: ${t || 'nothing'}`);
        return t;
      },
      180_000,
      1000,
    );
    assert.ok(hover);
    const errors = await waitFor(
      'the diagnostics without ts2307',
      () => {
        const all = vscode.languages.getDiagnostics(uri);
        return all.some((d) => code(d) === 2307) ? undefined : all;
      },
      60_000,
    );
    assert.deepEqual(errors.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => `${d.range.start.line + 1}: ${d.message}`), []);

    const gpus = positionOf(doc, 'job.request.gpus', 'job.request.'.length);
    assert.match(hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, gpus)), /\(property\) JobRequest\.gpus: number/);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, gpus);
    // Optional members are offered as "nodes?".
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label).replace(/\?$/, ''));
    for (const member of ['gpus', 'nodes', 'gpusPerNode', 'deviceModel', 'deviceMemoryGiB']) assert.ok(labels.includes(member), `completion offers ${member}: ${labels.slice(0, 30).join(', ')}`);
    if (hasHarness) await screenshot('policy-file-types');
  });

  it('"OpenClaw: New Policy" writes policies/<name>.ts, opens it, and the policy runs in the simulator', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('openclaw.newPolicy', 'e2e-new-policy');
    try {
      assert.ok(uri, 'the command returns the new file');
      assert.equal(uri.fsPath, file('policies/e2e-new-policy.ts').fsPath);
      await waitFor('the new policy in the active editor', () => vscode.window.activeTextEditor?.document.uri.fsPath === uri.fsPath);
      if (hasHarness) await waitFor('the offer to debug it', async () => /Debug Policy in Simulator/.test(await textOf('.notifications-toasts')));
      assert.equal((await vscode.commands.executeCommand<vscode.Uri>('openclaw.newPolicy', 'e2e-new-policy')), undefined, 'an existing policy is not overwritten');

      const run = (await vscode.commands.executeCommand<DebugPolicyRun>('openclaw.debugPolicy', {
        policy: uri.fsPath,
        cluster: 'dgx-a100',
        workload: file('workloads/jobs-list.yaml').fsPath,
        timeTravel: false,
      }))!;
      assert.ok(run.started, 'the debug session started');
      await Promise.race([run.ended, new Promise((_r, reject) => setTimeout(() => reject(new Error('the run did not end in 120 s')), 120_000))]);
      const report = JSON.parse(readFileSync(join(run.out, 'report.json'), 'utf8')) as { policy: string; jobs: number; completed: number };
      assert.equal(report.policy, 'e2e-new-policy');
      assert.ok(report.jobs > 0);
      assert.equal(report.completed, report.jobs);
    } finally {
      await vscode.commands.executeCommand('notifications.clearAll');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      rmSync(file('policies/e2e-new-policy.ts').fsPath, { force: true });
    }
  });
});
