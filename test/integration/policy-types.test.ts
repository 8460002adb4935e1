/**
 * The policy API's declarations as the product ships them (dist/types/, copied to a folder where no
 * node_modules can be reached): TypeScript type-checks the example policies and the New Policy
 * template against them through the tsconfig.json the extension writes beside policies, checks the
 * declarations themselves (no skipLibCheck: they import nothing a user's workspace lacks), and
 * catches a wrong call of the API (the types are real, not `any`).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensurePolicyConfig } from '../../src/extension/policies/policy-config';
import { policyTemplate } from '../../src/extension/policies/template';

const root = join(__dirname, '..', '..');
// The types `npm test` builds; OPENCLAW_TEST_DIST points elsewhere (a copy, while others rebuild dist/).
const DIST = process.env.OPENCLAW_TEST_DIST ?? join(root, 'dist');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

describe('the shipped policy API types (dist/types)', function () {
  this.timeout(120_000);
  let dir: string;
  let policies: string;
  let types: string;

  function check(...extra: string[]): { code: number; out: string } {
    const r = spawnSync(process.execPath, [tsc, '-p', policies, '--noEmit', '--pretty', 'false', ...extra], { encoding: 'utf8', timeout: 90_000 });
    return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
  }

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'openclaw-policy-types-'));
    for (let d = dir; ; d = dirname(d)) {
      assert.ok(!existsSync(join(d, 'node_modules')), `${join(d, 'node_modules')} would be reachable from the copy`);
      if (dirname(d) === d) break;
    }
    assert.ok(existsSync(join(DIST, 'types', 'policy.d.ts')), `${join(DIST, 'types', 'policy.d.ts')} is missing: build first (node scripts/build.mjs)`);
    cpSync(join(DIST, 'types'), join(dir, 'extension', 'dist', 'types'), { recursive: true });
    types = join(dir, 'extension', 'dist', 'types', 'policy.d.ts');
    policies = join(dir, 'workspace', 'policies');
    cpSync(join(root, 'examples', 'policies'), policies, { recursive: true });
    writeFileSync(join(policies, 'my-policy.ts'), policyTemplate('my-policy'));
    const r = ensurePolicyConfig(join(policies, 'smallest-first.ts'), join(dir, 'workspace'), types);
    assert.equal(r.action, 'created');
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('import nothing from outside dist/types', () => {
    for (const f of readdirSync(join(dir, 'extension', 'dist', 'types'), { recursive: true }).map(String).filter((f) => f.endsWith('.d.ts'))) {
      const text = readFileSync(join(dir, 'extension', 'dist', 'types', f), 'utf8');
      for (const m of text.matchAll(/^(?:import|export)\b[^\n]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]/gm)) assert.ok((m[1] ?? m[2])!.startsWith('.'), `${f} imports "${m[1] ?? m[2]}"`);
    }
  });

  it('type-check the example policies and the New Policy template with `tsc --noEmit`', () => {
    const r = check();
    assert.equal(r.code, 0, r.out);
    // And the declarations themselves, as a stricter user config would.
    const strict = check('--skipLibCheck', 'false');
    assert.equal(strict.code, 0, strict.out);
  });

  it('report a wrong use of the API in a policy file, with the API\'s own types', () => {
    mkdirSync(join(policies, 'broken'), { recursive: true });
    writeFileSync(
      join(policies, 'broken', 'wrong.ts'),
      ['import { definePolicy } from "openclaw/policy";', 'export default definePolicy({', '  name: "wrong",', '  schedule({ waiting, plan }) {', '    for (const job of waiting) plan.place(job, job.request.gpus, "all of them");', '  },', '});', ''].join('\n'),
    );
    try {
      const r = check();
      assert.equal(r.code, 2, r.out);
      assert.match(r.out, /broken\/wrong\.ts\(5,48\): error TS2345: Argument of type 'number' is not assignable to parameter of type 'readonly number\[\]'/);
      assert.doesNotMatch(r.out, /TS2307/);
    } finally {
      rmSync(join(policies, 'broken'), { recursive: true, force: true });
    }
  });
});
