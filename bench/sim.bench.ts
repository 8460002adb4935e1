// Simulator figures:
//   1. the event core alone: events/s with 10,000 pending (target >= 3 million/s), median of 5
//   2. the whole Philly trace (82,247 jobs) on 2,048 V100s under fifo and under las: wall seconds
//      per run (target <= 10 s each), median of 3
//   3. the same trace on 512 V100s (a queue forms: about 70% load) under fifo and las
//   4. that replay once under every built-in policy: wall seconds each (target <= 20 s), preemptions
// The 1,000,000-job memory figure is in sim-million.bench.ts (a process of its own, for a clean peak).
// The simulator runs bundled, as in dist/cli.js; CPU seconds are given beside wall seconds, since
// other work on a shared machine stretches the wall clock.
import os from 'node:os';
import { join } from 'node:path';
import { loadSimBundle } from './sim-bundle';

const { EventQueue, Rng, getPolicy, loadCluster, loadWorkload, policyNames, simulate } = loadSimBundle();

const root = join(__dirname, '..');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Events/s by the wall clock and by this process's CPU time (which other work on the machine does not dilute). */
function eventCore(pending: number, events: number): { wall: number; cpu: number } {
  const q = new EventQueue(pending * 2);
  const rng = new Rng(1);
  // Pre-drawn delays so that the figure is the queue's, not the random generator's.
  const delays = new Float64Array(1 << 16);
  for (let i = 0; i < delays.length; i++) delays[i] = rng.exponential(100);
  for (let i = 0; i < pending; i++) q.push(delays[i & 0xffff]!, 1, i, 0);
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < events; i++) {
    q.pop();
    q.push(q.time + delays[i & 0xffff]!, q.kind, q.a, q.b);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(c0);
  if (q.size !== pending) throw new Error('the queue lost events');
  return { wall: events / seconds, cpu: events / ((cpu.user + cpu.system) / 1e6) };
}

function main(): void {
  eventCore(10000, 1_000_000); // warm-up
  const runs = Array.from({ length: 5 }, () => eventCore(10000, 5_000_000));
  const m = (xs: number[]): string => (median(xs) / 1e6).toFixed(2);
  console.log(
    `event core, 10,000 pending: median ${m(runs.map((r) => r.wall))} million events/s by the wall clock, ${m(runs.map((r) => r.cpu))} million per CPU-second ` +
      `(wall runs: ${runs.map((r) => (r.wall / 1e6).toFixed(2)).join(', ')}; target >= 3; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`,
  );

  for (const size of [2048, 512]) philly(size, workloadOnce());
  everyPolicyOn512(workloadOnce());
}

/** Each built-in policy once on the congested replay, where the cost of a round shows. */
function everyPolicyOn512(workload: ReturnType<typeof loadWorkload>): void {
  const cluster = loadCluster(join(root, 'examples/clusters/v100-512.cluster.yaml'));
  for (const name of policyNames()) {
    const s = Date.now();
    const c0 = process.cpuUsage();
    const r = simulate({ cluster, workload, policy: getPolicy(name) });
    const c = process.cpuUsage(c0);
    console.log(
      `Philly on 512 V100s, every policy: ${name} ${((Date.now() - s) / 1000).toFixed(2)} s wall (target <= 20), ${((c.user + c.system) / 1e6).toFixed(2)} CPU-s, ` +
        `${r.preemptions.toLocaleString('en-US')} preemptions, avg JCT ${(r.avgJctSeconds / 3600).toFixed(2)} h, makespan ${(r.makespanSeconds / 86400).toFixed(1)} d`,
    );
  }
}

let cached: ReturnType<typeof loadWorkload> | undefined;
function workloadOnce(): ReturnType<typeof loadWorkload> {
  if (!cached) {
    const t0 = Date.now();
    cached = loadWorkload(join(root, 'examples/workloads/philly.yaml'));
    console.log(`Philly trace read: ${cached.jobs.length.toLocaleString('en-US')} jobs in ${((Date.now() - t0) / 1000).toFixed(2)} s`);
  }
  return cached;
}

function philly(size: number, workload: ReturnType<typeof loadWorkload>): void {
  const cluster = loadCluster(join(root, `examples/clusters/v100-${size}.cluster.yaml`));
  for (const name of ['fifo', 'las']) {
    const walls: number[] = [];
    const cpus: number[] = [];
    let last;
    for (let i = 0; i < 3; i++) {
      const s = Date.now();
      const c0 = process.cpuUsage();
      last = simulate({ cluster, workload, policy: getPolicy(name) });
      const c = process.cpuUsage(c0);
      walls.push((Date.now() - s) / 1000);
      cpus.push((c.user + c.system) / 1e6);
    }
    const r = last!;
    console.log(
      `Philly on ${size.toLocaleString('en-US')} V100s, ${name}: median ${median(walls).toFixed(2)} s wall (runs: ${walls.map((w) => w.toFixed(2)).join(', ')}${size === 2048 ? '; target <= 10' : ''}), ${median(cpus).toFixed(2)} CPU-s, ` +
        `${r.completed.toLocaleString('en-US')}/${r.jobs.toLocaleString('en-US')} jobs, ${r.events.toLocaleString('en-US')} events, ${Math.round(r.jobs / median(walls)).toLocaleString('en-US')} jobs/s, avg JCT ${(r.avgJctSeconds / 3600).toFixed(2)} h`,
    );
  }
}

main();
