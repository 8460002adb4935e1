/**
 * A Python script without a spec: the CodeLens above its main block, the guided flow answered with
 * the keyboard in the real quick input, the spec written beside the script, and the launch.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import type { JobRecord } from '../../../src/core/job';
import { file, hasHarness, keys, openclaw, screenshot, textOf, waitFor } from '../support';

describe('launching a Python script', function () {
  this.timeout(120_000);
  const script = () => file('fixtures/script/toy_train.py');
  const spec = () => file('fixtures/script/toy_train.claw.yaml');

  after(() => rmSync(spec().fsPath, { force: true }));

  it('offers Launch and New Job Spec above `if __name__ == "__main__":`', async () => {
    await openclaw();
    const doc = await vscode.workspace.openTextDocument(script());
    await vscode.window.showTextDocument(doc);
    const lenses = await waitFor('the CodeLens on the main guard', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', script());
      return l?.length ? l : undefined;
    });
    const mainLine = doc.getText().split('\n').findIndex((l) => l.startsWith('if __name__'));
    assert.ok(lenses.every((l) => l.range.start.line === mainLine), 'on the main guard line');
    assert.deepEqual(lenses.map((l) => l.command?.command), ['openclaw.launchFile', 'openclaw.createSpec']);
    assert.match(lenses[0]!.command!.title, /Launch with OpenClaw/);
  });

  it('asks framework, nodes, processes, devices and checkpoint folder, and writes the spec beside the script', async function () {
    if (!hasHarness) this.skip(); // the answers are typed into the real quick input
    const pending = vscode.commands.executeCommand<vscode.Uri>('openclaw.createSpec', script());
    await waitFor('the framework question', async () => /New Job Spec \(1\/5\)/.test(await textOf('.quick-input-widget')));
    await screenshot('wizard-framework');
    await keys({ type: 'plain' }, { press: 'Enter' }); // framework: filter to "Plain"
    await waitFor('the nodes question', async () => /New Job Spec \(2\/5\)/.test(await textOf('.quick-input-widget')));
    await keys({ press: 'Enter' }); // 1 node
    await waitFor('the processes question', async () => /New Job Spec \(3\/5\)/.test(await textOf('.quick-input-widget')));
    await keys({ press: 'Control+a' }, { type: '2' }, { press: 'Enter' });
    await waitFor('the devices question', async () => /New Job Spec \(4\/5\)/.test(await textOf('.quick-input-widget')));
    await keys({ press: 'Enter' }); // 0: CPUs
    await waitFor('the checkpoint question', async () => /New Job Spec \(5\/5\)/.test(await textOf('.quick-input-widget')));
    await keys({ press: 'Control+a' }, { type: 'ckpt' }, { press: 'Enter' });
    const written = await pending;
    assert.equal(written?.fsPath, spec().fsPath);
    const value = parse(readFileSync(spec().fsPath, 'utf8'));
    assert.deepEqual(value, {
      name: 'toy_train',
      command: ['python3', 'toy_train.py'],
      launcher: 'plain',
      resources: { nodes: 1, processesPerNode: 2, gpusPerProcess: 0 },
      checkpoint: { dir: 'ckpt' },
      maxRestarts: 2,
    });
  });

  it('launches the script with the spec beside it', async function () {
    if (!hasHarness) this.skip();
    const api = await openclaw();
    const job = await vscode.commands.executeCommand<JobRecord>('openclaw.launchFile', script());
    assert.ok(job);
    assert.equal(job.spec.name, 'toy_train');
    assert.equal(job.specPath, spec().fsPath);
    assert.equal(vscode.languages.getDiagnostics(spec()).length, 0, 'the written spec is valid');
    await waitFor('the job to run', () => ['running', 'succeeded'].includes(api.session.controller!.job(job.id)!.state));
    await api.session.controller!.cancel(job.id);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
