/**
 * Gavel's allocation policies as linear programs (Narayanan et al., "Heterogeneity-Aware Cluster
 * Scheduling Policies for Deep Learning Workloads", OSDI 2020, §3–4). An allocation X gives each job
 * the fraction of time it should spend on each device model; a job's effective throughput is
 * Σ_m X[j][m] · throughput[j][m]. Every formulation shares Gavel's constraints: X ≥ 0, a job's
 * fractions sum to at most 1, and the devices a model's jobs use (fraction × the job's devices,
 * Gavel's scale factor) stay within that model's count. Space sharing is not modelled.
 */
import { solveLp, type LinearProgram, type LpConstraint } from './solver';

export interface AllocationJob {
  readonly id: string;
  /** Devices the job runs on at once (Gavel's scale factor). */
  readonly gpus: number;
  /** Steps/s on each model of the problem, index-aligned with `models`; 0 where it cannot run. */
  readonly throughput: readonly number[];
  /** Steps left (minimum makespan, finish-time fairness). */
  readonly remainingSteps?: number;
  /** Seconds since it arrived (finish-time fairness). */
  readonly elapsedSeconds?: number;
}

export interface AllocationProblem {
  readonly models: readonly string[];
  /** Devices of each model. */
  readonly capacity: readonly number[];
  /** In arrival order (FIFO ranks jobs by their position here). */
  readonly jobs: readonly AllocationJob[];
}

/** X[j][m]: the fraction of time job j should spend on model m. */
export type Allocation = readonly Float64Array[];

export type AllocationKind = 'max-min-fairness' | 'max-min-fairness-agnostic' | 'fifo' | 'finish-time-fairness' | 'min-makespan' | 'max-throughput';

export interface AllocationResult {
  readonly allocation: Allocation;
  /** The optimum in the formulation's own terms (see each formulation). */
  readonly objective: number;
}

const v = (j: number, m: number): string => `x${j}_${m}`;

/** Whether job j can use model m at all: measured throughput and enough devices of the model. */
function usable(p: AllocationProblem, j: number, m: number): boolean {
  const job = p.jobs[j];
  return job!.throughput[m]! > 0 && job!.gpus <= p.capacity[m]!;
}

/**
 * Jobs the LP treats as one: identical jobs (same devices, same throughputs) in the symmetric
 * formulations, where an optimum that splits a group's time evenly always exists (average any
 * optimum over the permutations of the group). One variable per group and model instead of per job
 * keeps a round's LP small when thousands of jobs share a few dozen kinds, and gives identical jobs
 * identical shares. FIFO, makespan and finish-time fairness tell jobs apart: one group per job.
 */
interface Group {
  /** A member, whose throughput and devices stand for all. */
  readonly rep: number;
  readonly members: number[];
}

function singletons(p: AllocationProblem, jobs: readonly number[]): Group[] {
  return jobs.map((j) => ({ rep: j, members: [j] }));
}

function groupIdentical(p: AllocationProblem, jobs: readonly number[]): Group[] {
  const byKey = new Map<string, Group>();
  for (const j of jobs) {
    const key = `${p.jobs[j]!.gpus}|${p.jobs[j]!.throughput.join(',')}`;
    const g = byKey.get(key);
    if (g) g.members.push(j);
    else byKey.set(key, { rep: j, members: [j] });
  }
  return [...byKey.values()];
}

/** Gavel's base constraints (each job's fractions ≤ 1, each model's devices), over groups. */
function baseConstraints(p: AllocationProblem, groups: readonly Group[]): LpConstraint[] {
  const rows: LpConstraint[] = [];
  groups.forEach((g, i) => {
    const terms: [number, string][] = [];
    for (let m = 0; m < p.models.length; m++) if (usable(p, g.rep, m)) terms.push([1, v(i, m)]);
    if (terms.length > 0) rows.push({ terms, op: '<=', rhs: g.members.length });
  });
  for (let m = 0; m < p.models.length; m++) {
    const terms: [number, string][] = [];
    groups.forEach((g, i) => {
      if (usable(p, g.rep, m)) terms.push([p.jobs[g.rep]!.gpus, v(i, m)]);
    });
    if (terms.length > 0) rows.push({ terms, op: '<=', rhs: p.capacity[m]! });
  }
  return rows;
}

/** Σ_m coef(m) · (group i's time on m), over the models its jobs can use. */
function groupTerms(p: AllocationProblem, groups: readonly Group[], i: number, coef: (m: number) => number): [number, string][] {
  const terms: [number, string][] = [];
  for (let m = 0; m < p.models.length; m++) if (usable(p, groups[i]!.rep, m)) terms.push([coef(m), v(i, m)]);
  return terms;
}

function bestThroughput(p: AllocationProblem, j: number): number {
  let best = 0;
  for (let m = 0; m < p.models.length; m++) if (usable(p, j, m) && p.jobs[j]!.throughput[m]! > best) best = p.jobs[j]!.throughput[m]!;
  return best;
}

/**
 * Gavel's equal-share baseline: the throughput a job gets with every model's time spread evenly
 * (fraction of each model = its share of the cluster), scaled down when the jobs ask for more
 * devices than there are. Max-min fairness normalises by it; finish-time fairness compares with it.
 */
export function isolatedThroughput(p: AllocationProblem, j: number, throughput = p.jobs[j]!.throughput): number {
  const { total, share } = equalShare(p);
  let t = 0;
  for (let m = 0; m < p.models.length; m++) if (usable(p, j, m)) t += throughput[m]! * (p.capacity[m]! / total);
  return t * share;
}

// The cluster's size and the fraction of it each job would get: asked for once per problem.
const shares = new WeakMap<AllocationProblem, { total: number; share: number }>();

function equalShare(p: AllocationProblem): { total: number; share: number } {
  let s = shares.get(p);
  if (!s) {
    let total = 0;
    for (const c of p.capacity) total += c;
    let asked = 0;
    for (const job of p.jobs) asked += job.gpus;
    shares.set(p, (s = { total, share: asked > 0 ? Math.min(1, total / asked) : 1 }));
  }
  return s;
}

/** Each job's fractions: its group's time on each model split evenly among the group. */
function read(p: AllocationProblem, groups: readonly Group[], value: (name: string) => number): Float64Array[] {
  const x = zeros(p);
  groups.forEach((g, i) => {
    for (let m = 0; m < p.models.length; m++) {
      if (!usable(p, g.rep, m)) continue;
      const each = Math.min(1, Math.max(0, value(v(i, m)) / g.members.length));
      for (const j of g.members) x[j]![m] = each;
    }
  });
  return x;
}

function solveOrThrow(lp: LinearProgram, p: AllocationProblem, groups: readonly Group[], policy: string): AllocationResult {
  const r = solveLp(lp, policy);
  if (r.status !== 'optimal') throw new Error(`${policy}: the allocation LP of ${p.jobs.length} jobs ended ${r.status}`);
  return { allocation: read(p, groups, r.value), objective: r.objective };
}

/** Jobs that can run somewhere (the others get an all-zero row and no variables). */
function runnable(p: AllocationProblem): number[] {
  const out: number[] = [];
  for (let j = 0; j < p.jobs.length; j++) if (bestThroughput(p, j) > 0) out.push(j);
  return out;
}

function zeros(p: AllocationProblem): Float64Array[] {
  return p.jobs.map(() => new Float64Array(p.models.length));
}

/**
 * Max-min fairness (Gavel's LAS): maximise the smallest normalised effective throughput,
 * Σ_m X[j][m] · throughput[j][m] · gpus_j / isolated_j. The objective is that smallest value.
 * `agnostic`: every usable model counts as throughput 1 (Gavel's heterogeneity-agnostic LAS: equal
 * device time, whatever the device).
 *
 * Only the smallest value is fixed by the LP: the jobs it does not bind (those that want less than
 * an equal share, or all of them once the cluster has room) would get whatever vertex the solver
 * lands on, idle devices included. A second LP keeps every job at that smallest value and gives
 * what is left to the most total normalised throughput (device-time, agnostic), so that no device
 * idles that a job could use. The agnostic allocation is then spread over the models in proportion
 * to their sizes: indifferent to the model, as an interior-point solver (Gavel's cvxpy/ECOS)
 * returns it, rather than a vertex that parks a job on the slowest model.
 */
export function maxMinFairness(p: AllocationProblem, agnostic = false, policy = agnostic ? 'max-min-fairness-agnostic' : 'max-min-fairness'): AllocationResult {
  const jobs = runnable(p);
  if (jobs.length === 0) return { allocation: zeros(p), objective: 0 };
  const groups = groupIdentical(p, jobs);
  const rows = groups.map((g, i) => {
    const job = p.jobs[g.rep];
    const t = agnostic ? job!.throughput.map((x) => (x > 0 ? 1 : 0)) : job!.throughput;
    const iso = isolatedThroughput(p, g.rep, t);
    // The group's time is split evenly: each member gets 1/n of it.
    return groupTerms(p, groups, i, (m) => (t[m]! * job!.gpus) / iso / g.members.length);
  });
  const base = baseConstraints(p, groups);
  const first = solveLp({ sense: 'max', objective: [[1, 'z']], constraints: [...base, ...rows.map((terms) => ({ terms: [...terms, [-1, 'z'] as [number, string]], op: '>=' as const, rhs: 0 }))] }, policy);
  if (first.status !== 'optimal') throw new Error(`${policy}: the allocation LP of ${p.jobs.length} jobs ended ${first.status}`);
  const z = first.objective;
  // A hair below the optimum, so that rounding in the first solve cannot make the second infeasible.
  const floor = z * (1 - 1e-7);
  const second = solveOrThrow({ sense: 'max', objective: efficiency(p, groups, agnostic), constraints: [...base, ...rows.map((terms) => ({ terms, op: '>=' as const, rhs: floor }))] }, p, groups, policy);
  return { allocation: agnostic ? spreadOverModels(p, second.allocation) : second.allocation, objective: z };
}

/** Each job's total time spread over its models in proportion to their sizes (when it can use them all). */
function spreadOverModels(p: AllocationProblem, x: Allocation): Float64Array[] {
  let total = 0;
  for (const c of p.capacity) total += c;
  return x.map((row, j) => {
    for (let m = 0; m < p.models.length; m++) if (!usable(p, j, m)) return row;
    let time = 0;
    for (const f of row) time += f;
    return Float64Array.from(p.capacity, (c) => (time * c) / total);
  });
}

/**
 * FIFO (Gavel §4.2): maximise Σ_j (N − rank_j) · gpus_j · Σ_m X[j][m] · throughput[j][m] / best_j,
 * rank being arrival order. Earlier jobs weigh more, so they are served first, and each on the
 * models where it keeps the largest share of its best throughput. The `gpus_j` factor makes the
 * weight per device: a large early job is not passed over for several small later ones.
 */
export function fifoAllocation(p: AllocationProblem, policy = 'fifo-lp'): AllocationResult {
  const jobs = fifoWindow(p, runnable(p));
  if (jobs.length === 0) return { allocation: zeros(p), objective: 0 };
  const groups = singletons(p, jobs);
  const n = p.jobs.length;
  const objective: [number, string][] = [];
  groups.forEach((g, i) => {
    const job = p.jobs[g.rep];
    const best = bestThroughput(p, g.rep);
    objective.push(...groupTerms(p, groups, i, (m) => ((n - g.rep) * job!.gpus * job!.throughput[m]!) / best));
  });
  return solveOrThrow({ sense: 'max', objective, constraints: baseConstraints(p, groups) }, p, groups, policy);
}

/**
 * The jobs FIFO's LP considers: in arrival order, until they ask for twice the cluster's devices.
 * Later jobs could only take what all of these cannot use; leaving them out (no share this time)
 * keeps the LP the size of the cluster rather than of the queue.
 */
function fifoWindow(p: AllocationProblem, jobs: readonly number[]): number[] {
  let room = 0;
  for (const c of p.capacity) room += 2 * c;
  const out: number[] = [];
  for (const j of jobs) {
    if (room <= 0) break;
    out.push(j);
    room -= p.jobs[j]!.gpus;
  }
  return out;
}

/**
 * Maximum total throughput: maximise Σ_j gpus_j · Σ_m X[j][m] · throughput[j][m] / best_j (each
 * job's throughput relative to its best model, so that steps of different models add up).
 */
export function maxThroughput(p: AllocationProblem, policy = 'max-throughput'): AllocationResult {
  const jobs = runnable(p);
  if (jobs.length === 0) return { allocation: zeros(p), objective: 0 };
  const groups = groupIdentical(p, jobs);
  return solveOrThrow({ sense: 'max', objective: efficiency(p, groups), constraints: baseConstraints(p, groups) }, p, groups, policy);
}

/** Σ over groups of gpus · throughput / best: total normalised throughput (device-time when `agnostic`). */
function efficiency(p: AllocationProblem, groups: readonly Group[], agnostic = false): [number, string][] {
  const out: [number, string][] = [];
  groups.forEach((g, i) => {
    const job = p.jobs[g.rep];
    const best = bestThroughput(p, g.rep);
    out.push(...groupTerms(p, groups, i, (m) => (agnostic ? job!.gpus : (job!.gpus * job!.throughput[m]!) / best)));
  });
  return out;
}

function remaining(p: AllocationProblem, j: number): number {
  return Math.max(0, p.jobs[j]!.remainingSteps ?? 0);
}

/**
 * Minimum makespan: minimise max_j remainingSteps_j / Σ_m X[j][m] · throughput[j][m]. As an LP:
 * maximise u subject to Σ_m X[j][m] · throughput[j][m] / best_j ≥ u · (remaining_j / best_j) / S,
 * S being the longest remaining time on a job's best model (so u is 1 when every job could run
 * on its best model at once). The objective reported is the makespan, S / u, in seconds.
 */
export function minMakespan(p: AllocationProblem, policy = 'min-makespan'): AllocationResult {
  const jobs = runnable(p).filter((j) => remaining(p, j) > 0);
  if (jobs.length === 0) return { allocation: zeros(p), objective: 0 };
  const groups = singletons(p, jobs);
  let s = 0;
  for (const j of jobs) s = Math.max(s, remaining(p, j) / bestThroughput(p, j));
  const constraints = baseConstraints(p, groups);
  groups.forEach((g, i) => {
    const best = bestThroughput(p, g.rep);
    const terms = groupTerms(p, groups, i, (m) => p.jobs[g.rep]!.throughput[m]! / best);
    terms.push([-(remaining(p, g.rep) / best) / s, 'u']);
    constraints.push({ terms, op: '>=', rhs: 0 });
  });
  const r = solveOrThrow({ sense: 'max', objective: [[1, 'u']], constraints, upper: new Map([['u', 1]]) }, p, groups, policy);
  return { allocation: r.allocation, objective: r.objective > 0 ? s / r.objective : Number.POSITIVE_INFINITY };
}

/**
 * Finish-time fairness (Themis, as Gavel states it): minimise max_j ρ_j, where
 * ρ_j = (elapsed_j + remaining_j / T_j(X)) / (elapsed_j + remaining_j / isolated_j): a job's finish
 * time under X against under an equal share. ρ is not linear in X but each level set is: for a
 * given ρ the jobs need T_j(X) ≥ remaining_j / (ρ · D_j − elapsed_j), a feasibility LP. The smallest
 * feasible ρ is found by bisection (the equal share itself is feasible at ρ = 1); among allocations
 * at that ρ, the one of most total normalised throughput. The objective reported is ρ.
 */
export function finishTimeFairness(p: AllocationProblem, policy = 'finish-time-fairness', tolerance = 1e-4): AllocationResult {
  const jobs = runnable(p).filter((j) => remaining(p, j) > 0);
  if (jobs.length === 0) return { allocation: zeros(p), objective: 0 };
  const groups = singletons(p, jobs);
  const base = baseConstraints(p, groups);
  const need = groups.map((g, i) => {
    const j = g.rep;
    const iso = isolatedThroughput(p, j);
    const elapsed = Math.max(0, p.jobs[j]!.elapsedSeconds ?? 0);
    const r = remaining(p, j);
    return { i, j, iso, elapsed, r, d: elapsed + r / iso };
  });
  const attempt = (rho: number): AllocationResult | undefined => {
    const constraints = base.slice();
    for (const { i, j, iso, elapsed, r, d } of need) {
      const slack = rho * d - elapsed;
      if (!(slack > 0)) return undefined;
      // Normalised by the isolated throughput so that the coefficients are near 1.
      constraints.push({ terms: groupTerms(p, groups, i, (m) => p.jobs[j]!.throughput[m]! / iso), op: '>=', rhs: r / iso / slack });
    }
    const res = solveLp({ sense: 'max', objective: efficiency(p, groups), constraints }, policy);
    return res.status === 'optimal' ? { allocation: read(p, groups, res.value), objective: rho } : undefined;
  };
  let lo = 0;
  for (const n of need) lo = Math.max(lo, n.elapsed / n.d);
  let hi = 1;
  let best = attempt(hi);
  // Rounding can make the equal share itself infeasible by a hair: loosen until it is not.
  while (!best && hi < 1e6) best = attempt((hi *= 1 + 1e-6 + tolerance));
  if (!best) throw new Error(`${policy}: no feasible allocation for ${p.jobs.length} jobs`);
  while (hi - lo > tolerance * hi) {
    const mid = (lo + hi) / 2;
    const r = attempt(mid);
    if (r) {
      hi = mid;
      best = r;
    } else lo = mid;
  }
  return best;
}

export function solveAllocation(kind: AllocationKind, p: AllocationProblem): AllocationResult {
  switch (kind) {
    case 'max-min-fairness':
      return maxMinFairness(p, false);
    case 'max-min-fairness-agnostic':
      return maxMinFairness(p, true);
    case 'fifo':
      return fifoAllocation(p);
    case 'finish-time-fairness':
      return finishTimeFairness(p);
    case 'min-makespan':
      return minMakespan(p);
    case 'max-throughput':
      return maxThroughput(p);
  }
}
