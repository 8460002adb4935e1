/**
 * Heterogeneity-aware FIFO and LAS in the manner of Gavel (Narayanan et al., OSDI 2020). Jobs are
 * chosen as FIFO or LAS would choose them; then device models are given out by how much each job
 * gains from them: a job's throughput on each model is normalised by its best model, and jobs whose
 * normalised throughput drops most on their next-best model get their best model first (the faster
 * devices go where they help most). Every round, also with nothing waiting, running jobs move to a
 * model that serves them markedly better (`migrateGain`, 1.25×) when it has room for them.
 */
import type { JobOrder, JobView, Policy, SchedulingInput } from '../api';
import { bestFit, type PlacementStrategy } from '../placement';
import { byArrival, deviceModelIndex, heldModelOf, inRunningOrder, mergedChoice, smallestRequest, sortBy } from './common';
import { TimedRunningOrder } from './timed-running-order';
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
  /** `prefs` with another model first, by that model (made when first needed: thousands of jobs share a profile). */
  readonly withFirst: Map<string, readonly string[]>;
  /** `prefs` as positions in the cluster's models (rounds hand out thousands: no lookups by name). */
  readonly prefIdx: Int32Array;
  /** The normalised throughput on each of the cluster's models, by position (also those the job may not use). */
  readonly normIdx: Float64Array;
}

// Profiles depend only on the throughput record, the pinned model and the cluster's models, and
// jobs share throughput records: computed once, not per job and round.
const profiles = new WeakMap<readonly string[], WeakMap<object, Map<string, Profile>>>();
const UNKNOWN = {};

/** Finds jobs' profiles on a cluster with these models (a round looks up thousands: the cluster's table is found once). */
function profileFinder(models: readonly string[]): (job: JobView) => Profile {
  let byRecord = profiles.get(models);
  if (!byRecord) profiles.set(models, (byRecord = new WeakMap()));
  const table = byRecord;
  return (job) => {
    const record = job.throughput ?? UNKNOWN;
    let byPin = table.get(record);
    if (!byPin) table.set(record, (byPin = new Map()));
    const pin = job.request.deviceModel ?? '';
    let p = byPin.get(pin);
    if (!p) {
      const allowed = pin ? models.filter((m) => m === pin) : models.slice();
      const norm = new Map(allowed.map((m) => [m, normalisedThroughput(job, m)]));
      const prefs = allowed.filter((m) => (norm.get(m) ?? 0) > 0).sort((a, b) => (norm.get(b) ?? 0) - (norm.get(a) ?? 0));
      const first = prefs.length > 0 ? (norm.get(prefs[0]!) ?? 0) : 0;
      const second = prefs.length > 1 ? (norm.get(prefs[1]!) ?? 0) : 0;
      const normIdx = Float64Array.from(models, (m) => normalisedThroughput(job, m));
      byPin.set(pin, (p = { prefs, loss: first - second, withFirst: new Map(), prefIdx: Int32Array.from(prefs, (m) => models.indexOf(m)), normIdx }));
    }
    return p;
  };
}

/**
 * Gives each job a model, largest loss first: the loss of a job is its normalised throughput on its
 * best model minus that on its second best. Returns each job's models to try, the assigned first.
 */
export function assignModels(jobs: readonly JobView[], capacity: Map<string, number>, models: readonly string[]): Map<string, readonly string[]> {
  const assigned = assignInOrder(jobs, capacity, models);
  return new Map(jobs.map((job, i) => [job.id, assigned[i]!]));
}

/** assignModels, each job's models at the job's position in `jobs` (no map by id: rounds give out thousands). */
function assignInOrder(jobs: readonly JobView[], capacity: Map<string, number>, models: readonly string[]): (readonly string[])[] {
  const room = Float64Array.from(models, (m) => capacity.get(m) ?? 0);
  const profiles = jobs.map(profileFinder(models));
  const chosen = assignByProfile(profiles, Float64Array.from(jobs, (job) => job.request.gpus), room);
  // The devices left, as the caller's map says them.
  models.forEach((m, k) => {
    if (room[k] !== (capacity.get(m) ?? 0)) capacity.set(m, room[k]!);
  });
  return profiles.map((p, i) => modelsToTry(p, chosen[i]!, models));
}

/**
 * assignModels from each job's profile and device count, position by position: each job's model
 * as a position in the cluster's models (-1: none has room), `room` (by position) spent.
 */
function assignByProfile(profiles: readonly Profile[], gpus: Float64Array, room: Float64Array): Int32Array {
  const n = profiles.length;
  // Largest loss first, in the given order within a loss: a stable counting sort by loss (jobs
  // share a few profiles, so there are few losses).
  const rankOf = new Map<number, number>();
  const losses: number[] = [];
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const loss = profiles[i]!.loss;
    let r = rankOf.get(loss);
    if (r === undefined) {
      rankOf.set(loss, (r = losses.length));
      losses.push(loss);
    }
    rank[i] = r;
  }
  // Where each loss's jobs start in the order, largest loss first.
  const byLoss = losses.map((loss, r) => ({ loss, r })).sort((a, b) => b.loss - a.loss);
  const start = new Int32Array(losses.length);
  for (let i = 0; i < n; i++) start[rank[i]!]!++;
  let at = 0;
  for (const { r } of byLoss) {
    const count = start[r]!;
    start[r] = at;
    at += count;
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[start[rank[i]!]!++] = i;
  const chosen = new Int32Array(n);
  for (let o = 0; o < n; o++) {
    const i = order[o]!;
    const need = gpus[i]!;
    const prefs = profiles[i]!.prefIdx;
    let c = -1;
    for (let k = 0; k < prefs.length; k++) {
      if (room[prefs[k]!]! >= need) {
        c = prefs[k]!;
        break;
      }
    }
    if (c >= 0) room[c]! -= need;
    chosen[i] = c;
  }
  return chosen;
}

/** A job's models to try: the one it was assigned (a position in `models`; -1: none) first, then the others it may use, best first. */
function modelsToTry(p: Profile, assigned: number, models: readonly string[]): readonly string[] {
  return assigned < 0 ? p.prefs : prefsWithFirst(p, models[assigned]!);
}

/** The profile's models with `first` first, the others in their order. */
function prefsWithFirst(p: Profile, first: string): readonly string[] {
  if (p.prefs[0] === first) return p.prefs;
  let list = p.withFirst.get(first);
  if (!list) p.withFirst.set(first, (list = [first, ...p.prefs.filter((m) => m !== first)]));
  return list;
}

interface Move {
  readonly job: JobView;
  /** The models it leaves and enters, as positions in the cluster's models. */
  readonly from: number;
  readonly to: number;
  /** The job's position among the round's chosen jobs. */
  readonly at: number;
}

/**
 * The moves, in priority order, that the models have room for by device count: free devices (by
 * model position) plus those the kept moves free. A move into a model short of room is dropped, the
 * last first, until none is short. Without this a job moved to a full model landed back on its own
 * and paid a checkpoint save and restore for nothing, every round.
 */
function movesWithRoom(moves: readonly Move[], free: Float64Array): readonly Move[] {
  let kept = moves;
  for (;;) {
    const room = free.slice();
    for (const { job, from, to } of kept) {
      room[from]! += job.request.gpus;
      room[to]! -= job.request.gpus;
    }
    // Dropping a move gives its devices back to the model it would have entered.
    const drop = new Uint8Array(kept.length);
    let dropped = 0;
    for (let i = kept.length - 1; i >= 0; i--) {
      const mv = kept[i]!;
      if (room[mv.to]! >= 0) continue;
      drop[i] = 1;
      dropped++;
      room[mv.to]! += mv.job.request.gpus;
    }
    if (dropped === 0) return kept;
    kept = kept.filter((_, i) => drop[i] === 0);
  }
}

/** Places `job` on the first of its models where it fits. */
function placeOnModels(input: SchedulingInput, job: JobView, models: readonly string[], place: PlacementStrategy, reason: (m: string) => string, placed?: Map<string, JobView>): boolean {
  for (const m of models) {
    const devices = place(input.cluster, withModel(job.request, m));
    if (devices) {
      input.plan.place(job, devices, reason(m));
      placed?.set(job.id, job);
      return true;
    }
  }
  return false;
}

/**
 * A round's moves: the running jobs dropped (by the policy's choice) lose their devices, and the
 * chosen jobs (`members`, in the policy's order) get device models by how much each gains.
 */
function heteroRound(
  input: SchedulingInput,
  members: readonly JobView[],
  /** Each member's held tag (heldTag), -1 where not known (and for waiting ones). */
  memberHeld: readonly number[],
  dropped: readonly JobView[],
  place: PlacementStrategy,
  migrateGain: number,
  label: string,
  /** Given: receives the jobs placed, by id. */
  placed?: Map<string, JobView>,
): void {
  const { cluster, plan } = input;
  const models = cluster.models;
  if (dropped.length > 0) {
    for (const job of inRunningOrder(input.running, dropped)) plan.preempt(job, `${label}: jobs ahead of it need the devices`);
  }
  // Each model's devices for the chosen jobs: those free and those the kept running jobs hold.
  const capacity = Float64Array.from(models, (m) => cluster.freeCount(m) + cluster.heldCount(m));
  // One pass over the chosen jobs reads what the rest of the round needs of them (thousands each
  // round): their profiles, sizes, the model of each running one, and which ones wait.
  const n = members.length;
  const profiles = new Array<Profile>(n);
  const gpus = new Float64Array(n);
  const modelIndex = deviceModelIndex(cluster);
  const runsOn = new Int32Array(n).fill(-1);
  const toPlace: number[] = [];
  const profileOfJob = profileFinder(models);
  for (let i = 0; i < n; i++) {
    const job = members[i]!;
    profiles[i] = profileOfJob(job);
    gpus[i] = job.request.gpus;
    const held = memberHeld[i]!;
    if (held >= 0) runsOn[i] = heldModelOf(held);
    else if (job.state !== 'running') toPlace.push(i);
    else {
      // The view's own list (no lookup by id); the same devices the cluster gives it at a round's start.
      const d = job.devices.length > 0 ? job.devices[0] : cluster.devicesOf(job.id)[0];
      if (d !== undefined) runsOn[i] = modelIndex[d]!;
    }
  }
  const assigned = assignByProfile(profiles, gpus, capacity);
  // Running jobs that gain enough from another model move, when that model has room for them
  // (counting the devices the moves free: two jobs may swap); the others stay where they are.
  const moves: Move[] = [];
  for (let i = 0; i < n; i++) {
    const from = runsOn[i]!;
    if (from < 0) continue;
    // The first model to try: the one assigned, else the job's best.
    const p = profiles[i]!;
    const to = assigned[i]! >= 0 ? assigned[i]! : (p.prefIdx[0] ?? -1);
    if (to < 0 || to === from) continue;
    if (p.normIdx[to]! >= migrateGain * p.normIdx[from]!) moves.push({ job: members[i]!, from, to, at: i });
  }
  const kept = movesWithRoom(
    moves,
    Float64Array.from(models, (m) => cluster.freeCount(m)),
  );
  for (const { job, from, to } of kept) plan.preempt(job, `${label}: moves from ${models[from]} to ${models[to]}`);
  // Moved jobs take their new model first; one that does not fit there after all (its nodes
  // split the devices) is placed below like a waiting job, in its turn.
  let unplacedMoves = false;
  for (const { job, to: k, at } of kept) {
    const to = models[k]!;
    const devices = place(cluster, withModel(job.request, to));
    if (devices) {
      plan.place(job, devices, gainReason(label, job, to));
      placed?.set(job.id, job);
    } else {
      toPlace.push(at);
      unplacedMoves = true;
    }
  }
  if (unplacedMoves) toPlace.sort((a, b) => a - b);
  for (const i of toPlace) {
    const job = members[i]!;
    if (plan.placed(job)) continue;
    if (cluster.freeCount() === 0) break;
    placeOnModels(input, job, modelsToTry(profiles[i]!, assigned[i]!, models), place, (m) => gainReason(label, job, m), placed);
  }
}

const gainReason = (label: string, job: JobView, m: string): string => `${label}: ${m} gives ${(normalisedThroughput(job, m) * 100).toFixed(0)}% of its best throughput`;

/**
 * Between rounds (and after one): free devices go to the waiting jobs in `ordered` (running jobs
 * in it are passed over), models by gain. `strict`: stop at the first job larger than the devices left.
 */
function heteroFill(
  input: SchedulingInput,
  ordered: JobOrder,
  place: PlacementStrategy,
  strict: boolean,
  label: string,
  /** The fewest devices a waiting job asks for (0 when not known): below it, no waiting job fits. */
  smallestWaiting = 0,
  /** Given: receives the jobs placed, by id. */
  placed?: Map<string, JobView>,
): void {
  const { cluster, plan } = input;
  if (cluster.freeCount() === 0) return;
  const batch: JobView[] = [];
  let room = cluster.freeCount();
  for (let i = 0; i < ordered.length; i++) {
    const job = ordered.at(i)!;
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
  for (const m of cluster.models) capacity.set(m, cluster.freeCount(m));
  const assigned = assignInOrder(batch, capacity, cluster.models);
  for (let i = 0; i < batch.length; i++) {
    const job = batch[i]!;
    if (!placeOnModels(input, job, assigned[i]!, place, (m) => gainReason(label, job, m), placed) && strict) break;
  }
}

/** Arrival order as a key: every job the same, so the order is arrival, then id. */
const arrivalOnly = (): number => 0;

export function fifoHetero(options: HeteroOptions = {}): Policy {
  const place = options.placement ?? bestFit;
  const migrateGain = options.migrateGain ?? 1.25;
  /** The running jobs in arrival order, kept between rounds (their keys never change). */
  const running = new TimedRunningOrder(arrivalOnly, () => Number.POSITIVE_INFINITY);
  /** The jobs a call places, by id: the running order takes them in. */
  const placed = new Map<string, JobView>();
  return {
    name: 'fifo-hetero',
    description: 'Heterogeneity-aware FIFO, greedy (fast; fifo-lp solves it as Gavel does): arrival order, each model to the jobs that gain most.',
    timeSharing: true,
    roundSeconds: options.roundSeconds ?? 360,
    // Running jobs move to a faster model at rounds, also when none waits.
    rebalances: true,
    schedule(input) {
      const { plan } = input;
      // Emptied first: a call that threw would otherwise leave its placements here.
      placed.clear();
      running.changes(input);
      // Between rounds only free devices can be given out.
      if (input.trigger !== 'round') {
        if (input.waiting.length > 0 && input.cluster.freeCount() > 0) heteroFill(input, input.waiting, place, true, 'fifo-hetero', 0, placed);
      } else {
        // Arrival order merged from the waiting jobs and the running ones kept in it.
        const waiting = sortBy(input.waiting, byArrival);
        const inOrder = running.sync(input.running, input.now, input.cluster);
        const { members, memberHeld, dropped } = mergedChoice(input, waiting, inOrder, arrivalOnly, smallestRequest(waiting));
        heteroRound(input, members, memberHeld, dropped, place, migrateGain, 'fifo-hetero', placed);
        heteroFill(input, waiting, place, true, 'fifo-hetero', 0, placed);
      }
      running.settle(plan.decisions, (id) => placed.get(id));
      return plan.decisions;
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
      if (input.trigger === 'round') {
        // The kept queue merged with the running jobs kept in LAS order, as las does.
        const running = queues.sortRunning(input.running, input.cluster);
        const key = (j: JobView): number => queues.queueOf(j, input.now);
        const { members, memberHeld, dropped } = mergedChoice(input, waiting, running, key, queues.smallestWaiting);
        heteroRound(input, members, memberHeld, dropped, place, migrateGain, 'las-hetero');
      }
      heteroFill(input, waiting, place, false, 'las-hetero', queues.smallestWaiting);
      queues.observe(input.plan.decisions, input.now, input.running);
      return input.plan.decisions;
    },
    explain(job, { now }) {
      return queues.describe(job, now);
    },
  };
}
