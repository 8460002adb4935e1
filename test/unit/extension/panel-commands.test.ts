// The panel commands are registered at activation from a fixed list and bound to their hosts when
// the panels' bundle loads: a command missing from the list would never reach its host.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PANEL_COMMANDS, PANEL_VIEW_TYPES } from '../../../src/extension/webviews/panel-commands';

const root = join(__dirname, '..', '..', '..');
const dir = join(root, 'src/extension/webviews');

function listed(): string[] {
  return [...PANEL_COMMANDS].sort();
}

function registeredByHosts(): string[] {
  const ids: string[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'commands.ts' && f !== 'panel-commands.ts')) {
    const text = readFileSync(join(dir, f), 'utf8');
    for (const m of text.matchAll(/commands\.register\(\s*'([^']+)'/g)) ids.push(m[1]!);
    assert.ok(!/vscode\.commands\.registerCommand\(/.test(text), `${f} registers a command directly; use the registrar`);
  }
  return ids.sort();
}

describe('panel commands', () => {
  it('lists exactly the commands the panel hosts register', () => {
    assert.deepEqual(listed(), registeredByHosts());
  });

  it('keeps the activation stubs and the hosts apart: no host imports the stubs, which load the hosts', () => {
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'commands.ts')) {
      assert.ok(!/from '\.\/commands'/.test(readFileSync(join(dir, f), 'utf8')), `${f} imports commands.ts`);
    }
  });

  it('restores every panel type after a window reload: a serializer per type, its activation event, and a host restoring it', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { activationEvents: string[] };
    const opened: string[] = [];
    const restored: string[] = [];
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(dir, f), 'utf8');
      for (const m of text.matchAll(/viewType: '([^']+)'/g)) opened.push(m[1]!);
      for (const m of text.matchAll(/commands\.restore\(\s*'([^']+)'/g)) restored.push(m[1]!);
    }
    const types = Object.values(PANEL_VIEW_TYPES).sort();
    assert.deepEqual([...new Set(opened)].sort(), types, 'every panel the hosts open has a serializer');
    assert.deepEqual(restored.sort(), types, 'every panel type has a host that restores it');
    for (const t of types) assert.ok(manifest.activationEvents.includes(`onWebviewPanel:${t}`), `onWebviewPanel:${t} is not an activation event`);
  });

  it('declares every panel command in the manifest', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { commands: Array<{ command: string }> } };
    const declared = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const id of listed()) assert.ok(declared.has(id), `${id} is not in contributes.commands`);
  });
});
