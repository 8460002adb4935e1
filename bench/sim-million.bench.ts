// Simulator memory figure: a generated workload of 1,000,000 jobs (Gavel's generator, multi-GPU) on
// a 16,384-accelerator cluster runs to the end under every built-in policy with peak memory <= 2 GiB
// and in under 60 s each. Each policy runs once, in a process of its own (a clean peak): peak RSS is
// that process's high-water mark (getrusage), sampled heap too. The simulator runs bundled, as in
// dist/cli.js.
//
// Run alone: npm run bench -- sim-million   (OPENCLAW_BENCH_POLICIES=fifo,las for some policies only;
// OPENCLAW_BENCH_SIM_JOBS=N for a smaller workload)
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Workload } from '../simulator/index';
import { loadSimBundle } from './sim-bundle';

const { defaultThroughputs, generateGavel, getPolicy, loadCluster, policyNames, simulate } = loadSimBundle();

const JOBS = Number(process.env.OPENCLAW_BENCH_SIM_JOBS ?? 1_000_000);
const root = join(__dirname, '..');

/** One policy's run (in a child process). */
function runOne(policy: string): void {
  const cluster = loadCluster(join(root, 'examples/clusters/large-16k.cluster.yaml'));
  const table = defaultThroughputs()!;
  const t0 = Date.now();
  // About 75% of the cluster's capacity in V100-equivalents: a busy cluster with a queue at times.
  const workload: Workload = { name: 'gavel-1m', jobs: generateGavel(table, { jobs: JOBS, jobsPerHour: 1200, multiGpu: true, seed: 1 }), throughputs: table };
  const genSeconds = (Date.now() - t0) / 1000;
  let heapPeak = 0;
  const s = Date.now();
  const c0 = process.cpuUsage();
  const report = simulate(
    { cluster, workload, policy: getPolicy(policy) },
    {
      onProgress: () => {
        heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      },
    },
  );
  const wall = (Date.now() - s) / 1000;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  console.log(
    `${JOBS.toLocaleString('en-US')} generated jobs on 16,384 devices, ${policy}: ${report.completed.toLocaleString('en-US')} completed, ${report.events.toLocaleString('en-US')} events in ${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} CPU-s ` +
      `(${Math.round(report.events / wall).toLocaleString('en-US')} events/s; generation ${genSeconds.toFixed(1)} s; target < 60 s: ${wall < 60 ? 'ok' : 'MISSED'}), utilisation ${(report.utilization * 100).toFixed(1)}%, ${report.preemptions.toLocaleString('en-US')} preemptions`,
  );
  console.log(`  peak memory: ${peakRssMiB.toFixed(0)} MiB RSS high-water, ${(heapPeak / 2 ** 20).toFixed(0)} MiB heap sampled peak (target <= 2048 MiB: ${peakRssMiB <= 2048 ? 'ok' : 'MISSED'})`);
}

const only = process.env.OPENCLAW_BENCH_POLICIES?.split(',');
if (process.env.OPENCLAW_BENCH_SIM_POLICY) runOne(process.env.OPENCLAW_BENCH_SIM_POLICY);
else {
  let failed = 0;
  for (const name of policyNames().filter((n) => !only || only.includes(n))) {
    const r = spawnSync(process.execPath, process.execArgv.concat([__filename]), { stdio: 'inherit', env: { ...process.env, OPENCLAW_BENCH_SIM_POLICY: name } });
    if (r.status !== 0) failed++;
  }
  process.exitCode = failed ? 1 : 0;
}
