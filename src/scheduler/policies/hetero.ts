/**
 * Heterogeneity-aware FIFO and LAS in the manner of Gavel (Narayanan et al., OSDI 2020). Jobs are
 * chosen as FIFO or LAS would choose them; then device models are given out by how much each job
 * gains from them: a job's throughput on each model is normalised by its best model, and jobs whose
 * normalised throughput drops most on their next-best model get their best model first (the faster
 * devices go where they help most). Every round running jobs may move to a model that serves them
 * markedly better (`migrateGain`, 1.25×).
 */
import type { JobView, Policy, SchedulingInput } from '../api';
import { bestFit, type PlacementStrategy } from '../placement';
import { allJobs, byArrival, countByModel, sortBy, targetSet } from './common';
import { LasQueues } from './las';
import { withModel } from './pin-model';

export interface HeteroOptions {
  placement?: PlacementStrategy;
  roundSeconds?: number;
  /** A running job moves to another model only when its throughput there is this many times higher. */
  migrateGain?: number;
}

/** The job's throughput on a model relative to its best model (1 when unknown). */
export function normalisedThroughput(job: JobView, model: string): number {
  const t = job.throughput;
  if (!t) return 1;
  let best = 0;
  for (const k in t) best = Math.max(best, t[k]!);
  if (best <= 0) return 1;
  return (t[model] ?? 0) / best;
}

/** What a job's throughputs say about the models: its usable models best first, and its loss. */
interface Profile {
  readonly prefs: readonly string[];
  /** Normalised throughput on the best model minus that on the second best. */
  readonly loss: number;
}

// Profiles depend only on the throughput record, the pinned model and the cluster's models, and
// jobs share throughput records: computed once, not per job and round.
const profiles = new WeakMap<readonly string[], WeakMap<object, Map<string, Profile>>>();
const UNKNOWN = {};

function profileOf(job: JobView, models: readonly string[]): Profile {
  let byRecord = profiles.get(models);
  if (!byRecord) profiles.set(models, (byRecord = new WeakMap()));
  const record = job.throughput ?? UNKNOWN;
  let byPin = byRecord.get(record);
  if (!byPin) byRecord.set(record, (byPin = new Map()));
  const pin = job.request.deviceModel ?? '';
  let p = byPin.get(pin);
  if (!p) {
    const allowed = pin ? models.filter((m) => m === pin) : models.slice();
    const norm = new Map(allowed.map((m) => [m, normalisedThroughput(job, m)]));
    const prefs = allowed.filter((m) => (norm.get(m) ?? 0) > 0).sort((a, b) => (norm.get(b) ?? 0) - (norm.get(a) ?? 0));
    const first = prefs.length > 0 ? (norm.get(prefs[0]!) ?? 0) : 0;
    const second = prefs.length > 1 ? (norm.get(prefs[1]!) ?? 0) : 0;
    byPin.set(pin, (p = { prefs, loss: first - second }));
  }
  return p;
}

/**
 * Gives each job a model, largest loss first: the loss of a job is its normalised throughput on its
 * best model minus that on its second best. Returns each job's models to try, the assigned first.
 */
export function assignModels(jobs: readonly JobView[], capacity: Map<string, number>, models: readonly string[]): Map<string, readonly string[]> {
  const entries = jobs.map((job, i) => ({ job, i, p: profileOf(job, models) }));
  entries.sort((a, b) => b.p.loss - a.p.loss || a.i - b.i);
  const out = new Map<string, readonly string[]>();
  for (const { job, p } of entries) {
    const gpus = job.request.gpus;
    const chosen = p.prefs.find((m) => (capacity.get(m) ?? 0) >= gpus);
    if (chosen === undefined || chosen === p.prefs[0]) {
      if (chosen !== undefined) capacity.set(chosen, (capacity.get(chosen) ?? 0) - gpus);
      out.set(job.id, p.prefs);
      continue;
    }
    capacity.set(chosen, (capacity.get(chosen) ?? 0) - gpus);
    out.set(job.id, [chosen, ...p.prefs.filter((m) => m !== chosen)]);
  }
  return out;
}

function modelOfRunning(input: SchedulingInput, job: JobView): string | undefined {
  const d = input.cluster.devicesOf(job.id)[0];
  return d === undefined ? undefined : input.cluster.devices[d]!.model;
}

interface Move {
  readonly job: JobView;
  readonly from: string;
  readonly to: string;
}

/**
 * The moves, in priority order, that the models have room for by device count: free devices plus
 * those the kept moves free. A move into a model short of room is dropped, the last first, until
 * none is short. Without this a job moved to a full model landed back on its own and paid a
 * checkpoint save and restore for nothing, every round.
 */
export function movesWithRoom(moves: readonly Move[], free: (model: string) => number): readonly Move[] {
  let kept = moves;
  for (;;) {
    const room = new Map<string, number>();
    const roomOf = (m: string): number => room.get(m) ?? free(m);
    for (const { job, from, to } of kept) {
      room.set(from, roomOf(from) + job.request.gpus);
      room.set(to, roomOf(to) - job.request.gpus);
    }
    // Dropping a move gives its devices back to the model it would have entered.
    const drop = new Set<Move>();
    for (let i = kept.length - 1; i >= 0; i--) {
      const mv = kept[i]!;
      const r = roomOf(mv.to);
      if (r >= 0) continue;
      drop.add(mv);
      room.set(mv.to, r + mv.job.request.gpus);
    }
    if (drop.size === 0) return kept;
    kept = kept.filter((mv) => !drop.has(mv));
  }
}

/** Places `job` on the first of its models where it fits. */
function placeOnModels(input: SchedulingInput, job: JobView, models: readonly string[], place: PlacementStrategy, reason: (m: string) => string): boolean {
  for (const m of models) {
    const devices = place(input.cluster, withModel(job.request, m));
    if (devices) {
      input.plan.place(job, devices, reason(m));
      return true;
    }
  }
  return false;
}

function heteroSchedule(
  input: SchedulingInput,
  ordered: readonly JobView[],
  place: PlacementStrategy,
  migrateGain: number,
  strict: boolean,
  label: string,
  /** The fewest devices a waiting job asks for (0 when not known): below it, no waiting job fits. */
  smallestWaiting = 0,
): void {
  const { cluster, plan } = input;
  const models = cluster.models;
  const gain = (job: JobView, m: string) => `${label}: ${m} gives ${(normalisedThroughput(job, m) * 100).toFixed(0)}% of its best throughput`;
  if (input.trigger === 'round') {
    const chosen = targetSet(cluster, ordered, input.running);
    for (const job of input.running) if (!chosen.has(job.id)) plan.preempt(job, `${label}: jobs ahead of it need the devices`);
    const capacity = new Map<string, number>();
    for (const m of models) capacity.set(m, cluster.freeCount(m));
    for (const job of input.running) {
      if (!chosen.has(job.id)) continue;
      countByModel(cluster, cluster.devicesOf(job.id), capacity);
    }
    const members = ordered.filter((j) => chosen.has(j.id));
    const assigned = assignModels(members, capacity, models);
    // Running jobs that gain enough from another model move, when that model has room for them
    // (counting the devices the moves free: two jobs may swap); the others stay where they are.
    const moves: Move[] = [];
    for (const job of members) {
      if (job.state !== 'running') continue;
      const from = modelOfRunning(input, job);
      const to = assigned.get(job.id)?.[0];
      if (from === undefined || to === undefined || to === from) continue;
      if (normalisedThroughput(job, to) >= migrateGain * normalisedThroughput(job, from)) moves.push({ job, from, to });
    }
    const kept = movesWithRoom(moves, (m) => cluster.freeCount(m));
    for (const { job, from, to } of kept) plan.preempt(job, `${label}: moves from ${from} to ${to}`);
    // Moved jobs take their new model first; one that does not fit there after all (its nodes
    // split the devices) is placed below like a waiting job.
    for (const { job, to } of kept) {
      const devices = place(cluster, withModel(job.request, to));
      if (devices) plan.place(job, devices, gain(job, to));
    }
    for (const job of members) {
      if (plan.placed(job) || (job.state === 'running' && !plan.preempted(job))) continue;
      if (cluster.freeCount() === 0) break;
      placeOnModels(input, job, assigned.get(job.id) ?? [], place, (m) => gain(job, m));
    }
  }
  // Between rounds (and after one): free devices go to waiting jobs in order, models by gain.
  if (cluster.freeCount() === 0) return;
  const batch: JobView[] = [];
  let room = cluster.freeCount();
  for (const job of ordered) {
    // Every job left asks for more than the free devices: the rest of a long queue is not visited.
    if (room < smallestWaiting) break;
    if (job.state !== 'waiting' || plan.placed(job)) continue;
    if (job.request.gpus > room) {
      if (strict) break;
      continue;
    }
    batch.push(job);
    room -= job.request.gpus;
    if (room === 0) break;
  }
  if (batch.length === 0) return;
  const capacity = new Map<string, number>();
  for (const m of models) capacity.set(m, cluster.freeCount(m));
  const assigned = assignModels(batch, capacity, models);
  for (const job of batch) {
    if (!placeOnModels(input, job, assigned.get(job.id) ?? [], place, (m) => gain(job, m)) && strict) break;
  }
}

export function fifoHetero(options: HeteroOptions = {}): Policy {
  const place = options.placement ?? bestFit;
  const migrateGain = options.migrateGain ?? 1.25;
  return {
    name: 'fifo-hetero',
    description: 'Heterogeneity-aware FIFO, greedy (fast; fifo-lp solves it as Gavel does): arrival order, each model to the jobs that gain most.',
    timeSharing: true,
    roundSeconds: options.roundSeconds ?? 360,
    // Running jobs move to a faster model at rounds, also when none waits.
    rebalances: true,
    schedule(input) {
      // Between rounds only free devices can be given out.
      if (input.trigger !== 'round' && (input.waiting.length === 0 || input.cluster.freeCount() === 0)) return input.plan.decisions;
      const ordered = input.trigger === 'round' ? sortBy(allJobs(input), byArrival) : input.waiting;
      heteroSchedule(input, ordered, place, migrateGain, true, 'fifo-hetero');
      return input.plan.decisions;
    },
    explain(job, { waiting }) {
      const i = waiting.indexOf(job);
      return i > 0 ? `behind ${i} earlier job${i === 1 ? '' : 's'} in arrival order (the first: "${waiting[0]!.id}")` : undefined;
    },
  };
}

export function lasHetero(options: HeteroOptions & { thresholds?: readonly number[]; starvationFactor?: number; minRunSeconds?: number } = {}): Policy {
  const place = options.placement ?? bestFit;
  const migrateGain = options.migrateGain ?? 1.25;
  const queues = new LasQueues(options.thresholds, options.starvationFactor, options.minRunSeconds);
  return {
    name: 'las-hetero',
    description: 'Heterogeneity-aware LAS, greedy (fast; max-min-fairness solves it as Gavel does): least service first, each model to who gains most.',
    timeSharing: true,
    roundSeconds: options.roundSeconds ?? 360,
    // Running jobs move to a faster model at rounds, also when none waits.
    rebalances: true,
    schedule(input) {
      const waiting = queues.waiting(input);
      if (input.trigger !== 'round' && (waiting.length === 0 || input.cluster.freeCount() < queues.smallestWaiting)) return input.plan.decisions;
      const ordered = input.trigger === 'round' ? queues.sort(allJobs(input), input.now) : waiting;
      heteroSchedule(input, ordered, place, migrateGain, false, 'las-hetero', queues.smallestWaiting);
      queues.observe(input.plan.decisions, input.now, input.running);
      return input.plan.decisions;
    },
    explain(job, { now }) {
      return queues.describe(job, now);
    },
  };
}
