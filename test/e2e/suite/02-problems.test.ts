/** Invalid job specs: problems in the Problems panel at the right lines, and a launch that says why it can't. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { file, hasHarness, openclaw, screenshot, textOf, waitFor } from '../support';

describe('spec problems', () => {
  it('shows each problem of an invalid spec at its line and column', async () => {
    await openclaw();
    const uri = file('fixtures/bad/broken.claw.yaml');
    await vscode.window.showTextDocument(uri);
    const diags = await waitFor('diagnostics for broken.claw.yaml', () => {
      const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'openclaw');
      return d.length >= 2 ? d : undefined;
    });
    const byLine = diags.map((d) => [d.range.start.line + 1, d.range.start.character + 1, d.message] as const).sort((a, b) => a[0] - b[0]);
    assert.equal(byLine.length, 2);
    assert.deepEqual(byLine[0]!.slice(0, 2), [5, 10]);
    assert.match(byLine[0]![2], /resources\.nodes: expected a positive integer, got -1/);
    assert.deepEqual(byLine[1]!.slice(0, 2), [8, 12]);
    assert.match(byLine[1]![2], /timeLimit: expected a duration/);
    assert.ok(diags.every((d) => d.severity === vscode.DiagnosticSeverity.Error));
  });

  it('updates the problems as the spec is edited', async () => {
    const uri = file('fixtures/bad/broken.claw.yaml');
    const editor = await vscode.window.showTextDocument(uri);
    const original = editor.document.getText();
    assert.equal(editor.document.lineAt(4).text, '  nodes: -1');
    await editor.edit((e) => e.replace(new vscode.Range(4, 9, 4, 11), '2'));
    const diags = await waitFor('one problem left', () => {
      const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'openclaw');
      return d.length === 1 ? d : undefined;
    });
    assert.equal(diags[0]!.range.start.line + 1, 8);
    const all = new vscode.Range(0, 0, editor.document.lineCount, 0);
    await editor.edit((e) => e.replace(all, original));
    await editor.document.save();
    await waitFor('both problems back', () => vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'openclaw').length === 2);
  });

  it('refuses to launch an invalid spec and says why', async () => {
    const uri = file('fixtures/bad/broken.claw.yaml');
    const job = await vscode.commands.executeCommand('openclaw.launchFile', uri);
    assert.equal(job, undefined);
    if (hasHarness) {
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      const toast = await waitFor('the launch error', async () => {
        const t = await textOf('.notifications-toasts');
        return /Can't launch/.test(t) ? t : undefined;
      });
      assert.match(toast, /line 5: resources\.nodes: expected a positive integer, got -1 \(and 1 more\)/);
      const panel = await textOf('.part.panel');
      assert.match(panel, /resources\.nodes: expected a positive integer/);
      assert.match(panel, /\[Ln 5, Col 10\]/);
      await screenshot('problems');
      await vscode.commands.executeCommand('notifications.clearAll');
      await vscode.commands.executeCommand('workbench.action.closePanel');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
