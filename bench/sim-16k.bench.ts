/**
 * Preemptive policies at scale: 200,000 jobs of Gavel's generator (multi-GPU, 1,750 jobs/h, a
 * queue most of the time) on examples/clusters/large-16k (16,384 devices) under fifo and under the
 * time-sharing policies las, las-hetero, srtf, srtf-rounds and drf, each run alternating with fifo on the same
 * workload. Prints each policy's wall and CPU seconds and its ratio to fifo's (median of the fifo
 * runs; target <= 3x).
 *
 * Each run is a process of its own with a time limit (OPENCLAW_BENCH_SIM16K_LIMIT seconds, default
 * 20x fifo's first run): a policy that does not finish is printed as such, with the ratio it passed.
 *
 * Run alone: npm run bench -- sim-16k   (OPENCLAW_BENCH_SIM16K_JOBS=N, OPENCLAW_BENCH_POLICIES=las,drf)
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Workload } from '../simulator/index';
import { loadSimBundle } from './sim-bundle';

const { defaultThroughputs, generateGavel, getPolicy, loadCluster, simulate } = loadSimBundle();

const JOBS = Number(process.env.OPENCLAW_BENCH_SIM16K_JOBS ?? 200_000);
const POLICIES = process.env.OPENCLAW_BENCH_POLICIES?.split(',') ?? ['las', 'las-hetero', 'srtf', 'srtf-rounds', 'drf'];
const root = join(__dirname, '..');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Run {
  wall: number;
  cpu: number;
  preemptions: number;
  jct: number;
}

/** One policy's run in this process: the workload is generated, then only the simulation is timed. */
function runHere(name: string): Run {
  const cluster = loadCluster(join(root, 'examples/clusters/large-16k.cluster.yaml'));
  const table = defaultThroughputs()!;
  const workload: Workload = { name: 'gavel-16k', jobs: generateGavel(table, { jobs: JOBS, jobsPerHour: 1750, multiGpu: true, seed: 1 }), throughputs: table };
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const r = simulate({ cluster, workload, policy: getPolicy(name) });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e6, preemptions: r.preemptions, jct: r.avgJctSeconds };
}

/** One policy's run in a process of its own, stopped after `limit` seconds (undefined: it did not finish). */
function timedRun(name: string, limit: number): Run | undefined {
  const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', __filename], {
    env: { ...process.env, OPENCLAW_BENCH_SIM16K_RUN: name },
    encoding: 'utf8',
    timeout: limit * 1000,
    maxBuffer: 1 << 20,
  });
  if (r.error || r.status !== 0) {
    if (r.signal) return undefined;
    throw new Error(`${name}: ${r.error?.message ?? r.stderr}`);
  }
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Run;
}

function main(): void {
  console.log(`${JOBS.toLocaleString('en-US')} Gavel multi-GPU jobs at 1,750/h on large-16k (16,384 devices); each policy's ratio to the median of the fifo runs so far, one run of fifo between each policy's:`);
  const fifo: Run[] = [timedRun('fifo', 3600)!];
  const limit = Number(process.env.OPENCLAW_BENCH_SIM16K_LIMIT ?? Math.ceil(20 * fifo[0]!.wall + 30));
  for (const name of POLICIES) {
    const r = timedRun(name, limit);
    fifo.push(timedRun('fifo', 3600)!);
    const base = median(fifo.map((f) => f.wall));
    if (!r) {
      console.log(`${name.padEnd(11)} did not finish in ${limit} s: more than ${(limit / base).toFixed(0)}x fifo's ${base.toFixed(1)} s (target <= 3: MISSED)`);
      continue;
    }
    const ratio = r.wall / base;
    console.log(
      `${name.padEnd(11)} ${r.wall.toFixed(1).padStart(7)} s wall ${r.cpu.toFixed(1).padStart(7)} CPU-s  ${ratio.toFixed(2).padStart(5)}x fifo's ${base.toFixed(1)} s (target <= 3: ${ratio <= 3 ? 'ok' : 'MISSED'})  ` +
        `${r.preemptions.toLocaleString('en-US')} preemptions, avg JCT ${(r.jct / 3600).toFixed(2)} h`,
    );
  }
  console.log(`fifo        ${median(fifo.map((f) => f.wall)).toFixed(1).padStart(7)} s wall ${median(fifo.map((f) => f.cpu)).toFixed(1).padStart(7)} CPU-s  (median of ${fifo.length} runs), avg JCT ${(fifo[0]!.jct / 3600).toFixed(2)} h`);
}

const one = process.env.OPENCLAW_BENCH_SIM16K_RUN;
if (one) console.log(JSON.stringify(runHere(one)));
else main();
