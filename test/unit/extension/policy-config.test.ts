// The policy folder's tsconfig.json that lets the editor resolve "openclaw/policy": written when
// missing, merged into a config of the user's own (comments kept), repaired when the extension
// moved, and left alone when a config further up maps the module already.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'jsonc-parser/lib/esm/main.js';
import { ensurePolicyConfig, isPolicySource, policyFolder } from '../../../src/extension/policies/policy-config';

interface Config {
  compilerOptions: { strict?: boolean; paths?: Record<string, string[]> };
}

describe('extension/policy folder tsconfig (policies/policy-config)', () => {
  let dir: string;
  let ws: string;
  let types: string;
  const policy = 'import { definePolicy } from "openclaw/policy";\nexport default definePolicy({ name: "p", schedule() {} });\n';
  const read = (p: string) => parse(readFileSync(p, 'utf8')) as Config;
  const write = (rel: string, text: string) => {
    mkdirSync(join(ws, rel, '..'), { recursive: true });
    writeFileSync(join(ws, rel), text);
    return join(ws, rel);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'openclaw-policy-config-'));
    ws = join(dir, 'ws');
    types = join(dir, 'ext', 'dist', 'types', 'policy.d.ts');
    mkdirSync(join(dir, 'ext', 'dist', 'types'), { recursive: true });
    writeFileSync(types, 'export {};\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('tells policy files by their import of the API', () => {
    assert.ok(isPolicySource(policy));
    assert.ok(isPolicySource("import type { JobView } from 'openclaw';"));
    assert.ok(isPolicySource("const { bestFit } = require('openclaw/policy');"));
    assert.ok(!isPolicySource("import { x } from 'openclaw-other';\nimport y from './openclaw/policy';"));
    assert.ok(!isPolicySource('export const policies = ["openclaw/policy"];'));
  });

  it('serves a helper in a subfolder from the nearest policies folder', () => {
    assert.equal(policyFolder(join(ws, 'policies', 'lib', 'helper.ts'), ws), join(ws, 'policies'));
    assert.equal(policyFolder(join(ws, 'sched', 'mine.ts'), ws), join(ws, 'sched'));
  });

  it('writes a tsconfig.json beside policies that have none, mapping both names to the shipped types', () => {
    const file = write('policies/mine.ts', policy);
    const r = ensurePolicyConfig(file, ws, types);
    assert.deepEqual(r, { action: 'created', config: join(ws, 'policies', 'tsconfig.json') });
    const c = read(r.config);
    assert.deepEqual(c.compilerOptions.paths, { 'openclaw/policy': [types], openclaw: [types] });
    assert.equal(c.compilerOptions.strict, true);
    assert.equal(ensurePolicyConfig(file, ws, types).action, 'unchanged');
    // A helper in a subfolder is served by the same config.
    assert.equal(ensurePolicyConfig(write('policies/lib/helper.ts', policy), ws, types).action, 'unchanged');
  });

  it('merges the paths into the folder\'s own config, keeping its comments and options', () => {
    const config = write('policies/tsconfig.json', '{\n    // mine\n    "compilerOptions": {\n        "strict": false,\n        "paths": { "@lib/*": ["./lib/*"] }\n    }\n}\n');
    const r = ensurePolicyConfig(write('policies/mine.ts', policy), ws, types);
    assert.deepEqual(r, { action: 'updated', config });
    const text = readFileSync(config, 'utf8');
    assert.match(text, /^\{\n {4}\/\/ mine\n {4}"compilerOptions": \{\n {8}"strict": false,\n {8}"paths": \{\n {12}"@lib\/\*": \[/);
    const c = read(config);
    assert.equal(c.compilerOptions.strict, false);
    assert.deepEqual(c.compilerOptions.paths, { '@lib/*': ['./lib/*'], 'openclaw/policy': [types], openclaw: [types] });
  });

  it('repairs a path the extension moved away from, and keeps a mapping of the user\'s own that resolves', () => {
    const config = write('policies/tsconfig.json', JSON.stringify({ compilerOptions: { paths: { 'openclaw/policy': ['/gone/openclaw-0.0.9/dist/types/policy.d.ts'], openclaw: ['./vendor/policy.d.ts'] } } }, null, 2));
    write('policies/vendor/policy.d.ts', 'export {};\n');
    assert.equal(ensurePolicyConfig(write('policies/mine.ts', policy), ws, types).action, 'updated');
    assert.deepEqual(read(config).compilerOptions.paths, { 'openclaw/policy': [types], openclaw: ['./vendor/policy.d.ts'] });
  });

  it('leaves alone a config further up that maps the API already, and writes its own beside policies under one that does not', () => {
    write('tsconfig.json', JSON.stringify({ compilerOptions: { paths: { 'openclaw/policy': ['./src/scheduler/index.ts'] } } }));
    const file = write('examples/policies/mine.ts', policy);
    assert.deepEqual(ensurePolicyConfig(file, ws, types), { action: 'covered', config: join(ws, 'tsconfig.json') });
    write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true } }));
    assert.equal(ensurePolicyConfig(file, ws, types).action, 'created');
    assert.deepEqual(read(join(ws, 'examples/policies/tsconfig.json')).compilerOptions.paths?.openclaw, [types]);
  });

  it('does not give paths to a config that extends another (they would hide the base\'s), nor rewrite one that is not JSON', () => {
    const extending = write('policies/tsconfig.json', '{ "extends": "../tsconfig.base.json" }\n');
    const r = ensurePolicyConfig(write('policies/mine.ts', policy), ws, types);
    assert.equal(r.action, 'manual');
    assert.match(r.message ?? '', /extends another config.*"openclaw\/policy": \[/);
    assert.equal(readFileSync(extending, 'utf8'), '{ "extends": "../tsconfig.base.json" }\n');
    writeFileSync(extending, '{ "compilerOptions": { ');
    assert.equal(ensurePolicyConfig(join(ws, 'policies/mine.ts'), ws, types).action, 'manual');
  });
});
