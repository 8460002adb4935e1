/**
 * `openclaw sim` starts from the simulator's bundle alone: the job manager, the agent, gRPC and
 * Slurm (dist/cli-main.js) are neither read nor compiled, nor is the compiler of policy files unless
 * one is given. A copy of dist/cli.js without the bundles it hands on to says which one is missing.
 * The compiled code kept between runs (in the temporary folder) never stands in a run's way: two
 * runs at once, no HOME, no folder to keep it in, a damaged file, a folder others could write to.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { copyCli } from './cli-copy';

const root = join(__dirname, '..', '..');
// The bundles `npm test` builds; OPENCLAW_TEST_DIST points elsewhere (a copy, while others rebuild dist/).
const DIST = process.env.OPENCLAW_TEST_DIST ?? join(root, 'dist');
const examples = join(root, 'examples');

describe('openclaw: what a command loads at start', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'openclaw-cli-startup-'));
    mkdirSync(join(dir, 'dist'));
    copyCli(DIST, join(dir, 'dist'));
    copyFileSync(join(DIST, 'highs.js'), join(dir, 'dist', 'highs.js'));
    // Preloaded into the CLI's process: at its exit, which bundles it read and whether gRPC's
    // transport (node:http2) was ever loaded.
    writeFileSync(
      join(dir, 'loaded.js'),
      `process.on('exit', () => require('node:fs').writeFileSync(process.env.LOADED_OUT, JSON.stringify({ files: Object.keys(require.cache), http2: process.moduleLoadList.includes('NativeModule http2'), childProcess: process.moduleLoadList.includes('NativeModule child_process') })));\n`,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function openclaw(cli: string, args: string[]): { code: number; out: string; err: string; bundles: string[]; http2: boolean; childProcess: boolean } {
    const out = join(dir, 'loaded.json');
    rmSync(out, { force: true });
    const r = spawnSync(process.execPath, ['--require', join(dir, 'loaded.js'), cli, ...args], { cwd: examples, encoding: 'utf8', timeout: 60_000, env: { ...process.env, LOADED_OUT: out } });
    const loaded = JSON.parse(readFileSync(out, 'utf8')) as { files: string[]; http2: boolean; childProcess: boolean };
    return {
      code: r.status ?? -1,
      out: r.stdout,
      err: r.stderr,
      bundles: loaded.files.filter((f) => f.startsWith(join(dir, 'dist'))).map((f) => basename(f)).sort(),
      http2: loaded.http2,
      childProcess: loaded.childProcess,
    };
  }

  it('runs `openclaw sim` with a built-in policy from cli-sim.js alone, without gRPC', () => {
    const r = openclaw(join(dir, 'dist', 'cli.js'), ['sim', '--cluster', 'dgx-a100', '--workload', 'workloads/jobs-list.yaml', '--policy', 'sjf']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^sjf on dgx-a100 \(64 devices\), openclaw-jobs \(4 jobs\), seed 0\n/);
    assert.deepEqual(r.bundles, ['cli-sim.js', 'cli.js']);
    assert.equal(r.http2, false);
    // commander's child_process (with net and streams) is loaded only for an executable subcommand.
    assert.equal(r.childProcess, false);
    // Read at every start as one byte a character (scripts/ascii-bundle.mjs).
    for (const bundle of ['cli-sim.js', 'cli-main.js']) assert.ok(isAscii(readFileSync(join(DIST, bundle))), `${bundle} is not ASCII`);
  });

  it('loads the compiler of policy files for `openclaw sim --policy <file>`', () => {
    const r = openclaw(join(dir, 'dist', 'cli.js'), ['sim', '--cluster', 'dgx-a100', '--workload', 'workloads/jobs-list.yaml', '--policy', 'policies/smallest-first.ts']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^smallest-first on dgx-a100/);
    assert.deepEqual(r.bundles, ['cli-policy-compilers.js', 'cli-sim.js', 'cli.js']);
  });

  it('runs every other command from cli-main.js, and lists them all', () => {
    const r = openclaw(join(dir, 'dist', 'cli.js'), ['--help']);
    assert.equal(r.code, 0, r.err);
    for (const c of ['sim', 'run', 'agent', 'jobs', 'serve', 'slurm']) assert.match(r.out, new RegExp(`^ {2}${c}\\b`, 'm'));
    assert.deepEqual(r.bundles, ['cli-main.js', 'cli.js']);
  });

  it('says which bundle is missing when dist/cli.js was copied alone (exit code 1)', () => {
    mkdirSync(join(dir, 'alone'));
    copyFileSync(join(DIST, 'cli.js'), join(dir, 'alone', 'cli.js'));
    const r = spawnSync(process.execPath, [join(dir, 'alone', 'cli.js'), 'sim', '--cluster', 'dgx-a100', '--workload', 'workloads/jobs-list.yaml'], { cwd: examples, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, `openclaw: ${join(dir, 'alone', 'cli-sim.js')} is missing beside ${join(dir, 'alone', 'cli.js')}: rebuild (npm run build) or reinstall OpenClaw\n`);
  });

  describe('the compiled code kept between runs', () => {
    const SIM = ['sim', '--cluster', 'dgx-a100', '--workload', 'workloads/jobs-list.yaml', '--policy', 'sjf', '--no-timing'];
    const expected = /^sjf on dgx-a100 \(64 devices\), openclaw-jobs \(4 jobs\), seed 0\n {2}completed {4}4 \/ 4\n/;
    let tmp: string;
    beforeEach(() => {
      tmp = mkdtempSync(join(dir, 'tmp-'));
    });
    const cacheDir = (): string => join(tmp, `openclaw-code-cache-${process.getuid!()}`);
    const cacheFiles = (): string[] => (existsSync(cacheDir()) ? readdirSync(cacheDir()).sort() : []);

    function sim(env: NodeJS.ProcessEnv): { code: number; out: string; err: string } {
      const r = spawnSync(process.execPath, [join(dir, 'dist', 'cli.js'), ...SIM], { cwd: examples, encoding: 'utf8', timeout: 60_000, env: { ...process.env, TMPDIR: tmp, ...env } });
      return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
    }

    it('two runs at once with an empty HOME: both answer, and one complete cache file is left', async () => {
      const run = (): Promise<{ code: number | null; out: string }> =>
        new Promise((done) => {
          const p = spawn(process.execPath, [join(dir, 'dist', 'cli.js'), ...SIM], { cwd: examples, env: { ...process.env, TMPDIR: tmp, HOME: '' } });
          let out = '';
          p.stdout.on('data', (b: Buffer) => (out += b.toString()));
          p.on('close', (code) => done({ code, out }));
        });
      const [a, b] = await Promise.all([run(), run()]);
      assert.equal(a.code, 0);
      assert.equal(b.code, 0);
      assert.match(a.out, expected);
      assert.equal(b.out, a.out);
      assert.deepEqual(cacheFiles().map((f) => f.startsWith(`cli-sim-${process.version}-`) && f.endsWith('.v8')), [true]);
      const again = sim({ HOME: '' });
      assert.equal(again.code, 0, again.err);
      assert.equal(again.out, a.out);
    });

    it('runs without a cache where no folder can be made for it', () => {
      writeFileSync(join(tmp, 'not-a-folder'), '');
      const r = spawnSync(process.execPath, [join(dir, 'dist', 'cli.js'), ...SIM], { cwd: examples, encoding: 'utf8', timeout: 60_000, env: { ...process.env, TMPDIR: join(tmp, 'not-a-folder') } });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, expected);
      assert.equal(r.stderr, '');
    });

    it('replaces a damaged cache file, and the run answers as before', () => {
      assert.equal(sim({}).code, 0);
      const [file] = cacheFiles();
      const size = readFileSync(join(cacheDir(), file!)).length;
      writeFileSync(join(cacheDir(), file!), Buffer.alloc(size, 7));
      const r = sim({});
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, expected);
      assert.deepEqual(cacheFiles(), [file]);
      assert.notDeepEqual(readFileSync(join(cacheDir(), file!)), Buffer.alloc(size, 7));
    });

    it('runs a rebuilt bundle as built, even one of the same length', () => {
      const dist = join(tmp, 'dist');
      mkdirSync(dist);
      copyCli(join(dir, 'dist'), dist);
      const run = (): { status: number | null; stdout: string } =>
        spawnSync(process.execPath, [join(dist, 'cli.js'), ...SIM], { cwd: examples, encoding: 'utf8', timeout: 60_000, env: { ...process.env, TMPDIR: tmp } });
      assert.match(run().stdout, expected);
      const bundle = join(dist, 'cli-sim.js');
      writeFileSync(bundle, readFileSync(bundle, 'utf8').replace('`  completed    ', '`  COMPLETED    '));
      const r = run();
      assert.equal(r.status, 0);
      assert.match(r.stdout, /\n {2}COMPLETED {4}4 \/ 4\n/);
    });

    it('keeps nothing in a cache folder that others can write to', () => {
      mkdirSync(cacheDir());
      chmodSync(cacheDir(), 0o777);
      const r = sim({});
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, expected);
      assert.deepEqual(cacheFiles(), []);
    });
  });
});
