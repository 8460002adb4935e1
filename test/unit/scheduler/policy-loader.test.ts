import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadPolicyFile, PolicyFileError } from '../../../src/controller/policy-loader';
import { ClusterState } from '../../../src/scheduler/cluster-state';
import { jobEntry } from '../../../src/scheduler/job-view';
import { PolicyError } from '../../../src/scheduler/policy-error';
import { Scheduler } from '../../../src/scheduler/scheduler';
import { shape } from './mini-driver';

let dir: string;
function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const cluster = () => ClusterState.fromShape(shape([{ name: 'v100', count: 2, model: 'v100', gpus: 4 }, { name: 'k80', count: 2, model: 'k80', gpus: 4 }]));
const round = (s: Scheduler, waiting = [jobEntry({ id: 'j1', arrival: 0, request: { gpus: 2 } })]) => s.round({ now: 0, trigger: 'arrival', waiting, running: [] });

function expectPolicyError(fn: () => unknown, rule: string, where: RegExp): PolicyError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof PolicyError, `expected a PolicyError, got ${String(caught)}`);
  assert.equal(caught.rule, rule, caught.message);
  assert.match(caught.message, where);
  return caught;
}

describe('scheduler/policy files (controller/policy-loader)', function () {
  this.timeout(30000);
  before(() => (dir = mkdtempSync(join(tmpdir(), 'openclaw-policy-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the smallest-first example: narrow, short jobs first, kept inside one node', async () => {
    const policy = await loadPolicyFile('examples/policies/smallest-first.ts');
    assert.equal(policy.name, 'smallest-first');
    const state = cluster();
    const s = new Scheduler(policy, state);
    const big = jobEntry({ id: 'big', arrival: 0, request: { gpus: 4 }, remainingSeconds: 10_000 });
    const small = jobEntry({ id: 'small', arrival: 1, request: { gpus: 2 }, remainingSeconds: 100 });
    const huge = jobEntry({ id: 'huge', arrival: 2, request: { gpus: 16 }, remainingSeconds: 50 });
    const r = round(s, [big, small, huge]);
    assert.deepEqual(r.placed.map((p) => p.job.id), ['small', 'big']);
    for (const p of r.placed) assert.equal(new Set(p.devices.map((d) => state.devices[d]!.node)).size, 1);
    assert.match(s.explain(huge, [huge]), /needs 16 × devices; a job runs on one device model and no model has 16 \(the most is 8\)/);
  });

  it('runs the fast-gpus-for-wide-jobs example: wide jobs on the fast model, single ones on a good-enough slower one', async () => {
    const policy = await loadPolicyFile('examples/policies/fast-gpus-for-wide-jobs.ts');
    const state = cluster();
    const s = new Scheduler(policy, state);
    const wide = jobEntry({ id: 'wide', arrival: 0, request: { gpus: 4 }, throughput: { v100: 4, k80: 1 } });
    const single = jobEntry({ id: 'single', arrival: 1, request: { gpus: 1 }, throughput: { v100: 4, k80: 2.5 } });
    const needy = jobEntry({ id: 'needy', arrival: 2, request: { gpus: 1 }, throughput: { v100: 4, k80: 1 } });
    const r = round(s, [wide, single, needy]);
    const model = (id: string) => state.devices[r.placed.find((p) => p.job.id === id)!.devices[0]!]!.model;
    assert.equal(model('wide'), 'v100');
    assert.equal(model('single'), 'k80');
    assert.equal(model('needy'), 'v100');
  });

  it('reports a compile error with file and line', async () => {
    const p = write('broken.ts', 'export default {\n  name: "x",\n  schedule(input) { return [ }\n};\n');
    await assert.rejects(loadPolicyFile(p), (e: unknown) => e instanceof PolicyFileError && e.line === 3 && /broken\.ts:3:\d+: /.test(e.message));
  });

  it('names the line of the user file where schedule() threw (through the source map)', async () => {
    const p = write(
      'throws.ts',
      [
        'import type { Policy, SchedulingInput } from "openclaw/policy";',
        'interface Note { text: string }',
        'const notes: Note[] = [];',
        'const policy: Policy = {',
        '  name: "thrower",',
        '  schedule(input: SchedulingInput) {',
        '    const job = input.waiting[0];',
        '    notes.push({ text: job.id });',
        '    throw new Error(`no room for ${job.id}`);',
        '  },',
        '};',
        'export default policy;',
      ].join('\n'),
    );
    const policy = await loadPolicyFile(p, { displayPath: 'policies/throws.ts' });
    const state = cluster();
    const e = expectPolicyError(() => round(new Scheduler(policy, state)), 'policy-threw', /policy "thrower": threw Error: no room for j1 at policies\/throws\.ts:9:\d+/);
    assert.ok(e.cause);
    assert.equal(state.freeCount(), 16, 'nothing applied');
  });

  it('names the line of a placement that breaks a rule', async () => {
    const p = write(
      'double.js',
      ['module.exports = {', '  name: "double",', '  schedule({ waiting, plan }) {', '    plan.place(waiting[0], [0, 1], "a");', '    plan.place(waiting[1], [1, 2], "b");', '  },', '};'].join('\n'),
    );
    const policy = await loadPolicyFile(p, { displayPath: 'double.js' });
    const waiting = [jobEntry({ id: 'a', arrival: 0, request: { gpus: 2 } }), jobEntry({ id: 'b', arrival: 1, request: { gpus: 2 } })];
    expectPolicyError(() => round(new Scheduler(policy, cluster()), waiting), 'device-free', /job "b": device 1 \(v100-0 #1\) is held by job "a" at double\.js:5:\d+/);
  });

  it('rejects garbage decisions', async () => {
    const p = write('garbage.ts', 'export default { name: "garbage", schedule() { return [{ kind: "launch", job: "j1", reason: "x" }]; } };\n');
    const policy = await loadPolicyFile(p);
    expectPolicyError(() => round(new Scheduler(policy, cluster())), 'decision-shape', /^policy "garbage" \(.*garbage\.ts\), job "j1": kind must be "place", "preempt" or "wait", got "launch"/);
  });

  it('stops an endless loop at the time budget, and the process goes on', async () => {
    const p = write('loop.ts', 'export default { name: "spin", schedule() { for (;;) {} } };\n');
    const policy = await loadPolicyFile(p, { budgetMs: 150, displayPath: 'loop.ts' });
    const t0 = Date.now();
    expectPolicyError(() => round(new Scheduler(policy, cluster())), 'time-budget', /loop\.ts: schedule\(\) ran longer than its 150 ms budget/);
    assert.ok(Date.now() - t0 < 5000);
  });

  it('stops loops that catch the stop, loops without braces and endless recursion, each at the budget', async () => {
    const bodies = {
      'catching.ts': 'for (;;) { try { while (true) { n++; } } catch { n = 0; } }',
      'braceless.ts': 'while (n >= 0) n++;',
      'recursion.ts': 'const f = (k: number): number => { return k > 1e6 ? f(0) : g(k + 1); }; function g(k: number): number { return f(k); } f(0); for (;;) { f(0); }',
      'afterwards.ts': 'const t = Date.now(); try { for (;;) { n++; } } catch {} return [];',
    };
    for (const [name, body] of Object.entries(bodies)) {
      const p = write(name, `let n = 0;\nexport default { name: "spin", schedule() { ${body} } };\n`);
      const policy = await loadPolicyFile(p, { budgetMs: 100, displayPath: name });
      const t0 = Date.now();
      const err = (() => {
        try {
          round(new Scheduler(policy, cluster()));
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      // Endless recursion may end in a stack overflow first: that is reported too, and quickly.
      assert.ok(err instanceof PolicyError, `${name}: expected a PolicyError, got ${String(err)}`);
      if (name !== 'recursion.ts') assert.equal(err.rule, 'time-budget', `${name}: ${err.message}`);
      assert.ok(Date.now() - t0 < 3000, `${name} took ${Date.now() - t0} ms`);
    }
  });

  it('names the column of a throw that follows a loop on the same line', async () => {
    const p = write('same-line.ts', 'export default { name: "x", schedule() { for (let i = 0; i < 3; i++) { i += 0; } while (false) {} throw new Error("here"); } };\n');
    const policy = await loadPolicyFile(p, { displayPath: 'same-line.ts' });
    const column = 'export default { name: "x", schedule() { for (let i = 0; i < 3; i++) { i += 0; } while (false) {} throw '.length + 1; // the stack points at `new`
    expectPolicyError(() => round(new Scheduler(policy, cluster())), 'policy-threw', new RegExp(`at same-line\\.ts:1:${column} `));
  });

  it('leaves the cluster exactly as before a round stopped in the middle of host calls', async () => {
    const p = write(
      'busy.ts',
      'export default { name: "busy", schedule({ waiting, cluster, plan }) { plan.place(waiting[0], [0, 1], "first"); for (;;) { cluster.forEachNodeByFree(undefined, 1, "asc", () => {}); cluster.freeDevicesOn(1, { model: "v100" }, 2); } } };\n',
    );
    const state = cluster();
    state.allocate('keep', [8, 9, 10]);
    const policy = await loadPolicyFile(p, { budgetMs: 100 });
    expectPolicyError(() => round(new Scheduler(policy, state)), 'time-budget', /busy\.ts/);
    assert.equal(state.jobOn(0), undefined);
    assert.equal(state.freeCount(), 13);
    assert.equal(state.freeCount('k80'), 5);
    const seen: number[] = [];
    state.forEachNodeByFree(undefined, 1, 'asc', (_n, f) => void seen.push(f));
    assert.deepEqual(seen, [1, 4, 4, 4]);
  });

  it('refuses imports other than openclaw/policy, a missing export, and untrusted workspaces', async () => {
    const fsImport = write('fs.ts', 'import { readFileSync } from "node:fs";\nexport default { name: "fs", schedule() { readFileSync("/etc/passwd"); return []; } };\n');
    await assert.rejects(loadPolicyFile(fsImport), (e: Error) => e instanceof PolicyFileError && /fs\.ts:1:\d+: a policy may import only "openclaw\/policy" and its own files, not "node:fs"/.test(e.message));
    const none = write('none.ts', 'export const x = 1;\n');
    await assert.rejects(loadPolicyFile(none), /expected the file to export a policy/);
    await assert.rejects(loadPolicyFile('examples/policies/smallest-first.ts', { trusted: false }), /not trusted/);
    await assert.rejects(loadPolicyFile(join(dir, 'missing.ts')), /missing\.ts: no such file/);
  });

  it('hands the debugger a source map that points at the user file', async () => {
    const inspector = await import('node:inspector');
    const session = new inspector.Session();
    session.connect();
    const parsed: { url: string; sourceMapURL?: string }[] = [];
    session.on('Debugger.scriptParsed', (m) => parsed.push(m.params));
    await new Promise<void>((ok, fail) => session.post('Debugger.enable', (err) => (err ? fail(err) : ok())));
    try {
      const file = join(process.cwd(), 'examples/policies/smallest-first.ts');
      await loadPolicyFile(file);
      // The compiled code runs under the user's own path, so stack traces and the debugger name it.
      const script = parsed.find((p) => p.url === file || p.url === pathToFileURL(file).href);
      assert.ok(script, `no script named ${file} among ${parsed.length} parsed scripts`);
      const m = /^data:application\/json;base64,(.*)$/.exec(script.sourceMapURL ?? '');
      assert.ok(m, `source map URL: ${script.sourceMapURL}`);
      const map = JSON.parse(Buffer.from(m[1]!, 'base64').toString('utf8')) as { sources: string[]; sourcesContent: string[] };
      const i = map.sources.indexOf(file);
      assert.ok(i >= 0, `sources: ${map.sources.join(', ')}`);
      assert.match(map.sourcesContent[i]!, /name: 'smallest-first'/);
    } finally {
      session.post('Debugger.disable');
      session.disconnect();
    }
  });

  it('bundles the policy file with its own relative imports', async () => {
    write('helper.ts', 'export const label = (id: string): string => `helped ${id}`;\n');
    const p = write(
      'uses-helper.ts',
      'import { label } from "./helper";\nimport { bestFit, definePolicy } from "openclaw/policy";\nexport default definePolicy({ name: "helped", schedule({ waiting, cluster, plan }) { for (const j of waiting) { const d = bestFit(cluster, j.request); if (d) plan.place(j, d, label(j.id)); } return plan.decisions; } });\n',
    );
    const r = round(new Scheduler(await loadPolicyFile(p), cluster()));
    assert.equal(r.decisions[0]!.reason, 'helped j1');
  });

  it('resolves folders, TypeScript\'s ".js" spelling and JavaScript files, and names the helper\'s own line when it throws', async () => {
    mkdirSync(join(dir, 'lib'), { recursive: true });
    write('lib/index.ts', 'export { reasonFor } from "./reason.js";\nexport default 2;\n');
    write('lib/reason.ts', 'export function reasonFor(id: string): string {\n  if (id === "bad") {\n    throw new RangeError(`cannot reason about ${id}`);\n  }\n  return `because ${id}`;\n}\n');
    write('lib/plain.cjs', 'exports.pick = (waiting) => waiting.slice(0, 1);\n');
    const p = write(
      'folders.ts',
      'import { reasonFor } from "./lib";\nimport gpus from "./lib/index";\nimport { pick } from "./lib/plain.cjs";\nimport { bestFit } from "openclaw";\nexport default { name: "folders", schedule({ waiting, cluster, plan }) { for (const j of pick(waiting)) plan.place(j, bestFit(cluster, { gpus })!, reasonFor(j.id)); } };\n',
    );
    const policy = await loadPolicyFile(p, { displayPath: 'pol/folders.ts' });
    assert.equal(round(new Scheduler(policy, cluster())).decisions[0]!.reason, 'because j1');
    expectPolicyError(() => round(new Scheduler(policy, cluster()), [jobEntry({ id: 'bad', arrival: 0, request: { gpus: 2 } })]), 'policy-threw', /threw RangeError: cannot reason about bad at pol\/lib\/reason\.ts:3:11/);
  });

  it('refuses a file outside the policy\'s folder and a missing one, naming the line of the import', async () => {
    mkdirSync(join(dir, 'inner'), { recursive: true });
    write('outside.ts', 'export const x = 1;\n');
    const p = write('inner/escapes.ts', '// a comment\nimport { x } from "../outside";\nexport default { name: "escapes", schedule() { return x; } };\n');
    await assert.rejects(loadPolicyFile(p, { displayPath: 'inner/escapes.ts' }), (e: Error) => e instanceof PolicyFileError && /^inner\/escapes\.ts:2:1: "\.\.\/outside" is .*\/outside, outside the policy's folder/.test(e.message));
    const q = write('inner/typo.ts', 'import { x } from "./helpr";\nexport default { name: "typo", schedule() { return x; } };\n');
    await assert.rejects(loadPolicyFile(q, { displayPath: 'inner/typo.ts' }), (e: Error) => e instanceof PolicyFileError && /^inner\/typo\.ts:1:1: cannot find "\.\/helpr": expected a \.ts\/.*file, or a folder with an index file, at inner\/helpr$/.test(e.message));
    const r = write('inner/broken-helper.ts', 'import { y } from "./syntax";\nexport default { name: "b", schedule() { return y; } };\n');
    write('inner/syntax.ts', 'export const y = ;\n');
    await assert.rejects(loadPolicyFile(r, { displayPath: 'inner/broken-helper.ts' }), (e: Error) => e instanceof PolicyFileError && /^inner\/syntax\.ts:1:\d+: Unexpected token ";"$/.test(e.message));
  });

  it('stops an endless loop in the file\'s top level at the budget', async () => {
    const p = write('spins-at-load.js', 'for (;;) {}\n');
    await assert.rejects(loadPolicyFile(p, { budgetMs: 100, displayPath: 'spins-at-load.js' }), /^PolicyFileError: spins-at-load\.js: its top level ran longer than the 100 ms budget/);
  });

  it('keeps the text of a source-map comment out of its own sources (a debugger would take it for the loader\'s map)', () => {
    for (const f of ['src/controller/policy-loader.ts', 'src/controller/policy-modules.ts']) {
      assert.doesNotMatch(readFileSync(f, 'utf8'), /\/\/# sourceMappingURL=/, f);
    }
  });
});
