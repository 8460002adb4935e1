import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { buildSync } from 'esbuild';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimEventRecord } from '../../../src/core/sim-events';
import { SimReport } from '../../../src/core/sim-report';

const root = join(__dirname, '../../..');
// A bundle of the CLI of its own (the way scripts/build.mjs makes dist/cli.js), so that a build
// running at the same time cannot pull dist/ away under these tests.
const cli = join(root, 'test-results/sim-cli/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'openclaw-sim-cli-'));

function openclaw(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 60000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function sim(...args: string[]): { code: number; out: string; err: string } {
  return openclaw('sim', ...args);
}

/** The long flags a command's help lists under "Options:". */
function helpFlags(help: string): string[] {
  const options = help.split(/\n(?=Commands:)/)[0];
  return [...options!.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]!).sort();
}

describe('simulator/openclaw sim (CLI)', function () {
  this.timeout(120000);

  before(function () {
    buildSync({ entryPoints: [join(root, 'src/cli/main.ts')], outfile: cli, bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['vscode', 'esbuild'], logLevel: 'error' });
  });

  it('runs a workload, prints a summary, and writes the report and the event log', () => {
    const json = join(dir, 'r.json');
    const events = join(dir, 'e.jsonl');
    const r = sim('--cluster', 'dgx-a100', '--workload', 'examples/workloads/tiresias-failures.yaml', '--policy', 'las', '--seed', '4', '--json', json, '--events', events);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^las on dgx-a100 \(64 devices\), tiresias-60-failures \(60 jobs\), seed 4\n {2}completed {4}60 \/ 60\n/);
    assert.match(r.out, /utilization {2}\d+\.\d%/);
    const report = SimReport.parse(JSON.parse(readFileSync(json, 'utf8')));
    assert.equal(report.jobRecords.length, 60);
    assert.equal(report.restarts > 0, true, 'dgx-7 fails under three jobs');
    const lines = readFileSync(events, 'utf8').trim().split('\n');
    for (const l of lines) SimEventRecord.parse(JSON.parse(l));
    assert.equal(JSON.parse(lines[0]!).type, 'header');
  });

  it('writes byte-identical reports for the same inputs and seed (--no-timing)', () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    for (const out of [a, b]) assert.equal(sim('--cluster', 'gavel', '--workload', 'examples/workloads/gavel-generated.yaml', '--policy', 'las', '--seed', '2', '--no-timing', '--json', out).code, 0);
    assert.equal(readFileSync(a, 'utf8'), readFileSync(b, 'utf8'));
  });

  it('compares policies in one table', () => {
    const r = sim('compare', '--policies', 'fifo,sjf,las', '--cluster', 'gavel', '--workload', 'examples/workloads/gavel-single.yaml');
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trim().split('\n');
    assert.match(lines[0]!, /^gavel-single-8jph \(500 jobs\) on gavel \(108 devices\), seed 0$/);
    assert.match(lines[2]!, /^policy +completed +avg JCT +p50 JCT +p99 JCT +makespan +util +lost GPU-h +preempt +wall s$/);
    assert.deepEqual(lines.slice(4).map((l) => l.split(/\s+/)[0]), ['fifo', 'sjf', 'las']);
    assert.ok(lines.slice(4).every((l) => /500\/500/.test(l)));
  });

  it("uses the cluster file's policy when --policy is not given", () => {
    const file = join(dir, 'las.cluster.yaml');
    writeFileSync(file, 'preset: dgx-a100\npolicy: las\n');
    const r = sim('--cluster', file, '--workload', 'examples/workloads/tiresias.yaml');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^las on dgx-a100 /);
    assert.match(sim('--cluster', file, '--workload', 'examples/workloads/tiresias.yaml', '--policy', 'sjf').out, /^sjf on dgx-a100 /);
  });

  it('runs a user policy file', () => {
    const r = sim('--cluster', 'examples/clusters/hetero-small.cluster.yaml', '--workload', 'examples/workloads/jobs-list.yaml', '--policy', 'examples/policies/smallest-first.ts');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^smallest-first on hetero-small \(32 devices\), openclaw-jobs \(4 jobs\)/);
    assert.match(r.out, /completed {4}4 \/ 4/);
  });

  it('shows a progress bar on a terminal', () => {
    // `script` gives the command a pseudo-terminal; the bar is drawn on stderr and erased at the end.
    const cmd = `${process.execPath} ${cli} sim --cluster examples/clusters/v100-512.cluster.yaml --workload examples/workloads/philly-5k.yaml`;
    const r = spawnSync('script', ['-qfec', cmd, '/dev/null'], { cwd: root, encoding: 'utf8', timeout: 60000, env: { ...process.env, OPENCLAW_PROGRESS_AFTER_MS: '0' } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /\rfifo \[#*\.*\] +\d+% +[\d,]+\/5,000 jobs +t=/);
    // eslint-disable-next-line no-control-regex -- the terminal's erase-line sequence is what is checked
    assert.match(r.stdout, /\r\x1b\[K/, 'the bar is erased before the summary');
    assert.match(r.stdout, /fifo on v100-512 \(512 devices\), philly-5k \(5,000 jobs\)/);
  });

  it('prints no progress bar when stderr is not a terminal', () => {
    const r = spawnSync(process.execPath, [cli, 'sim', '--cluster', 'examples/clusters/v100-512.cluster.yaml', '--workload', 'examples/workloads/philly-5k.yaml'], { cwd: root, encoding: 'utf8', timeout: 60000, env: { ...process.env, OPENCLAW_PROGRESS_AFTER_MS: '0' } });
    assert.equal(r.status, 0);
    assert.equal(r.stderr, '');
  });

  it('explains one job', () => {
    const r = sim('--cluster', 'dgx-a100', '--workload', 'examples/workloads/tiresias-failures.yaml', '--explain', 'tiresias-20');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /job tiresias-20:\n {2}t=9\.7m {2}arrived asking for 1 device\n {2}t=9\.7m {2}placed on 1×a100 on dgx-7/);
    assert.match(r.out, /lost node dgx-7: back to the queue/);
  });

  it('runs a job list given as the workload (YAML or JSONL), and cuts a workload with --max-jobs', () => {
    const yaml = sim('--cluster', 'dgx-a100', '--workload', 'examples/workloads/jobs.yaml');
    assert.equal(yaml.code, 0, yaml.err);
    assert.match(yaml.out, /^fifo on dgx-a100 \(64 devices\), jobs \(4 jobs\), seed 0\n {2}completed {4}4 \/ 4\n/);
    const jsonl = sim('--cluster', 'dgx-a100', '--workload', 'examples/workloads/jobs.jsonl');
    assert.equal(jsonl.code, 0, jsonl.err);
    assert.match(jsonl.out, /completed {4}3 \/ 3\n/);
    assert.match(sim('--cluster', 'dgx-a100', '--workload', 'examples/workloads/philly.yaml', '--max-jobs', '50').out, /philly \(50 jobs\)/);
    assert.match(sim('--cluster', 'gavel', '--workload', 'examples/workloads/gavel-single.yaml', '--max-jobs', '7').out, /\(7 jobs\)/);
    assert.match(sim('--cluster', 'gavel', '--workload', 'examples/workloads/jobs.yaml', '--max-jobs', '0').err, /^openclaw sim: --max-jobs: expected a positive integer, got "0"$/m);
  });

  it('says how many jobs never fit the cluster and why, in the summary, the report and the compare table', () => {
    const list = join(dir, 'too-big.yaml');
    writeFileSync(
      list,
      [
        'jobs:',
        '  - {id: ok, arrival: 0, gpus: 8, durationSeconds: 600}',
        '  - {id: huge, arrival: 10, gpus: 128, durationSeconds: 600}',
        '  - {id: huger, arrival: 20, gpus: 96, durationSeconds: 600}',
        '  - {id: h100, arrival: 30, gpus: 1, deviceModel: h100, durationSeconds: 600}',
        '  - {id: wide, arrival: 40, gpus: 32, nodes: 2, gpusPerNode: 16, durationSeconds: 600}',
        '  - {id: after, arrival: 50, gpus: 1, durationSeconds: 600}',
        '',
      ].join('\n'),
    );
    const json = join(dir, 'too-big.json');
    const r = sim('--cluster', 'dgx-a100', '--workload', list, '--json', json);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /\n {2}completed {4}1 \/ 6\n {2}never fit {4}4 jobs never fit the cluster: 2 ask for more than 64 devices \(largest: 128\); 1 ask for h100 devices, which the cluster lacks \(it has a100\); 1 ask for more than 8 devices on one node, the most a node has \(largest: 16\)\n/);
    // fifo holds the last job behind the first that never fits, and says so.
    assert.match(r.out, /\n {2}left waiting 1 job that fit was still waiting when nothing else could run; the first, "after": behind 4 earlier jobs in arrival order; the first, "huge", needs 128 × devices; the cluster has only 64 such devices in all: it can never start\n/);
    const report = SimReport.parse(JSON.parse(readFileSync(json, 'utf8')));
    assert.deepEqual(report.neverFit, {
      jobs: 4,
      reasons: [
        { kind: 'devices', jobs: 2, text: 'ask for more than 64 devices (largest: 128)' },
        { kind: 'model', jobs: 1, text: 'ask for h100 devices, which the cluster lacks (it has a100)' },
        { kind: 'nodes', jobs: 1, text: 'ask for more than 8 devices on one node, the most a node has (largest: 16)' },
      ],
    });
    assert.equal(report.leftWaiting?.jobs, 1);
    const table = sim('compare', '--policies', 'fifo,sjf', '--cluster', 'dgx-a100', '--workload', list);
    assert.equal(table.code, 0, table.err);
    const lines = table.out.trim().split('\n');
    assert.match(lines[2]!, /^policy +completed +never fit +left waiting +avg JCT /);
    assert.match(lines[4]!, /^fifo +1\/6 +4 +1 /);
    assert.match(lines[5]!, /^sjf +2\/6 +4 +0 /);
    assert.equal(lines.at(-1), '4 jobs never fit the cluster: 2 ask for more than 64 devices (largest: 128); 1 ask for h100 devices, which the cluster lacks (it has a100); 1 ask for more than 8 devices on one node, the most a node has (largest: 16)');
  });

  it('names --policies and the entry for an unknown policy in compare, with the nearest name', () => {
    const r = sim('compare', '--policies', 'fifo,sjff', '--cluster', 'dgx-a100', '--workload', 'examples/workloads/tiresias.yaml');
    assert.equal(r.code, 2);
    assert.match(r.err, /^openclaw sim: --policies \(entry 2\): unknown policy "sjff" \(did you mean sjf\?\); expected one of fifo, /);
    assert.match(sim('--cluster', 'dgx-a100', '--workload', 'examples/workloads/tiresias.yaml', '--policy', 'lass').err, /^openclaw sim: --policy: unknown policy "lass" \(did you mean las\?\)/);
    assert.match(sim('compare', '--policies', 'fifo,nope.ts', '--cluster', 'dgx-a100', '--workload', 'examples/workloads/tiresias.yaml').err, /^openclaw sim: --policies \(entry 2\): /);
  });

  it('says "no such file" with the path as typed for a missing spec, cluster or workload', () => {
    assert.equal(sim('--cluster', 'nosuch.cluster.yaml', '--workload', 'examples/workloads/tiresias.yaml').err, 'openclaw sim: --cluster: no such file: nosuch.cluster.yaml\n');
    assert.equal(sim('--cluster', 'dgx-a100', '--workload', 'nosuch.yaml').err, 'openclaw sim: --workload: no such file: nosuch.yaml\n');
    const run = openclaw('run', 'nosuch.claw.yaml', '--cluster', 'examples/simulated.cluster.yaml');
    assert.equal(run.code, 2);
    assert.equal(run.err, 'openclaw: no such file: nosuch.claw.yaml\n');
    assert.equal(openclaw('run', 'examples/hello.claw.yaml', '--cluster', 'nosuch.yaml').err, 'openclaw: --cluster: no such file: nosuch.yaml\n');
    assert.equal(openclaw('slurm', 'simulate', '--cluster', 'nosuch.yaml').err, 'openclaw: --cluster: no such file: nosuch.yaml\n');
  });

  it("lists every command's options in its help", () => {
    const simHelp = sim('--help');
    assert.equal(simHelp.code, 0);
    const flags = helpFlags(simHelp.out);
    for (const f of ['--cluster', '--workload', '--policy', '--json', '--events', '--explain', '--seed', '--max-jobs']) assert.ok(flags.includes(f), `sim --help lacks ${f}:\n${simHelp.out}`);
    assert.match(simHelp.out, /\nCommands:\n {2}compare /);
    // `sim run` (what earlier versions and the extension call) is `sim` under another name.
    assert.deepEqual(helpFlags(sim('run', '--help').out), flags);
    const compare = helpFlags(sim('compare', '--help').out);
    for (const f of ['--cluster', '--workload', '--policies', '--json', '--max-jobs']) assert.ok(compare.includes(f), `sim compare --help lacks ${f}`);
    assert.deepEqual(helpFlags(sim('help', 'compare').out), compare);
    // A command whose help shows no option but --help has subcommands to list (a group, like slurm).
    const seen: string[] = [];
    const visit = (path: string[]): void => {
      const help = openclaw(...path, '--help').out;
      seen.push(path.join(' '));
      const commands = help.includes('\nCommands:\n') ? [...help.split('\nCommands:\n')[1]!.matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1]).filter((c) => c !== 'help') : [];
      if (commands.length === 0) assert.ok(helpFlags(help).some((f) => f !== '--help') || /Usage: openclaw \w+ <\w+>$/m.test(help), `${path.join(' ')} --help lists no options:\n${help}`);
      for (const c of commands) visit([...path, c!]);
    };
    visit([]);
    for (const c of ['sim', 'sim compare', 'run', 'agent', 'jobs', 'logs', 'cancel', 'slurm', 'slurm simulate']) assert.ok(seen.includes(c), `${c} not reached from the help: ${seen.join(', ')}`);
  });

  it('suggests the nearest command or option for an unknown one', () => {
    const cases: [string[], string][] = [
      [['simm'], "error: unknown command 'simm' (did you mean sim?)"],
      [['sim', 'comprae', '--policies', 'fifo'], "error: unknown command 'comprae' (did you mean compare?)"],
      [['sim', '--clustr', 'gavel', '--workload', 'examples/workloads/tiresias.yaml'], "error: unknown option '--clustr' (did you mean --cluster?)"],
      [['sim', 'compare', '--polices', 'fifo', '--cluster', 'gavel', '--workload', 'examples/workloads/tiresias.yaml'], "error: unknown option '--polices' (did you mean --policies?)"],
      [['run', 'examples/hello.claw.yaml', '--clustr', 'x'], "error: unknown option '--clustr' (did you mean --cluster?)"],
      [['jbos'], "error: unknown command 'jbos' (did you mean jobs?)"],
      [['frobnicate'], "error: unknown command 'frobnicate'"],
    ];
    for (const [args, want] of cases) {
      const r = openclaw(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.err, `${want}\n`, args.join(' '));
    }
  });

  it('bad input: one line naming the file, line or field, and exit code 2', () => {
    const negative = join(dir, 'neg.yaml');
    writeFileSync(negative, 'nodes:\n  - name: a\n    count: -3\n    devices: {model: a100, count: 8, memoryGiB: 80}\n');
    const badTrace = join(dir, 'bad.csv');
    writeFileSync(badTrace, 'timestamp,duration,num_gpus,gpu_time,cluster\n2017-10-09 07:01:55,66.0,one,66.0,a\n');
    const badWorkload = join(dir, 'w.yaml');
    writeFileSync(badWorkload, `trace: {format: philly, path: ${badTrace}}\n`);
    const brokenPolicy = join(dir, 'broken.ts');
    writeFileSync(brokenPolicy, 'export default { name: "broken"\n');
    const cases: [string[], RegExp][] = [
      [['--cluster', 'dgx-h100', '--workload', 'examples/workloads/tiresias.yaml'], /^openclaw sim: --cluster: preset: unknown preset "dgx-h100"; expected one of gavel, dgx-a100, mixed$/],
      [['--cluster', negative, '--workload', 'examples/workloads/tiresias.yaml'], /neg\.yaml:3:12: nodes\[0\]\.count: expected a positive integer, got -3$/],
      [['--cluster', 'gavel', '--workload', badWorkload], /bad\.csv:2: num_gpus: expected a number, got "one"$/],
      [['--cluster', 'gavel', '--workload', 'examples/workloads/tiresias.yaml', '--policy', 'random'], /--policy: unknown policy "random"; expected one of fifo/],
      [['--cluster', 'gavel', '--workload', 'examples/workloads/tiresias.yaml', '--seed', 'x'], /--seed: expected an integer, got "x"$/],
      [['--cluster', 'gavel', '--workload', 'examples/workloads/tiresias.yaml', '--placement', 'diagonal'], /--placement: unknown placement "diagonal"; expected one of /],
      [['--cluster', 'gavel', '--workload', 'examples/workloads/tiresias.yaml', '--speed', '2'], /unknown option '--speed'/],
      [['--cluster', 'gavel', '--workload', 'examples/workloads/tiresias-failures.yaml'], /tiresias-failures\.yaml: failures\.scripted\[0\]\.node: no node "dgx-7" in cluster "gavel"/],
      [['--cluster', 'gavel'], /required option '--workload <file>' not specified/],
      [['--cluster', 'gavel', '--workload', 'examples/workloads/tiresias.yaml', '--policy', brokenPolicy], /^openclaw sim: --policy: .*broken\.ts:2:1: /],
    ];
    for (const [args, want] of cases) {
      const r = sim(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
      assert.match(r.err.trim(), want);
      assert.equal(r.out, '');
    }
  });
});
