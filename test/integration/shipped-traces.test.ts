/**
 * The example workloads as a user gets them: examples/ copied into a workspace of their own, run by
 * the CLI bundle installed elsewhere. Traces without `path` are read from the data/ folder beside the
 * bundle's dist/; without that folder the error says which file is missing and what to give instead.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyCli } from './cli-copy';

const root = join(__dirname, '..', '..');
// The bundles `npm test` builds; OPENCLAW_TEST_DIST points elsewhere (a copy, while others rebuild dist/).
const DIST = process.env.OPENCLAW_TEST_DIST ?? join(root, 'dist');

describe('example workloads in a copied workspace, with the traces shipped beside dist/', function () {
  this.timeout(120_000);
  let dir: string;

  function sim(product: string, ...args: string[]): { code: number; out: string; err: string } {
    const env = { ...process.env };
    delete env.NODE_PATH;
    const r = spawnSync(process.execPath, [join(product, 'dist/cli.js'), 'sim', ...args], { cwd: join(dir, 'workspace'), env, encoding: 'utf8', timeout: 60_000 });
    return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
  }

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'openclaw-shipped-traces-'));
    assert.ok(existsSync(join(DIST, 'cli.js')), `${join(DIST, 'cli.js')} is missing: build first (node scripts/build.mjs)`);
    for (const product of ['product', 'product-without-data']) {
      mkdirSync(join(dir, product, 'dist'), { recursive: true });
      copyCli(DIST, join(dir, product, 'dist'));
    }
    cpSync(join(root, 'data'), join(dir, 'product/data'), { recursive: true });
    cpSync(join(root, 'examples'), join(dir, 'workspace'), { recursive: true });
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('replays the shipped Tiresias trace (with failures) and the first 5,000 Philly jobs', () => {
    const t = sim(join(dir, 'product'), '--cluster', 'dgx-a100', '--workload', 'workloads/tiresias-failures.yaml', '--policy', 'las', '--seed', '4');
    assert.equal(t.code, 0, t.err);
    assert.match(t.out, /^las on dgx-a100 \(64 devices\), tiresias-60-failures \(60 jobs\), seed 4\n {2}completed {4}60 \/ 60\n/);
    const p = sim(join(dir, 'product'), '--cluster', 'clusters/v100-512.cluster.yaml', '--workload', 'workloads/philly-5k.yaml', '--policy', 'fifo');
    assert.equal(p.code, 0, p.err);
    assert.match(p.out, /philly-5k \(5,000 jobs\), seed 0\n {2}completed {4}5,000 \/ 5,000\n/);
  });

  it('says which shipped trace is missing when data/ is not installed (exit code 2)', () => {
    const r = sim(join(dir, 'product-without-data'), '--cluster', 'dgx-a100', '--workload', 'workloads/tiresias.yaml');
    assert.equal(r.code, 2, r.out);
    assert.match(r.err, /workloads\/tiresias\.yaml: trace\.path: the shipped tiresias trace \(data\/tiresias_60_job\.csv\) is not installed beside OpenClaw: expected the path of a tiresias trace file/);
  });
});
