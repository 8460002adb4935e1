import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpecError } from '../../../src/core/errors';
import { FileSpecError } from '../../../src/core/yaml-validation';
import { loadGavelThroughputs } from '../../../simulator/perf/gavel-throughputs';
import { generateGavel } from '../../../simulator/workload/gavel-generator';
import { readOpenClawJobs } from '../../../simulator/workload/openclaw-jobs';
import { readPhilly } from '../../../simulator/workload/philly';
import { readPollux } from '../../../simulator/workload/pollux';
import { readTiresias } from '../../../simulator/workload/tiresias';
import { SHIPPED_TRACES, shippedDataPath } from '../../../simulator/workload/shipped-data';
import { loadWorkload, tracePath } from '../../../simulator/workload/workload-file';

const root = join(__dirname, '../../..');
const data = (f: string): string => join(root, 'data', f);
const dir = mkdtempSync(join(tmpdir(), 'openclaw-workload-'));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
/** Asserts a SpecError whose source and problem are as given. */
function specError(fn: () => unknown, source: string, path: string, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof SpecError, String(e));
    // A YAML file's problems carry their line (and column); a CSV row's, its source.
    assert.equal(e instanceof FileSpecError ? `${e.source}:${e.located[0]!.line}` : e.source, source);
    assert.equal(e.problems[0]!.path, path);
    assert.match(e.problems[0]!.message, message);
    return true;
  });
}

describe('simulator/trace readers', () => {
  it('reads the whole Philly trace, sorted by arrival from 0, users from virtual clusters', () => {
    const jobs = readPhilly(data('pollux_philly.csv'));
    assert.equal(jobs.length, 82247);
    assert.equal(jobs[0]!.arrival, 0);
    for (let i = 1; i < jobs.length; i++) assert.ok(jobs[i]!.arrival >= jobs[i - 1]!.arrival);
    assert.equal(jobs.filter((j) => j.gpus === 1).length, 76627);
    assert.equal(Math.max(...jobs.map((j) => j.gpus)), 128);
    // The span of the trace: Sep 4 to Dec 22, 2017 (108.9 days).
    assert.equal(Math.round(jobs[jobs.length - 1]!.arrival / 86400 * 10) / 10, 108.9);
    assert.ok(new Set(jobs.map((j) => j.user)).size > 5);
    assert.equal(readPhilly(data('pollux_philly.csv'), 100).length, 100);
  });

  it('Philly: a bad column or value names the file, line and column', () => {
    specError(() => readPhilly(file('p1.csv', 'timestamp,length,num_gpus\n2017-10-09 07:01:55,66,1\n')), `${dir}/p1.csv:1`, 'header', /missing column "duration"/);
    specError(() => readPhilly(file('p2.csv', 'timestamp,duration,num_gpus,gpu_time,cluster\n2017-10-09 07:01:55,66.0,1,66.0,a\n2017-10-09 07:02:00,66.0,-2,1,a\n')), `${dir}/p2.csv:3`, 'num_gpus', /expected a positive integer, got -2/);
    specError(() => readPhilly(file('p3.csv', 'timestamp,duration,num_gpus,gpu_time,cluster\nyesterday,66.0,1,66.0,a\n')), `${dir}/p3.csv:2`, 'timestamp', /expected a time such as/);
    specError(() => readPhilly(file('p4.csv', 'timestamp,duration,num_gpus,gpu_time,cluster\n2017-10-09 07:01:55,abc,1,66.0,a\n')), `${dir}/p4.csv:2`, 'duration', /expected a number, got "abc"/);
  });

  it('reads the Pollux workload, with a duration for each application', () => {
    const jobs = readPollux(data('pollux_workload-6.csv'));
    assert.equal(jobs.length, 160);
    assert.equal(jobs[0]!.id, 'cifar10-0');
    assert.equal(jobs[0]!.gpus, 6);
    assert.equal(jobs[0]!.model, 'cifar10');
    // 0.6 V100 GPU-hours over 6 GPUs.
    assert.equal(jobs[0]!.durationSeconds, 360);
    specError(() => readPollux(file('w.csv', 'name,time,application,num_replicas,batch_size\nx,0,gpt5,2,64\n')), `${dir}/w.csv:2`, 'application', /unknown application "gpt5"; expected one of ncf, cifar10/);
  });

  it('reads the Tiresias job list', () => {
    const jobs = readTiresias(data('tiresias_60_job.csv'));
    assert.equal(jobs.length, 60);
    assert.deepEqual(
      { id: jobs[1]!.id, gpus: jobs[1]!.gpus, arrival: jobs[1]!.arrival, model: jobs[1]!.model, d: jobs[1]!.durationSeconds },
      { id: 'tiresias-1', gpus: 8, arrival: 30, model: 'vgg11', d: 147 },
    );
    specError(() => readTiresias(file('t.csv', 'job_id,num_gpu,submit_time,iterations,model_name,duration,interval\n0,1,0,606,vgg19,0,30\n')), `${dir}/t.csv:2`, 'duration', /expected a positive number, got 0/);
  });

  it('reads OpenClaw job lists in YAML (short form and full specs) and JSONL', () => {
    const yaml = readOpenClawJobs(join(root, 'examples/workloads/jobs.yaml'));
    assert.deepEqual(yaml.map((j) => j.id), ['resnet', 'lm', 'bert-2x4', 'ddp-demo']);
    const ddp = yaml[3];
    assert.deepEqual([ddp!.gpus, ddp!.deviceModel, ddp!.durationSeconds, ddp!.checkpointEverySeconds], [4, 'a100', 1800, 600]);
    assert.deepEqual([yaml[2]!.nodes, yaml[2]!.gpusPerNode], [2, 4]);
    const jsonl = readOpenClawJobs(join(root, 'examples/workloads/jobs.jsonl'));
    assert.deepEqual(jsonl.map((j) => [j.id, j.gpus, j.user]), [['a', 4, 'default'], ['b', 8, 'default'], ['c', 1, 'carol']]);
  });

  it('OpenClaw job lists: bad entries name the line and field', () => {
    specError(() => readOpenClawJobs(file('j.jsonl', '{"id":"a","arrival":0,"gpus":1,"durationSeconds":5}\n{"id":"b","arrival":-1,"gpus":1,"durationSeconds":5}\n')), `${dir}/j.jsonl:2`, 'arrival', /expected a non-negative number of seconds, got -1/);
    specError(() => readOpenClawJobs(file('k.jsonl', '{"id":"a",\n')), `${dir}/k.jsonl:1`, '', /invalid JSON/);
    specError(() => readOpenClawJobs(file('j.yaml', 'jobs:\n  - {id: a, arrival: 0, gpus: 1, durationSeconds: 5}\n  - {id: b, arrival: 0, gpus: 2}\n')), `${dir}/j.yaml:3`, 'jobs[1].durationSeconds', /expected "durationSeconds" or "totalSteps"/);
    specError(() => readOpenClawJobs(file('d.yaml', '- {id: a, arrival: 0, gpus: 1, durationSeconds: 5}\n- {id: a, arrival: 1, gpus: 1, durationSeconds: 5}\n')), `${dir}/d.yaml`, 'id', /duplicate job id "a"/);
  });
});

describe('simulator/Gavel generator', () => {
  const table = loadGavelThroughputs(data('gavel_simulation_throughputs.json'));

  it('gives the same jobs for the same seed, and others for another seed', () => {
    const a = generateGavel(table, { jobs: 50, jobsPerHour: 4, multiGpu: true, seed: 3 });
    assert.deepEqual(generateGavel(table, { jobs: 50, jobsPerHour: 4, multiGpu: true, seed: 3 }), a);
    assert.notDeepEqual(generateGavel(table, { jobs: 50, jobsPerHour: 4, multiGpu: true, seed: 4 }), a);
  });

  it('draws sizes 1/2/4/8 at 70/10/15/5%, Poisson arrivals at the rate, durations of Gavel\'s two ranges', () => {
    const jobs = generateGavel(table, { jobs: 20000, jobsPerHour: 10, multiGpu: true, seed: 1 });
    const distributed = jobs.filter((j) => table.get(j.model!)!.get('v100')!.has(2));
    assert.ok(jobs.filter((j) => !table.get(j.model!)!.get('v100')!.has(2)).every((j) => j.gpus === 1), 'single-GPU models stay on one GPU');
    const share = (g: number): number => distributed.filter((j) => j.gpus === g).length / distributed.length;
    for (const [g, p] of [[1, 0.7], [2, 0.1], [4, 0.15], [8, 0.05]]) assert.ok(Math.abs(share(g!) - p!) < 0.015, `${g}: ${share(g!)}`);
    const rate = (jobs.length - 1) / (jobs[jobs.length - 1]!.arrival / 3600);
    assert.ok(Math.abs(rate - 10) < 0.3, `rate ${rate}`);
    // steps / V100 throughput = duration, which lies in [60·10^1.5, 60·10^4].
    for (const j of jobs.slice(0, 500)) {
      const thr = table.get(j.model!)!.get('v100')!.get(j.gpus)!;
      const d = j.totalSteps! / thr;
      assert.ok(d >= 60 * 10 ** 1.5 - 1e-6 && d <= 60 * 10 ** 4 + 1e-6, `${d}`);
    }
    assert.ok(generateGavel(table, { jobs: 100, jobsPerHour: 1, multiGpu: false, seed: 1 }).every((j) => j.gpus === 1));
  });
});

describe('simulator/workload files', () => {
  it('loads every example workload', () => {
    for (const f of ['philly', 'philly-5k', 'pollux', 'tiresias', 'gavel-generated', 'gavel-single', 'jobs-list', 'tiresias-failures']) {
      const w = loadWorkload(join(root, 'examples/workloads', `${f}.yaml`));
      assert.ok(w.jobs.length > 0, f);
    }
    const f = loadWorkload(join(root, 'examples/workloads/tiresias-failures.yaml'));
    assert.equal(f.failures?.mtbfHours, 50);
    assert.equal(f.checkpoint?.everySeconds, 60);
    assert.equal(loadWorkload(join(root, 'examples/workloads/philly-5k.yaml')).jobs.length, 5000);
  });

  it('names the line and field of a bad workload file', () => {
    specError(() => loadWorkload(file('g.yaml', 'generator: gavel\njobsPerHour: 5\njobs: -10\n')), `${dir}/g.yaml:3`, 'jobs', /expected a positive integer, got -10/);
    specError(() => loadWorkload(file('t.yaml', 'trace:\n  format: alibaba\n  path: x.csv\n')), `${dir}/t.yaml:2`, 'trace.format', /philly/);
    specError(() => loadWorkload(file('n.yaml', 'jobs: 5\n')), `${dir}/n.yaml:1`, 'trace', /expected "trace: \{format, path\}" or "generator: gavel"/);
    specError(() => loadWorkload(file('m.yaml', 'trace: {format: philly, path: missing.csv}\n')), `${dir}/missing.csv`, '', /no such file/);
    specError(() => loadWorkload(file('o.yaml', 'trace: {format: openclaw}\n')), `${dir}/o.yaml:1`, 'trace.path', /expected the path of an openclaw job list \(only philly, pollux, tiresias have a shipped trace\)/);
  });

  it('replays the trace shipped in data/ when a trace names no path, from a file anywhere', () => {
    // A workload file in a temp folder, nowhere near data/: the shipped trace is found from the code.
    const philly = loadWorkload(file('shipped-philly.yaml', 'trace: {format: philly, limit: 10}\n'));
    assert.deepEqual(philly.jobs, readPhilly(data('pollux_philly.csv'), 10));
    assert.equal(philly.name, 'philly');
    assert.deepEqual(loadWorkload(file('shipped-pollux.yaml', 'trace: {format: pollux}\n')).jobs, readPollux(data('pollux_workload-6.csv')));
    assert.deepEqual(loadWorkload(file('shipped-tiresias.yaml', 'trace: {format: tiresias}\n')).jobs, readTiresias(data('tiresias_60_job.csv')));
  });

  it("keeps `path` for the user's own trace, relative to the workload file", () => {
    mkdirSync(join(dir, 'mine'), { recursive: true });
    file('mine/two.csv', 'job_id,num_gpu,submit_time,iterations,model_name,duration,interval\n0,1,0,606,vgg19,120,30\n1,4,30,100,resnet50,60,30\n');
    const w = loadWorkload(file('own.yaml', 'trace: {format: tiresias, path: mine/two.csv}\n'));
    assert.deepEqual(w.jobs.map((j) => [j.id, j.gpus, j.arrival, j.durationSeconds]), [['tiresias-0', 1, 0, 120], ['tiresias-1', 4, 30, 60]]);
  });

  it('loads every example workload from a copy of examples/ elsewhere (as a user\'s workspace)', () => {
    const copy = join(dir, 'workspace');
    cpSync(join(root, 'examples/workloads'), join(copy, 'workloads'), { recursive: true });
    const workloadFiles = readdirSync(join(root, 'examples/workloads')).filter((n) => /^(trace|generator):/m.test(readFileSync(join(root, 'examples/workloads', n), 'utf8')));
    assert.ok(workloadFiles.length >= 8, workloadFiles.join(', '));
    for (const f of workloadFiles) {
      const original = loadWorkload(join(root, 'examples/workloads', f));
      const copied = loadWorkload(join(copy, 'workloads', f));
      assert.equal(copied.jobs.length, original.jobs.length, f);
      assert.deepEqual(copied.jobs.slice(0, 3), original.jobs.slice(0, 3), f);
    }
    for (const f of readdirSync(join(root, 'examples/workloads'))) {
      assert.doesNotMatch(readFileSync(join(root, 'examples/workloads', f), 'utf8'), /\.\.\/\.\.\/data/, `${f} reaches outside examples/`);
    }
  });

  it('finds data/ beside the bundles (dist/../data) and says so when a shipped trace is not installed', () => {
    const product = join(dir, 'product');
    mkdirSync(join(product, 'dist'), { recursive: true });
    mkdirSync(join(product, 'data'), { recursive: true });
    writeFileSync(join(product, 'data', SHIPPED_TRACES.tiresias), 'x');
    assert.equal(shippedDataPath(SHIPPED_TRACES.tiresias, join(product, 'dist')), join(product, 'data', SHIPPED_TRACES.tiresias));
    assert.equal(shippedDataPath('no-such-trace.csv', join(product, 'dist')), undefined);
    assert.throws(
      () => tracePath({ format: 'tiresias' }, 'w.yaml', dir, join(dir, 'nowhere')),
      (e: unknown) => e instanceof SpecError && /^w\.yaml: trace\.path: the shipped tiresias trace \(data\/tiresias_60_job\.csv\) is not installed beside OpenClaw: expected the path of a tiresias trace file$/.test(e.message),
    );
  });
});
