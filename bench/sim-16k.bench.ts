/**
 * Preemptive policies at scale: 200,000 jobs of Gavel's generator (multi-GPU, 1,750 jobs/h, a
 * queue most of the time) on examples/clusters/large-16k (16,384 devices) under fifo and under the
 * time-sharing policies las, las-hetero, srtf and drf, each run alternating with fifo on the same
 * workload. Prints each policy's wall and CPU seconds and its ratio to fifo's (median of the fifo
 * runs; target <= 3x).
 *
 * Run alone: npm run bench -- sim-16k   (OPENCLAW_BENCH_SIM16K_JOBS=N, OPENCLAW_BENCH_POLICIES=las,drf)
 */
import { join } from 'node:path';
import type { Workload } from '../simulator/index';
import { loadSimBundle } from './sim-bundle';

const { defaultThroughputs, generateGavel, getPolicy, loadCluster, simulate } = loadSimBundle();

const JOBS = Number(process.env.OPENCLAW_BENCH_SIM16K_JOBS ?? 200_000);
const POLICIES = process.env.OPENCLAW_BENCH_POLICIES?.split(',') ?? ['las', 'las-hetero', 'srtf', 'drf'];
const root = join(__dirname, '..');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timedRun(cluster: ReturnType<typeof loadCluster>, workload: Workload, name: string): { wall: number; cpu: number; preemptions: number; jct: number } {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const r = simulate({ cluster, workload, policy: getPolicy(name) });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e6, preemptions: r.preemptions, jct: r.avgJctSeconds };
}

function main(): void {
  const cluster = loadCluster(join(root, 'examples/clusters/large-16k.cluster.yaml'));
  const table = defaultThroughputs()!;
  const workload: Workload = { name: 'gavel-16k', jobs: generateGavel(table, { jobs: JOBS, jobsPerHour: 1750, multiGpu: true, seed: 1 }), throughputs: table };
  console.log(`${JOBS.toLocaleString('en-US')} Gavel multi-GPU jobs at 1,750/h on large-16k (16,384 devices); each policy's ratio to the median of the fifo runs so far, one run of fifo between each policy's:`);
  const fifo: ReturnType<typeof timedRun>[] = [timedRun(cluster, workload, 'fifo')];
  for (const name of POLICIES) {
    const r = timedRun(cluster, workload, name);
    fifo.push(timedRun(cluster, workload, 'fifo'));
    const base = median(fifo.map((f) => f.wall));
    const ratio = r.wall / base;
    console.log(
      `${name.padEnd(11)} ${r.wall.toFixed(1).padStart(7)} s wall ${r.cpu.toFixed(1).padStart(7)} CPU-s  ${ratio.toFixed(2).padStart(5)}x fifo's ${base.toFixed(1)} s (target <= 3: ${ratio <= 3 ? 'ok' : 'MISSED'})  ` +
        `${r.preemptions.toLocaleString('en-US')} preemptions, avg JCT ${(r.jct / 3600).toFixed(2)} h`,
    );
  }
  console.log(`fifo        ${median(fifo.map((f) => f.wall)).toFixed(1).padStart(7)} s wall ${median(fifo.map((f) => f.cpu)).toFixed(1).padStart(7)} CPU-s  (median of ${fifo.length} runs), avg JCT ${(fifo[0]!.jct / 3600).toFixed(2)} h`);
}

main();
