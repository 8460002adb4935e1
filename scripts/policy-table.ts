/**
 * Reproduces docs/policy-results.md: average JCT of the built-in policies on
 *   1. the Gavel cluster (preset `gavel`: 36 V100 + 36 P100 + 36 K80) with Gavel's generated
 *      single-GPU workload at several arrival rates (las-hetero, fifo-hetero, las, fifo), and
 *   2. the Philly trace (all 82,247 jobs) on uniform V100 clusters of a few sizes (las, fifo).
 *
 *   npm run policy-table            # the full table (a few minutes on 2 cores)
 *   npm run policy-table -- --quick # fewer seeds, the first 20,000 Philly jobs (under a minute)
 *   ... -- --out FILE               # write elsewhere (default docs/policy-results.md)
 *
 * Every run is deterministic (seeded), so the table is the same on every machine.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { loadCluster, simulate, uniformShape, workloadFromFile, type Workload } from '../simulator/index';
import type { ClusterShape } from '../src/core/cluster-spec';
import { getPolicy } from '../src/scheduler/policies';

const root = join(__dirname, '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outArg = args.indexOf('--out');
const out = outArg >= 0 ? args[outArg + 1] : join(root, 'docs/policy-results.md');

const RATES = quick ? [4, 8, 12] : [2, 4, 6, 8, 10, 12, 14];
const SEEDS = quick ? [1] : [1, 2, 3];
const GAVEL_JOBS = 500;
const GAVEL_POLICIES = ['las-hetero', 'fifo-hetero', 'las', 'fifo'];
const PHILLY_GPUS = [1024, 768, 512];
const PHILLY_LIMIT = quick ? 20_000 : undefined;

const hours = (s: number): string => (s / 3600).toFixed(2);

function progress(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}`);
  else process.stderr.write(`${text}\n`);
}

function run(cluster: ClusterShape, workload: Workload, policy: string, seed: number): { avg: number; p50: number; p99: number; util: number; wall: number } {
  const t0 = Date.now();
  const r = simulate({ cluster, workload, policy: getPolicy(policy), seed, noTiming: true });
  if (r.completed !== r.jobs) throw new Error(`${policy} on ${cluster.name}: only ${r.completed} of ${r.jobs} jobs completed`);
  return { avg: r.avgJctSeconds, p50: r.p50JctSeconds, p99: r.p99JctSeconds, util: r.utilization, wall: (Date.now() - t0) / 1000 };
}

function gavelTable(): string[] {
  const cluster = loadCluster('gavel');
  const lines = [
    `| jobs/hour | ${GAVEL_POLICIES.join(' | ')} | las-hetero vs las | fifo-hetero vs fifo |`,
    `|---:|${GAVEL_POLICIES.map(() => '---:').join('|')}|---:|---:|`,
  ];
  let wins = 0;
  for (const rate of RATES) {
    const avg = new Map<string, number>();
    for (const policy of GAVEL_POLICIES) {
      let sum = 0;
      for (const seed of SEEDS) {
        progress(`gavel: ${rate} jobs/hour, ${policy}, seed ${seed}`);
        const workload = workloadFromFile({ generator: 'gavel', jobsPerHour: rate, jobs: GAVEL_JOBS, multiGpu: false, seed }, `gavel-${rate}jph`, root);
        sum += run(cluster, workload, policy, seed).avg;
      }
      avg.set(policy, sum / SEEDS.length);
    }
    const g = (p: string) => avg.get(p) as number;
    if (g('las-hetero') < g('las') && g('fifo-hetero') < g('fifo')) wins++;
    const pct = (a: number, b: number) => `${(((a - b) / b) * 100).toFixed(0)}%`;
    lines.push(`| ${rate} | ${GAVEL_POLICIES.map((p) => hours(g(p))).join(' | ')} | ${pct(g('las-hetero'), g('las'))} | ${pct(g('fifo-hetero'), g('fifo'))} |`);
  }
  lines.push('', `Heterogeneity-aware policies had the lower average JCT at ${wins} of ${RATES.length} rates.`);
  return lines;
}

function phillyTable(): string[] {
  const workload = workloadFromFile({ name: 'philly', trace: { format: 'philly', path: 'data/pollux_philly.csv', limit: PHILLY_LIMIT } }, 'philly', root);
  const lines = [
    '| cluster | policy | avg JCT (h) | p50 JCT (h) | p99 JCT (h) | utilisation | wall (s) |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  let lower = 0;
  let equal = 0;
  for (const gpus of PHILLY_GPUS) {
    const cluster = uniformShape(gpus);
    const avg: number[] = [];
    for (const policy of ['las', 'fifo']) {
      progress(`philly: ${gpus} GPUs, ${policy}`);
      const r = run(cluster, workload, policy, 1);
      avg.push(r.avg);
      lines.push(`| ${gpus} × v100 | ${policy} | ${hours(r.avg)} | ${hours(r.p50)} | ${hours(r.p99)} | ${(r.util * 100).toFixed(1)}% | ${r.wall.toFixed(1)} |`);
    }
    if (hours(avg[0]) === hours(avg[1])) equal++;
    else if (avg[0] < avg[1]) lower++;
  }
  lines.push('', `LAS had the lower average JCT on ${lower} of ${PHILLY_GPUS.length} clusters${equal ? `, the same on ${equal} (no queue formed there)` : ''}.`);
  return lines;
}

function main(): void {
  const started = Date.now();
  const gavel = gavelTable();
  const philly = phillyTable();
  progress('');
  const doc = [
    '# Policy results',
    '',
    `Produced by \`npm run policy-table${quick ? ' -- --quick' : ''}\` (scripts/policy-table.ts); every run is seeded, so rerunning gives the same`,
    'numbers. Average job completion time (JCT: completion minus arrival), in hours. Wall-clock times vary by machine.',
    '',
    '## Heterogeneity-aware policies on the Gavel cluster',
    '',
    `Cluster preset \`gavel\`: 36 V100 + 36 P100 + 36 K80, one GPU a server (as in Gavel's simulations). Workload:`,
    `Gavel's generator, single-GPU jobs, ${GAVEL_JOBS} jobs a run, Poisson arrivals at the given rate; throughputs from`,
    `Gavel's measurements (data/gavel_simulation_throughputs.json). Each cell is the mean over seed${SEEDS.length > 1 ? 's' : ''} ${SEEDS.join(', ')}.`,
    'The last two columns are the change of the heterogeneity-aware policy against its agnostic counterpart (negative: faster).',
    '',
    ...gavel,
    '',
    'Where LAS and FIFO coincide there was no queue to reorder; the heterogeneity-aware policies differ from them by',
    "where each job runs: the models a job gains most from go to it first, and running jobs move when a much faster model frees up.",
    '',
    "## LAS against FIFO on the Philly trace",
    '',
    `${PHILLY_LIMIT ? `The first ${PHILLY_LIMIT.toLocaleString('en-US')}` : 'All 82,247'} jobs of Microsoft's Philly trace (Jeon et al., ATC 2019; data/pollux_philly.csv), on uniform clusters`,
    'of 8-GPU V100 nodes. Smaller clusters mean more load. The trace is heavy-tailed: most jobs are short, a few run for',
    'days; FIFO makes short jobs wait behind them, LAS lets them through.',
    '',
    ...philly,
    '',
  ].join('\n');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, doc);
  console.log(doc);
  console.error(`wrote ${relative(process.cwd(), out)} in ${Math.round((Date.now() - started) / 1000)} s`);
}

main();
