/**
 * LP policy figures: one round of max-min fairness (Gavel's LAS, solved by HiGHS) with 2,000 active
 * jobs on three device models (target ≤ 200 ms median), and with 10,000. Jobs are Gavel's kinds:
 * the 26 measured model configurations at 1, 2, 4 or 8 GPUs (70/10/15/5%, as Gavel's multi-GPU
 * generator draws them), throughputs from data/gavel_simulation_throughputs.json. Identical jobs
 * share LP variables, so the LP grows with the kinds of job, not their count; the last lines time
 * the worst case, where every job's throughputs differ (one LP column per job and model).
 * Run: npm run bench -- lp-round
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ClusterShape } from '../src/core/cluster-spec';
import { ClusterState } from '../src/scheduler/cluster-state';
import { jobEntry, type JobEntry } from '../src/scheduler/job-view';
import { getPolicy, preparePolicy } from '../src/scheduler/policies';
import { maxMinFairness, type AllocationProblem } from '../src/scheduler/policies/lp/formulations';
import { Scheduler } from '../src/scheduler/scheduler';
import { loadGavelThroughputs } from '../simulator/perf/gavel-throughputs';
import { Rng } from '../simulator/random';

const MODELS = ['v100', 'p100', 'k80'];
const table = loadGavelThroughputs(join(__dirname, '../data/gavel_simulation_throughputs.json'));
const kinds = [...table.keys()];

function gpusOf(u: number): number {
  return u < 0.7 ? 1 : u < 0.8 ? 2 : u < 0.95 ? 4 : 8;
}

/** `jobs` active jobs on a cluster of three models, 8 GPUs a server, with about two jobs a GPU. */
function setup(jobs: number, distinct: boolean): { state: ClusterState; waiting: JobEntry[] } {
  const servers = Math.ceil(jobs / 3 / 2 / 8 + 1);
  const shape: ClusterShape = {
    name: `lp-${jobs}`,
    nodes: MODELS.map((m) => ({ name: m, count: servers, devices: { model: m, count: 8, memoryGiB: 32 }, cpus: 64, memoryGiB: 512, intraLinkGbps: 1200 })),
    network: { bandwidthGbps: 100, latencyUs: 5 },
  };
  const state = ClusterState.fromShape(shape);
  const r = new Rng(5);
  const waiting: JobEntry[] = [];
  for (let i = 0; i < jobs; i++) {
    const gpus = gpusOf(r.next());
    const kind = table.get(kinds[Math.floor(r.next() * kinds.length)]!);
    // A job's own factor makes every throughput row distinct (the worst case for the LP's size).
    const own = distinct ? 1 + r.next() * 1e-3 : 1;
    const throughput: Record<string, number> = {};
    for (const m of MODELS) throughput[m] = (kind?.get(m)?.get(gpus) ?? 0) * own;
    const e = jobEntry({ id: `j${i}`, arrival: i, request: { gpus }, remainingSeconds: 3600 });
    e.throughput = throughput;
    waiting.push(e);
  }
  return { state, waiting };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median ms of a whole round (allocation LP + Gavel's round mechanism + placements) and of the LP alone. */
function measure(jobs: number, distinct: boolean, runs: number): { round: number; lp: number; placed: number; columns: number } {
  const { state, waiting } = setup(jobs, distinct);
  const rounds: number[] = [];
  const lps: number[] = [];
  let placed = 0;
  const problem: AllocationProblem = {
    models: MODELS,
    capacity: MODELS.map((m) => state.devices.filter((d) => d.model === m).length),
    jobs: waiting.map((j) => ({ id: j.id, gpus: j.request.gpus, throughput: MODELS.map((m) => j.throughput?.[m] ?? 0) })),
  };
  const columns = new Set(problem.jobs.map((j) => `${j.gpus}|${j.throughput.join(',')}`)).size * MODELS.length;
  for (let i = 0; i < runs + 1; i++) {
    const scheduler = new Scheduler(getPolicy('max-min-fairness'), state);
    const t0 = performance.now();
    const res = scheduler.round({ now: 0, trigger: 'round', waiting, running: [] });
    const t1 = performance.now();
    maxMinFairness(problem);
    const t2 = performance.now();
    placed = res.placed.length;
    for (const p of res.placed) state.release(p.job.id);
    // The first run warms the JIT and the WebAssembly tiers up.
    if (i > 0) {
      rounds.push(t1 - t0);
      lps.push(t2 - t1);
    }
  }
  return { round: median(rounds), lp: median(lps), placed, columns };
}

async function main(): Promise<void> {
  await preparePolicy('max-min-fairness');
  console.log('max-min fairness (Gavel LAS, heterogeneity-aware), one round, HiGHS (WebAssembly)');
  console.log('active jobs  jobs     LP columns   round median ms   LP alone ms   placed   target');
  for (const [jobs, distinct, runs] of [
    [2000, false, 7],
    [10000, false, 5],
    [2000, true, 3],
    [10000, true, 1],
  ] as const) {
    const r = measure(jobs, distinct, runs);
    const target = jobs === 2000 ? `≤ 200 ms ${r.round <= 200 ? 'ok' : 'MISSED'}` : '-';
    console.log(
      `${String(jobs).padStart(11)}  ${(distinct ? 'distinct' : 'gavel').padEnd(8)} ${String(r.columns).padStart(11)} ${r.round.toFixed(0).padStart(17)} ${r.lp.toFixed(0).padStart(13)} ${String(r.placed).padStart(8)}   ${target}`,
    );
  }
}

void main();
