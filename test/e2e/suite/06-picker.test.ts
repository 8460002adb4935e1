/** The cluster picker: the local simulator first, the workspace's cluster files, the other presets; the status bar follows. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hasHarness, keys, openclaw, screenshot, textOf, waitFor } from '../support';

describe('cluster picker', function () {
  this.timeout(60_000);

  it('lists the simulator presets and the workspace cluster files, and switches to the one picked', async function () {
    if (!hasHarness) this.skip(); // picked with the keyboard in the real quick pick
    const api = await openclaw();
    await api.session.disconnect();
    const pending = vscode.commands.executeCommand<{ label: string }>('openclaw.selectCluster');
    const text = await waitFor('the picker', async () => {
      const t = await textOf('.quick-input-widget');
      return /Simulator: dgx-a100/.test(t) && /Simulator: gavel/.test(t) ? t : undefined;
    });
    assert.match(text, /Local simulator/);
    assert.match(text, /clusters\/dgx-a100\.cluster\.yaml/);
    assert.match(text, /Cluster files/);
    assert.ok(text.indexOf('Simulator: dgx-a100') < text.indexOf('Cluster files'), 'the simulator comes first');
    await screenshot('cluster-picker');
    await keys({ type: 'Simulator: gavel' }, { press: 'Enter' });
    const connection = await pending;
    assert.equal(connection?.label, 'Simulator (gavel)');
    assert.deepEqual(api.statusBar.counts(), { free: 108, total: 108, nodes: 108, down: 0 });
    const status = await waitFor('the status bar', async () => {
      const t = await textOf('.part.statusbar');
      return /Simulator \(gavel\)[^]*108\/108 free/.test(t) ? t : undefined;
    });
    assert.ok(status);
    await api.session.disconnect();
  });
});
