/**
 * Every file under examples/ works with the command it is meant for, found on disk so that a new
 * example is covered without touching this file: each workload runs in `openclaw sim`, each cluster
 * file of the simulator runs a small workload, each job spec runs to success with `openclaw run` on
 * the simulator, each policy runs with `sim --policy`. Cluster files of agents or Slurm need those
 * running, so they are only loaded and validated. A file no rule covers fails, naming itself.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import ts from 'typescript';
import { parse, stringify } from 'yaml';
import { SimReport } from '../../src/core/sim-report';
import { loadClusterFile, loadJobSpec } from '../../src/controller/spec-loader';
import { copyCli } from './cli-copy';

const root = join(__dirname, '..', '..');
const examples = join(root, 'examples');
// The bundles `npm test` builds; OPENCLAW_TEST_DIST points elsewhere (a copy, while others rebuild dist/).
const DIST = process.env.OPENCLAW_TEST_DIST ?? join(root, 'dist');
// Small inputs keep the file fast: Philly's 82,247 jobs are cut to the first few hundred.
const SMALL_CLUSTER = 'dgx-a100';
const SMALL_WORKLOAD = ['--workload', join(examples, 'workloads/tiresias.yaml'), '--max-jobs', '20'];
const MAX_JOBS = '300';

let dir: string;
let copy: string;
let cli: string;
let fastCluster: string;

function openclaw(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr || String(r.error ?? '') };
}

/** Runs the CLI and fails with the example's name, the command and what it printed. */
function mustRun(file: string, args: string[]): { out: string; err: string } {
  const r = openclaw(args);
  assert.equal(r.code, 0, `examples/${file}: openclaw ${args.join(' ')} exited ${r.code}:\n${r.err}${r.out}`);
  return r;
}

/** `sim` with a JSON report; the report must validate and some job must have run. */
function simulate(file: string, args: string[]): SimReport {
  const json = join(dir, `${basename(file)}-${Math.random().toString(36).slice(2)}.json`);
  mustRun(file, ['sim', ...args, '--no-timing', '--json', json]);
  const report = SimReport.parse(JSON.parse(readFileSync(json, 'utf8')));
  assert.ok(report.jobs > 0 && report.completed > 0, `examples/${file}: ${report.completed} of ${report.jobs} jobs completed`);
  return report;
}

interface Rule {
  what: string;
  matches: (rel: string) => boolean;
  check: (rel: string, path: string) => void;
}

const rules: Rule[] = [
  {
    what: 'workload: `openclaw sim` on a small cluster',
    matches: (rel) => rel.startsWith('workloads/'),
    // tiresias-failures.yaml fails node dgx-7: the dgx-a100 preset has it.
    check: (rel, path) => void simulate(rel, ['--cluster', SMALL_CLUSTER, '--workload', path, '--max-jobs', MAX_JOBS]),
  },
  {
    what: 'job spec: `openclaw run` on the simulator',
    matches: (rel) => /\.claw\.ya?ml$/.test(rel),
    check: (rel, path) => {
      loadJobSpec(path);
      const r = mustRun(rel, ['run', path, '--cluster', fastCluster, '--state-dir', mkdtempSync(join(dir, 'state-')), '--quiet']);
      assert.match(r.err, /: succeeded\n/, `examples/${rel}: the job did not succeed:\n${r.err}`);
    },
  },
  {
    what: 'cluster file: `openclaw sim` with a small workload, or loaded and validated when it needs agents or Slurm',
    matches: (rel) => /\.cluster\.ya?ml$/.test(rel),
    check: (rel, path) => {
      // Token files appear when the agents start (the file's comments say how).
      const file = loadClusterFile(path, { checkFiles: false });
      if (file.backend !== 'simulator') return;
      simulate(rel, ['--cluster', path, ...SMALL_WORKLOAD]);
    },
  },
  {
    what: 'policy: `openclaw sim --policy <file>`',
    matches: (rel) => rel.startsWith('policies/') && /\.[cm]?[jt]s$/.test(rel) && !rel.endsWith('.d.ts'),
    check: (rel, path) => void simulate(rel, ['--cluster', SMALL_CLUSTER, ...SMALL_WORKLOAD, '--policy', path]),
  },
  {
    what: 'script a job spec beside it runs',
    matches: (rel) => /\.(py|sh)$/.test(rel),
    check: (rel, path) => {
      const specs = readdirSync(dirname(path)).filter((f) => /\.claw\.ya?ml$/.test(f));
      const named = specs.some((f) => readFileSync(join(dirname(path), f), 'utf8').includes(basename(path)));
      assert.ok(named, `examples/${rel}: no job spec in its folder runs it`);
    },
  },
  {
    what: 'editor configuration: parses',
    matches: (rel) => basename(rel) === 'tsconfig.json' || rel.endsWith('.d.ts'),
    check: (rel, path) => {
      if (rel.endsWith('.json')) assert.equal(ts.parseConfigFileTextToJson(path, readFileSync(path, 'utf8')).error, undefined, `examples/${rel}: not a valid tsconfig`);
    },
  },
  { what: 'documentation', matches: (rel) => rel.endsWith('.md'), check: () => undefined },
];

function exampleFiles(): string[] {
  return readdirSync(examples, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(examples.length + 1))
    .filter((rel) => !/(^|\/)(ckpt|outputs)\/|\.token$|^model\.pt$|\/model\.pt$/.test(rel)) // what running them leaves (.gitignore)
    .sort();
}

describe('every example runs with the command it is meant for', function () {
  this.timeout(120_000);

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'openclaw-examples-'));
    // A copy of the CLI bundle, so that a build running meanwhile cannot swap it mid-test; under
    // test-results/ the shipped data/ is still found from it.
    copy = join(root, 'test-results', `examples-cli-${process.pid}`);
    mkdirSync(copy, { recursive: true });
    cli = join(copy, 'cli.js');
    copyCli(DIST, copy);
    // The shipped simulator cluster, a simulated hour passing in a fraction of a second.
    const simulated = parse(readFileSync(join(examples, 'simulated.cluster.yaml'), 'utf8')) as Record<string, unknown>;
    fastCluster = join(dir, 'fast.cluster.yaml');
    writeFileSync(fastCluster, stringify({ ...simulated, speedup: 20_000 }));
  });
  after(() => {
    rmSync(copy, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  const files = exampleFiles();

  it('finds the examples', () => {
    assert.ok(files.length > 10, files.join(', '));
  });

  for (const rel of files) {
    const rule = rules.find((r) => r.matches(rel));
    it(`${rel}${rule ? ` (${rule.what.split(':')[0]})` : ''}`, () => {
      assert.ok(rule, `examples/${rel}: no rule says how to run it; add one to test/integration/examples.test.ts`);
      try {
        rule.check(rel, join(examples, rel));
      } catch (err) {
        // The file's name first, whatever failed (a loader's error names only the path).
        if (err instanceof assert.AssertionError) throw err;
        throw new Error(`examples/${rel}: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  }
});
