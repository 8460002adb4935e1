// The panel commands are registered at activation from a fixed list and bound to their hosts when
// the panels' bundle loads: a command missing from the list would never reach its host.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const dir = join(root, 'src/extension/webviews');

function listed(): string[] {
  const text = readFileSync(join(dir, 'commands.ts'), 'utf8');
  const block = /PANEL_COMMANDS = \[([\s\S]*?)\]/.exec(text);
  assert.ok(block, 'PANEL_COMMANDS not found');
  return [...block[1].matchAll(/'([^']+)'/g)].map((m) => m[1]).sort();
}

function registeredByHosts(): string[] {
  const ids: string[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'commands.ts')) {
    const text = readFileSync(join(dir, f), 'utf8');
    for (const m of text.matchAll(/commands\.register\(\s*'([^']+)'/g)) ids.push(m[1]);
    assert.ok(!/vscode\.commands\.registerCommand\(/.test(text), `${f} registers a command directly; use the registrar`);
  }
  return ids.sort();
}

describe('panel commands', () => {
  it('lists exactly the commands the panel hosts register', () => {
    assert.deepEqual(listed(), registeredByHosts());
  });

  it('declares every panel command in the manifest', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { commands: Array<{ command: string }> } };
    const declared = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const id of listed()) assert.ok(declared.has(id), `${id} is not in contributes.commands`);
  });
});
