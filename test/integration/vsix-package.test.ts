/** `npm run package`: a .vsix that installs into VS Code with only what it needs, under 5 MB. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_BUNDLES } from './cli-copy';

const root = join(__dirname, '..', '..');

describe('the .vsix package', function () {
  this.timeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'openclaw-vsix-'));
  const vsix = join(dir, 'openclaw.vsix');
  let output = '';
  let entries: { name: string; size: number }[] = [];

  before(async () => {
    const r = spawnSync(process.execPath, [join(root, 'scripts/package.mjs'), '--out', vsix], { cwd: root, encoding: 'utf8' });
    output = `${r.stdout}\n${r.stderr}`;
    assert.equal(r.status, 0, output.slice(-3000));
    const { listVsix } = await import(join(root, 'scripts/vsix-list.mjs'));
    entries = listVsix(vsix);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints its listing with sizes and the total', () => {
    assert.match(output, /extension\/dist\/extension\.js\s+\d+ B/);
    assert.match(output, /openclaw\.vsix: \d+ files, \d+\.\d\d MB compressed/);
  });

  it('is under 5 MB', () => {
    assert.ok(statSync(vsix).size < 5 * 1024 * 1024, `${statSync(vsix).size} bytes`);
  });

  it('holds the manifest, the bundles, the icons and the schemas', () => {
    const names = new Set(entries.map((e) => e.name));
    for (const f of ['extension/package.json', 'extension/dist/extension.js', ...CLI_BUNDLES.map((b) => `extension/dist/${b}`), 'extension/dist/agent.js', 'extension/media/icon.png', 'extension/media/openclaw.svg', 'extension/dist/proto/agent.proto', 'extension/data/gavel_simulation_throughputs.json', 'extension/dist/highs.js', 'extension/dist/highs.wasm.br']) {
      assert.ok(names.has(f), `missing ${f}`);
    }
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    for (const v of [...manifest.contributes.jsonValidation, ...manifest.contributes.yamlValidation]) {
      assert.ok(names.has(`extension/${v.url.replace(/^\.\//, '')}`), `schema ${v.url} is referenced but not packaged`);
    }
  });

  it('carries the licence, the data attributions and the notices of every bundled package', () => {
    const names = new Set(entries.map((e) => e.name));
    for (const f of ['extension/LICENSE.txt', 'extension/data/PROVENANCE.md', 'extension/dist/THIRD-PARTY-NOTICES.txt']) assert.ok(names.has(f), `missing ${f}`);
    const notices = readFileSync(join(root, 'dist/THIRD-PARTY-NOTICES.txt'), 'utf8');
    for (const pkg of ['zod@', 'lit@', '@grpc/grpc-js@', 'uplot@', '@vscode/codicons@', 'highs@']) assert.ok(notices.includes(`\n${pkg}`), `no notice for ${pkg}`);
  });

  it('holds no node_modules, tests, sources or source maps (but the policy debugger\'s)', () => {
    const shipped = (name: string) => /^extension\/dist\/types\/.*\.d\.ts$/.test(name) || name === 'extension/dist/sim-debug.js.map';
    const bad = entries.filter((e) => /node_modules\/|^extension\/(src|test|bench|simulator|agent|webview|examples|scripts)\/|\.ts$|\.map$|\.vsix$/.test(e.name) && !shipped(e.name));
    assert.deepEqual(bad.map((e) => e.name), []);
  });

  it('ships the policy API\'s types for policy files', () => {
    const names = new Set(entries.map((e) => e.name));
    for (const f of ['extension/dist/types/policy.d.ts', 'extension/dist/types/scheduler/index.d.ts', 'extension/dist/types/scheduler/api.d.ts']) assert.ok(names.has(f), `missing ${f}`);
  });

  it('ships the simulator the policy debugger runs readable: not minified, with its source map beside it', () => {
    assert.ok(entries.some((e) => e.name === 'extension/dist/sim-debug.js.map'), 'missing extension/dist/sim-debug.js.map');
    // The production build package.mjs just made: the debugger's call stack shows these names.
    const js = readFileSync(join(root, 'dist/sim-debug.js'), 'utf8');
    for (const name of [/\bScheduler = class\b/, /\n  runRound\(request\) \{/, /\bSimulation = class\b/, /\n  step\(\) \{/]) assert.ok(name.test(js), `dist/sim-debug.js has no ${name}`);
    assert.match(js, /\/\/# sourceMappingURL=sim-debug\.js\.map\n?$/);
  });
});
