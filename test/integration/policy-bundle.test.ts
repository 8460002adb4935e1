/**
 * User policies as the product ships: the bundles of dist/ copied to a folder where no node_modules
 * can be reached and NODE_PATH is unset (as in an installed .vsix) compile and run a TypeScript
 * policy with its own imports, and its errors still name the user's file and line.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CLI_BUNDLES } from './cli-copy';

const root = join(__dirname, '..', '..');
// The bundles `npm test` builds; OPENCLAW_TEST_DIST points elsewhere (a copy, while others rebuild dist/).
const DIST = process.env.OPENCLAW_TEST_DIST ?? join(root, 'dist');
const BUNDLES = [...CLI_BUNDLES, 'sim-debug.js', 'extension-runtime.js'];

describe('user policies in the shipped bundles (no node_modules)', function () {
  this.timeout(120_000);
  let dir: string;
  let env: NodeJS.ProcessEnv;

  function node(args: string[]): { code: number; out: string; err: string } {
    const r = spawnSync(process.execPath, args, { cwd: join(dir, 'workspace'), env, encoding: 'utf8', timeout: 60_000 });
    return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
  }

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'openclaw-policy-bundle-'));
    for (let d = dir; ; d = dirname(d)) {
      assert.ok(!existsSync(join(d, 'node_modules')), `${join(d, 'node_modules')} would be reachable from the copy`);
      if (dirname(d) === d) break;
    }
    // The product's layout: dist/ with data/ beside it; the user's workspace elsewhere.
    mkdirSync(join(dir, 'product', 'dist'), { recursive: true });
    for (const b of BUNDLES) {
      assert.ok(existsSync(join(DIST, b)), `${join(DIST, b)} is missing: build first (node scripts/build.mjs)`);
      cpSync(join(DIST, b), join(dir, 'product', 'dist', b));
    }
    cpSync(join(root, 'data'), join(dir, 'product', 'data'), { recursive: true });
    cpSync(join(root, 'examples'), join(dir, 'workspace'), { recursive: true });
    env = { ...process.env };
    for (const k of ['NODE_PATH', 'NODE_OPTIONS']) delete env[k];
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs `openclaw sim --policy policies/smallest-first.ts` from dist/cli.js', () => {
    const r = node([join(dir, 'product/dist/cli.js'), 'sim', '--policy', 'policies/smallest-first.ts', '--cluster', 'dgx-a100', '--workload', 'workloads/jobs-list.yaml']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^smallest-first on dgx-a100 \(64 devices\), openclaw-jobs \(4 jobs\), seed 0\n {2}completed {4}4 \/ 4\n/);
  });

  it('names the user file and line where an imported helper threw, through the source map', () => {
    mkdirSync(join(dir, 'workspace/policies/lib'), { recursive: true });
    writeFileSync(join(dir, 'workspace/policies/lib/index.ts'), ['export function refuse(id: string): never {', '  // the second line', '  throw new Error(`no room for ${id}`);', '}', ''].join('\n'));
    writeFileSync(
      join(dir, 'workspace/policies/refuses.ts'),
      ['import { definePolicy, type JobView } from "openclaw/policy";', 'import { refuse } from "./lib";', 'export default definePolicy({', '  name: "refuses",', '  schedule({ waiting }) {', '    const first: JobView = waiting[0];', '    refuse(first.id);', '  },', '});', ''].join('\n'),
    );
    const r = node([join(dir, 'product/dist/cli.js'), 'sim', '--policy', 'policies/refuses.ts', '--cluster', 'dgx-a100', '--workload', 'workloads/jobs-list.yaml']);
    assert.equal(r.code, 1, r.out);
    assert.match(r.err, /policy "refuses" \(policies\/refuses\.ts\): threw Error: no room for resnet at policies\/lib\/index\.ts:3:9 \(rule: policy-threw\)/);
  });

  it('refuses an import of a package, naming the file and line (exit code 2)', () => {
    writeFileSync(join(dir, 'workspace/policies/imports-fs.ts'), 'import { definePolicy } from "openclaw/policy";\nimport { readFileSync } from "node:fs";\nexport default definePolicy({ name: "fs", schedule() { readFileSync("/etc/hostname"); } });\n');
    const r = node([join(dir, 'product/dist/cli.js'), 'sim', '--policy', 'policies/imports-fs.ts', '--cluster', 'dgx-a100', '--workload', 'workloads/jobs-list.yaml']);
    assert.equal(r.code, 2, r.out);
    assert.match(r.err, /--policy: policies\/imports-fs\.ts:2:1: a policy may import only "openclaw\/policy" and its own files, not "node:fs"/);
  });

  it('runs the policy under dist/sim-debug.js (what "Debug Policy in Simulator" starts)', () => {
    const out = join(dir, 'sim-debug-out');
    const r = node([join(dir, 'product/dist/sim-debug.js'), '--policy', 'policies/smallest-first.ts', '--cluster', 'dgx-a100', '--workload', 'workloads/jobs-list.yaml', '--out', out]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /smallest-first: 4\/4 jobs/);
    assert.ok(existsSync(join(out, 'report.json')));
  });

  it('gives the debugger no source in dist/sim-debug.js.map that looks like it has a source map of its own', () => {
    // VS Code's JavaScript debugger looks for a source-map comment in the text of every source of a
    // map, and says "Could not read source map for <that file>" on every run when it cannot load it.
    const map = JSON.parse(readFileSync(join(DIST, 'sim-debug.js.map'), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
    assert.ok(map.sources.some((s) => s.endsWith('src/controller/policy-modules.ts')));
    const looksMapped = map.sources.filter((_s, i) => /\/\/[#@][ \t]sourceMappingURL=/.test(map.sourcesContent?.[i] ?? ''));
    assert.deepEqual(looksMapped, []);
  });

  it('loads the policy through dist/extension-runtime.js (what the extension uses)', () => {
    const script = `require(${JSON.stringify(join(dir, 'product/dist/extension-runtime.js'))}).loadPolicyFile('policies/fast-gpus-for-wide-jobs.ts').then((p) => console.log(p.name + ' ' + typeof p.schedule), (e) => { console.error(e.message); process.exit(1); });`;
    const r = node(['-e', script]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.trim(), 'fast-gpus-for-wide-jobs function');
  });
});
