/**
 * OpenClaw's simulator against a hand-written Python one (bench/reference/reference_sim.py: heapq, a
 * sorted waiting list, one greedy pass per instant): 20,000 jobs of one pool (bench/reference/
 * make_trace.py) on 3,000 and on 6,500 GPUs under `sjf`, both run as a user runs them (`openclaw
 * sim` from dist/cli.js; python3), alternating, several times. Prints the medians and the ratios:
 *   engine: the reference's simulation seconds / our report's wallSeconds   (target >= 3)
 *   process: the whole Python process / the whole `openclaw sim` process   (target >= 1)
 * and that both give the same start and end to every job; beside them, the Python's loop ported to
 * JavaScript (bench/reference/reference_sim.mjs), the floor of any simulator on Node. Also the
 * startup of `openclaw sim` (a one-job run, whole process) beside bare `node -e 0`, and that of a
 * first run, before V8's compiled code of the CLI's bundle is kept (src/cli/code-cache.ts). And
 * our engine warm: the same simulation again in one process, once V8 has optimised its code (a
 * 20,000-job run is over before it has, for the most part).
 *
 * Run alone: npm run bench -- reference   (OPENCLAW_BENCH_RUNS=N alternations, default 5)
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSimBundle } from './sim-bundle';

const root = join(__dirname, '..');
const out = join(__dirname, 'results', 'reference');
const cli = join(root, 'dist/cli.js');
const RUNS = Number(process.env.OPENCLAW_BENCH_RUNS ?? 5);
const PYTHON = process.env.OPENCLAW_BENCH_PYTHON ?? 'python3';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timed(cmd: string, args: string[], env?: NodeJS.ProcessEnv): { seconds: number; stdout: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, env: env && { ...process.env, ...env } });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stderr}${r.stdout}`);
  return { seconds, stdout: r.stdout };
}

function poolFile(gpus: number): string {
  const path = join(out, `pool-${gpus}.cluster.yaml`);
  writeFileSync(path, `name: pool-${gpus}\nnodes:\n  - name: pool\n    count: 1\n    devices: {model: v100, count: ${gpus}, memoryGiB: 32}\n`);
  return path;
}

/** Every job's (id, start, end), hashed as reference_sim.py hashes them. */
function resultsHash(report: { jobRecords: { id: string; start: number | null; end: number | null }[] }): string {
  const h = createHash('sha256');
  const records = [...report.jobRecords].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const j of records) h.update(`${j.id} ${(j.start ?? -1).toFixed(3)} ${(j.end ?? -1).toFixed(3)}\n`);
  return h.digest('hex');
}

function ours(cluster: string, trace: string, policy: string): { process: number; engine: number; hash: string } {
  const json = join(out, 'report.json');
  const r = timed(process.execPath, [cli, 'sim', '--cluster', cluster, '--workload', trace, '--policy', policy, '--json', json]);
  const report = JSON.parse(readFileSync(json, 'utf8'));
  return { process: r.seconds, engine: report.wallSeconds, hash: resultsHash(report) };
}

function reference(trace: string, gpus: number, policy: string): { process: number; engine: number; hash: string } {
  const r = timed(PYTHON, [join(__dirname, 'reference/reference_sim.py'), trace, '--gpus', String(gpus), '--policy', policy]);
  const o = JSON.parse(r.stdout);
  return { process: r.seconds, engine: o.simSeconds, hash: o.resultsSha256 };
}

/** Our engine's median wallSeconds over RUNS runs of one simulation in this process, after a first run that warms V8 up. */
function warmEngine(cluster: string, workload: string, policy: string): { engine: number; hash: string } {
  const sim = loadSimBundle();
  const input = { cluster: sim.loadCluster(cluster), workload: sim.loadWorkload(workload) };
  const runs: { engine: number; hash: string }[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const report = sim.simulate({ ...input, policy: sim.getPolicy(policy) });
    if (i > 0) runs.push({ engine: report.wallSeconds, hash: resultsHash(report) });
  }
  return { engine: median(runs.map((r) => r.engine)), hash: runs[0]!.hash };
}

/** reference_sim.py's loop ported line for line to JavaScript: the floor any simulator on Node pays. */
function floor(trace: string, gpus: number, policy: string): { engine: number; hash: string } {
  const r = timed(process.execPath, [join(__dirname, 'reference/reference_sim.mjs'), trace, '--gpus', String(gpus), '--policy', policy]);
  const o = JSON.parse(r.stdout);
  return { engine: o.simSeconds, hash: o.resultsSha256 };
}

function compare(gpus: number, workload: string, trace: string, policy: string): void {
  const cluster = poolFile(gpus);
  const a: ReturnType<typeof ours>[] = [];
  const b: ReturnType<typeof reference>[] = [];
  const c: ReturnType<typeof floor>[] = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(ours(cluster, workload, policy));
    b.push(reference(trace, gpus, policy));
    c.push(floor(trace, gpus, policy));
  }
  const same = a.every((x) => x.hash === b[0]!.hash);
  const [oe, op, re, rp] = [median(a.map((x) => x.engine)), median(a.map((x) => x.process)), median(b.map((x) => x.engine)), median(b.map((x) => x.process))];
  const ok = (x: boolean): string => (x ? 'ok' : 'MISSED');
  console.log(
    `20,000 jobs, one pool of ${gpus.toLocaleString('en-US')} GPUs, ${policy}: engine ${oe.toFixed(3)} s vs Python ${re.toFixed(3)} s: ${(re / oe).toFixed(1)}x faster (target >= 3: ${ok(re / oe >= 3)}); ` +
      `whole process ${op.toFixed(2)} s vs ${rp.toFixed(2)} s: ${(rp / op).toFixed(2)}x (target >= 1: ${ok(rp / op >= 1)}); same start and end for every job: ${same ? 'yes' : 'NO'} (medians of ${RUNS} alternating runs)`,
  );
  const fe = median(c.map((x) => x.engine));
  const warm = warmEngine(cluster, workload, policy);
  console.log(
    `  ours warm (the same run again in one process, its code optimised): ${warm.engine.toFixed(3)} s, ${(re / warm.engine).toFixed(1)}x the Python${warm.hash === b[0]!.hash ? '' : ' (its results DIFFER from the Python)'}`,
  );
  console.log(
    `  the reference's loop in JavaScript (bench/reference/reference_sim.mjs, nothing but the loop): ${fe.toFixed(3)} s, ${(re / fe).toFixed(1)}x the Python; ours is ${(oe / fe).toFixed(1)}x that floor${c.every((x) => x.hash === b[0]!.hash) ? '' : ' (its results DIFFER from the Python: a broken port)'}`,
  );
  if (!same) process.exitCode = 1;
}

function startup(): void {
  const tiny = join(out, 'one-job.jsonl');
  writeFileSync(tiny, '{"id": "a", "arrival": 0, "gpus": 1, "durationSeconds": 60}\n');
  const cluster = poolFile(8);
  const args = [cli, 'sim', '--cluster', cluster, '--workload', tiny, '--policy', 'sjf'];
  const bare: number[] = [];
  const sim: number[] = [];
  const first: number[] = [];
  timed(process.execPath, args); // V8's compiled code of the bundle is kept from here on (src/cli/code-cache.ts)
  for (let i = 0; i < RUNS; i++) {
    bare.push(timed(process.execPath, ['-e', '0']).seconds);
    sim.push(timed(process.execPath, args).seconds);
    // A first run: an empty temporary folder holds no compiled code.
    const tmp = mkdtempSync(join(tmpdir(), 'openclaw-bench-'));
    first.push(timed(process.execPath, args, { TMPDIR: tmp }).seconds);
    rmSync(tmp, { recursive: true, force: true });
  }
  const own = (xs: number[]): string => `${((median(xs) - median(bare)) * 1000).toFixed(0)} ms`;
  console.log(
    `startup: openclaw sim of one job ${median(sim).toFixed(3)} s, bare node ${median(bare).toFixed(3)} s: ${own(sim)} of OpenClaw's own; ` +
      `a first run (no compiled code kept yet) ${median(first).toFixed(3)} s: ${own(first)} (medians of ${RUNS} alternating runs)`,
  );
}

function main(): void {
  mkdirSync(out, { recursive: true });
  const jobs = join(out, 'pool-20k.jsonl');
  writeFileSync(jobs, timed(PYTHON, [join(__dirname, 'reference/make_trace.py'), '--jobs', '20000', '--gpus', '3000', '--load', '1.6', '--seed', '1']).stdout);
  // The reference's jobs run for exactly their duration: no checkpoint pauses (ours pause 10 s per
  // checkpoint by default), so the workload says that.
  const workload = join(out, 'pool-20k.workload.yaml');
  writeFileSync(workload, 'trace: {format: openclaw, path: pool-20k.jsonl}\ncheckpoint: {saveSeconds: 0}\n');
  startup();
  for (const gpus of [3000, 6500]) compare(gpus, workload, jobs, 'sjf');
}

main();
