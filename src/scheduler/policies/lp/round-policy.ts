/**
 * Gavel's round-based mechanism over an LP allocation (Narayanan et al., OSDI 2020, §5). The
 * allocation X says what fraction of its time each job should spend on each device model; every
 * round (6 minutes by default) each (job, model) pair gets the priority X[j][m] / (rounds j ran on m
 * / rounds j has been present), infinite for a pair with a share that has not run yet, and each
 * model, the fastest first, is filled with the jobs of highest priority on it that fit, a job at
 * most once a round. Jobs that keep their model keep running; the others are preempted and moved.
 * Between rounds free devices go to waiting jobs by the same priorities (work-conserving, where
 * Gavel leaves them idle until the round ends).
 */
import type { ClusterView, JobRequest, JobView, Policy, SchedulingInput } from '../../api';
import { neverFits } from '../../explain';
import { bestFit, type PlacementStrategy } from '../../placement';
import { byArrival, countByModel } from '../common';
import { withModel } from '../pin-model';
import { solveAllocation, type AllocationJob, type AllocationKind, type AllocationProblem } from './formulations';

export interface LpPolicyOptions {
  placement?: PlacementStrategy;
  roundSeconds?: number;
}

/** Allocations below this are solver noise, not a share. */
const EPSILON = 1e-6;

/** Seconds of work assumed for a job with no estimate of its remaining time (makespan, finish-time fairness). */
const UNKNOWN_REMAINING_SECONDS = 3600;

/** The models of the cluster and their devices on ready nodes. */
function capacityOf(cluster: ClusterView): number[] {
  const counts = new Map<string, number>();
  for (const node of cluster.nodes) if (node.state === 'ready') countByModel(cluster, node.devices, counts);
  return cluster.models.map((m) => counts.get(m) ?? 0);
}

function modelOf(cluster: ClusterView, job: JobView): string | undefined {
  const d = cluster.devicesOf(job.id)[0];
  return d === undefined ? undefined : cluster.devices[d]!.model;
}

// Whether a request can ever be placed on each model (node split, memory, sizes), per request and
// model list: asked of every job at every solve, answered once.
const placeable = new WeakMap<JobRequest, WeakMap<readonly string[], readonly boolean[]>>();

function placeableOn(job: JobView, cluster: ClusterView): readonly boolean[] {
  let byModels = placeable.get(job.request);
  if (!byModels) placeable.set(job.request, (byModels = new WeakMap()));
  let row = byModels.get(cluster.models);
  const pin = job.request.deviceModel;
  if (!row) byModels.set(cluster.models, (row = cluster.models.map((m) => (pin === undefined || pin === m) && neverFits(withModel(job.request, m), cluster) === undefined)));
  return row;
}

/**
 * Steps/s on each model for the LP: measured where known, 1 everywhere otherwise; 0 off a pinned
 * model and on models where the request can never be placed (the LP must not give it time there).
 */
function throughputRow(job: JobView, cluster: ClusterView): number[] {
  const t = job.throughput;
  const ok = placeableOn(job, cluster);
  return cluster.models.map((m, i) => (!ok[i] ? 0 : t ? (t[m] ?? 0) : 1));
}

/** The model a waiting job's remaining-time estimate refers to: its pin, else the most common model. */
function estimateModel(models: readonly string[], capacity: readonly number[]): string {
  let best = 0;
  for (let m = 1; m < models.length; m++) if (capacity[m]! > capacity[best]! || (capacity[m] === capacity[best] && models[m]! < models[best]!)) best = m;
  return models[best]!;
}

export class LpRounds {
  /** The last allocation, by job id: fractions per model of `models`. */
  private allocation = new Map<string, Float64Array>();
  private models: readonly string[] = [];
  /** Rounds each job ran on each model, and rounds it has been present. */
  private readonly received = new Map<string, Float64Array>();
  private readonly present = new Map<string, number>();
  private stale = true;
  /** The optimum of the last solve, in the formulation's terms. */
  objective = 0;
  /** Seconds the last solve took (for the time-travel view and benchmarks). */
  lastSolveSeconds = 0;

  constructor(
    readonly kind: AllocationKind,
    readonly name: string,
  ) {}

  /** The allocation problem of the jobs in `jobs` (arrival order) on the cluster as it stands. */
  problem(input: { now: number; cluster: ClusterView }, jobs: readonly JobView[]): AllocationProblem {
    const models = input.cluster.models;
    const capacity = capacityOf(input.cluster);
    const fallback = estimateModel(models, capacity);
    const rows: AllocationJob[] = jobs.map((job) => {
      const throughput = throughputRow(job, input.cluster);
      const on = modelOf(input.cluster, job) ?? job.request.deviceModel ?? fallback;
      const i = models.indexOf(on);
      const rate = i >= 0 && throughput[i]! > 0 ? throughput[i] : Math.max(...throughput);
      const seconds = job.remainingSeconds ?? UNKNOWN_REMAINING_SECONDS;
      return { id: job.id, gpus: job.request.gpus, throughput, remainingSteps: seconds * rate!, elapsedSeconds: Math.max(0, input.now - job.arrival) };
    });
    return { models, capacity, jobs: rows };
  }

  /** Solves the allocation for the jobs present (arrival order). */
  solve(input: SchedulingInput, jobs: readonly JobView[]): void {
    const t0 = performance.now();
    const p = this.problem(input, jobs);
    const r = solveAllocation(this.kind, p);
    this.lastSolveSeconds = (performance.now() - t0) / 1000;
    this.objective = r.objective;
    this.models = p.models;
    this.allocation = new Map(jobs.map((j, i) => [j.id, r.allocation[i]!]));
    this.stale = false;
  }

  /** Whether the jobs are those of the last solve (the allocation holds an entry for each). */
  private sameJobs(jobs: readonly JobView[]): boolean {
    if (jobs.length !== this.allocation.size) return false;
    for (const j of jobs) if (!this.allocation.has(j.id)) return false;
    return true;
  }

  share(job: string, model: number): number {
    return this.allocation.get(job)?.[model] ?? 0;
  }

  /** Gavel's priority of a (job, model) pair: its share over the fraction of rounds it ran there. */
  priority(job: string, model: number): number {
    const x = this.share(job, model);
    if (x < EPSILON) return 0;
    const got = this.received.get(job)?.[model] ?? 0;
    if (got === 0) return Number.POSITIVE_INFINITY;
    return (x * (this.present.get(job) ?? 1)) / got;
  }

  /** Counts the round that ends now: the running jobs ran on their model, every job was present. */
  private credit(input: SchedulingInput, jobs: readonly JobView[]): void {
    const models = input.cluster.models;
    const ids = new Set<string>();
    for (const job of jobs) {
      ids.add(job.id);
      this.present.set(job.id, (this.present.get(job.id) ?? 0) + 1);
    }
    for (const job of input.running) {
      const m = models.indexOf(modelOf(input.cluster, job) ?? '');
      if (m < 0) continue;
      let row = this.received.get(job.id);
      if (!row || row.length !== models.length) this.received.set(job.id, (row = new Float64Array(models.length)));
      row[m]! += 1;
    }
    for (const id of this.present.keys()) if (!ids.has(id)) this.present.delete(id);
    for (const id of this.received.keys()) if (!ids.has(id)) this.received.delete(id);
  }

  /** Models fastest first: by the mean share of their best throughput the jobs keep there. */
  private modelOrder(jobs: readonly JobView[], cluster: ClusterView): number[] {
    const models = cluster.models;
    const score = models.map(() => 0);
    for (const job of jobs) {
      const row = throughputRow(job, cluster);
      const best = Math.max(...row);
      if (best > 0) for (let m = 0; m < models.length; m++) score[m]! += row[m]! / best;
    }
    return models.map((_, m) => m).sort((a, b) => score[b]! - score[a]! || (models[a]! < models[b]! ? -1 : 1));
  }

  /** Gavel's per-round assignment: each model, fastest first, to its highest-priority jobs that fit. */
  assign(jobs: readonly JobView[], cluster: ClusterView, capacity: readonly number[]): Map<string, number> {
    const chosen = new Map<string, number>();
    for (const m of this.modelOrder(jobs, cluster)) {
      let left = capacity[m];
      const candidates = jobs.filter((j) => !chosen.has(j.id) && this.share(j.id, m) >= EPSILON && j.request.gpus <= left!);
      candidates.sort((a, b) => this.priority(b.id, m) - this.priority(a.id, m) || this.share(b.id, m) - this.share(a.id, m) || byArrival(a, b));
      for (const job of candidates) {
        if (job.request.gpus > left! || chosen.has(job.id)) continue;
        chosen.set(job.id, m);
        left! -= job.request.gpus;
        if (left === 0) break;
      }
    }
    return chosen;
  }

  describeShare(job: string): string {
    const row = this.allocation.get(job);
    if (!row) return 'no allocation yet';
    let total = 0;
    const parts: string[] = [];
    row.forEach((x, m) => {
      total += x;
      if (x >= EPSILON) parts.push(`${this.models[m]} ${(x * 100).toFixed(0)}%`);
    });
    return `${(total * 100).toFixed(0)}% of its time${parts.length ? ` (${parts.join(', ')})` : ''}`;
  }

  explain(job: JobView): string {
    const rounds = this.present.get(job.id) ?? 0;
    const got = this.received.get(job.id);
    const ran = got ? got.reduce((a, b) => a + b, 0) : 0;
    const prio = this.models
      .map((m, i) => ({ m, p: this.priority(job.id, i) }))
      .filter((e) => e.p > 0)
      .map((e) => `${e.m} ${Number.isFinite(e.p) ? e.p.toFixed(2) : '∞'}`);
    return `${this.name}: the LP allocation gives it ${this.describeShare(job.id)}; it ran ${ran} of its ${rounds} round${rounds === 1 ? '' : 's'}${prio.length ? `; priority ${prio.join(', ')}` : ''}; jobs of higher priority on those models hold them until the next round`;
  }

  /** One call of the policy. */
  schedule(input: SchedulingInput, place: PlacementStrategy): void {
    const { cluster, plan } = input;
    const round = input.trigger === 'round';
    if (!round && (input.waiting.length === 0 || cluster.freeCount() === 0)) return;
    const jobs = input.waiting.concat(input.running).sort(byArrival);
    if (round) this.credit(input, jobs);
    // As in Gavel, the allocation is recomputed when jobs come or go (or the cluster changes), not every round.
    if (this.stale || !this.sameJobs(jobs) || input.trigger === 'failure' || input.trigger === 'repair') this.solve(input, jobs);
    const models = cluster.models;
    const reason = (job: JobView, m: number) => `${this.name}: allocation ${this.describeShare(job.id)}; priority on ${models[m]} ${formatPriority(this.priority(job.id, m))}`;
    if (round) {
      const chosen = this.assign(jobs, cluster, capacityOf(cluster));
      for (const job of input.running) {
        const want = chosen.get(job.id);
        if (want === undefined) plan.preempt(job, `${this.name}: jobs of higher priority take its devices this round (allocation ${this.describeShare(job.id)})`);
        else if (models[want] !== modelOf(cluster, job)) plan.preempt(job, `${this.name}: moves to ${models[want]} this round`);
      }
      const order = [...chosen].filter(([id]) => cluster.devicesOf(id).length === 0);
      const byId = new Map(jobs.map((j) => [j.id, j]));
      order.sort((a, b) => this.priority(b[0], b[1]) - this.priority(a[0], a[1]) || byArrival(byId.get(a[0]) as JobView, byId.get(b[0]) as JobView));
      for (const [id, m] of order) {
        const job = byId.get(id) as JobView;
        if (plan.placed(job)) continue;
        const devices = place(cluster, withModel(job.request, models[m]!));
        if (devices) plan.place(job, devices, reason(job, m));
      }
    }
    // Jobs whose model was fragmented, and devices left free, go by priority to the next in line.
    this.fill(input, jobs, place, reason);
  }

  /** Free devices to waiting jobs with a share there, highest priority first. */
  private fill(input: SchedulingInput, jobs: readonly JobView[], place: PlacementStrategy, reason: (job: JobView, m: number) => string): void {
    const { cluster, plan } = input;
    const models = cluster.models;
    const pairs: { job: JobView; m: number; p: number }[] = [];
    for (const job of jobs) {
      if (cluster.devicesOf(job.id).length > 0 || plan.placed(job)) continue;
      for (let m = 0; m < models.length; m++) {
        const p = this.priority(job.id, m);
        if (p > 0) pairs.push({ job, m, p });
      }
    }
    pairs.sort((a, b) => b.p - a.p || this.share(b.job.id, b.m) - this.share(a.job.id, a.m) || byArrival(a.job, b.job));
    for (const { job, m } of pairs) {
      if (cluster.freeCount() === 0) break;
      if (plan.placed(job) || cluster.freeCount(models[m]) < job.request.gpus) continue;
      const devices = place(cluster, withModel(job.request, models[m]!));
      if (devices) plan.place(job, devices, reason(job, m));
    }
  }
}

function formatPriority(p: number): string {
  return Number.isFinite(p) ? p.toFixed(2) : '∞ (its share there has not run yet)';
}

const DESCRIPTIONS: Record<AllocationKind, { name: string; description: string }> = {
  'max-min-fairness': {
    name: 'max-min-fairness',
    description: "Gavel's heterogeneity-aware LAS: an LP (HiGHS) maximises the least throughput of any job relative to its equal share; rounds carry it out.",
  },
  'max-min-fairness-agnostic': {
    name: 'max-min-fairness-agnostic',
    description: "Gavel's heterogeneity-agnostic LAS: an LP (HiGHS) gives every job an equal share of device time, whatever the model.",
  },
  fifo: {
    name: 'fifo-lp',
    description: "Gavel's heterogeneity-aware FIFO as an LP (HiGHS): earlier jobs weigh more, each on the models where it keeps most of its speed.",
  },
  'finish-time-fairness': {
    name: 'finish-time-fairness',
    description: "Themis' finish-time fairness as Gavel solves it (HiGHS LPs): minimises the worst ratio of finish time to that on an equal share.",
  },
  'min-makespan': {
    name: 'min-makespan',
    description: "Gavel's minimum makespan as an LP (HiGHS): time is allocated so that the last of the current jobs ends as early as possible.",
  },
  'max-throughput': {
    name: 'max-throughput',
    description: "Gavel's maximum total throughput as an LP (HiGHS): the sum of each job's throughput relative to its best model.",
  },
};

/** The policy name of each LP formulation. */
export const LP_POLICY_NAMES: readonly string[] = Object.values(DESCRIPTIONS).map((d) => d.name);

export function lpPolicy(kind: AllocationKind, options: LpPolicyOptions = {}): Policy {
  const place = options.placement ?? bestFit;
  const { name, description } = DESCRIPTIONS[kind];
  const rounds = new LpRounds(kind, name);
  return {
    name,
    description,
    timeSharing: true,
    // The allocation changes as jobs end: running jobs move even when none waits.
    rebalances: true,
    // Gavel's jobs checkpoint as their round's lease ends: a rotation costs a save, not the work.
    savesOnPreemption: true,
    roundSeconds: options.roundSeconds ?? 360,
    schedule(input) {
      rounds.schedule(input, place);
      return input.plan.decisions;
    },
    explain(job) {
      return rounds.explain(job);
    },
  };
}
