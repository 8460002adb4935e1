/** Pieces the built-in policies share: ordering, greedy placement, and time-sharing rounds. */
import type { ClusterView, JobOrder, JobRequest, JobView, SchedulingInput } from '../api';
import type { PlacementStrategy } from '../placement';

export type Compare = (a: JobView, b: JobView) => number;

/** Ties broken by arrival, then id, so every order is total and runs are deterministic. */
export function byArrival(a: JobView, b: JobView): number {
  return a.arrival - b.arrival || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function thenArrival(key: (j: JobView) => number): Compare {
  return (a, b) => key(a) - key(b) || byArrival(a, b);
}

/** Sorted copy. */
export function sortBy(jobs: readonly JobView[], cmp: Compare): JobView[] {
  return jobs.slice().sort(cmp);
}

/**
 * Jobs ordered by a numeric key, then by arrival and id. When they already are in that order (a
 * queue with equal keys, in arrival order) the input itself is returned, with no copy.
 */
export function sortByKey(jobs: readonly JobView[], key: (j: JobView) => number): readonly JobView[] {
  const n = jobs.length;
  const tie = (a: JobView, b: JobView): number => a.arrival - b.arrival || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  let sorted = true;
  let prev = n > 0 ? key(jobs[0]!) : 0;
  for (let i = 1; i < n; i++) {
    const k = key(jobs[i]!);
    const d = prev - k;
    if (d > 0 || (!(d < 0) && tie(jobs[i - 1]!, jobs[i]!) > 0)) {
      sorted = false;
      break;
    }
    prev = k;
  }
  if (sorted) return jobs;
  const keys = new Float64Array(n);
  const idx = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    keys[i] = key(jobs[i]!);
    idx[i] = i;
  }
  idx.sort((a, b) => keys[a]! - keys[b]! || tie(jobs[a]!, jobs[b]!));
  const out = new Array<JobView>(n);
  for (let i = 0; i < n; i++) out[i] = jobs[idx[i]!]!;
  return out;
}

/**
 * Keeps only the running jobs' entries of a map by job id, once it holds more than twice as many
 * as there are running jobs (and `slack`): entries of jobs that ended are dropped now and then, so
 * the map stays small without a delete at every end.
 */
export function pruneToRunning<T>(byId: Map<string, T>, running: readonly JobView[], slack: number): void {
  if (byId.size <= 2 * running.length + slack) return;
  const keep: [string, T][] = [];
  for (const r of running) {
    const t = byId.get(r.id);
    if (t !== undefined) keep.push([r.id, t]);
  }
  byId.clear();
  for (const [id, t] of keep) byId.set(id, t);
}

/** The fewest devices any of the jobs asks for (+∞ for none). */
export function smallestRequest(jobs: readonly JobView[]): number {
  let smallest = Number.POSITIVE_INFINITY;
  for (const job of jobs) if (job.request.gpus < smallest) smallest = job.request.gpus;
  return smallest;
}

/** The jobs of an order as an array (an array as it is). */
export function orderArray(order: JobOrder): readonly JobView[] {
  if (Array.isArray(order)) return order as readonly JobView[];
  const out = new Array<JobView>(order.length);
  for (let i = 0; i < out.length; i++) out[i] = order.at(i)!;
  return out;
}

/** Whether a gang of `req` could fit in the free devices by count alone (a cheap test before placing). */
export function mightFit(cluster: ClusterView, req: JobRequest): boolean {
  if (req.gpus === 0) return true;
  return (req.deviceModel === undefined ? cluster.freeCount() : cluster.freeCount(req.deviceModel)) >= req.gpus;
}

/**
 * Places jobs in the given order while devices are free. `strict`: stop at the first job that does
 * not fit (it keeps its turn); otherwise skip it and try the next.
 */
export function placeInOrder(
  input: SchedulingInput,
  ordered: JobOrder | Iterable<JobView>,
  place: PlacementStrategy,
  strict: boolean,
  reason: (job: JobView) => string,
  /** The smallest request among the waiting jobs, when the caller knows it (else found here). */
  smallestWaiting?: number,
): void {
  const { cluster, plan } = input;
  // Read by position (a kept queue is not copied); any other iterable is taken as it is.
  const order: JobOrder = isJobOrder(ordered) ? ordered : [...ordered];
  // No job asks for fewer devices than the smallest request: below that, none can fit.
  const smallest = smallestWaiting ?? smallestWaitingIn(order);
  for (let i = 0; i < order.length; i++) {
    const job = order.at(i)!;
    const free = cluster.freeCount();
    if (free === 0 || free < smallest) return;
    // Too large for the free devices by count: passed over cheaply (a strict scan stops below).
    if (!strict && job.request.gpus > free) continue;
    if (plan.placed(job) || job.state === 'running') continue;
    if (!mightFit(cluster, job.request)) {
      if (strict) return;
      continue;
    }
    const devices = place(cluster, job.request);
    if (devices) plan.place(job, devices, reason(job));
    else if (strict) return;
  }
}

function isJobOrder(x: JobOrder | Iterable<JobView>): x is JobOrder {
  return typeof (x as Partial<JobOrder>).at === 'function' && typeof (x as Partial<JobOrder>).length === 'number';
}

/** Adds `sign` × the devices' count to `counts` by device model (each device's model from the cached index). */
export function countByModel(cluster: ClusterView, devices: readonly number[], counts: Map<string, number>, sign = 1): void {
  const models = cluster.models;
  const modelOf = deviceModelIndex(cluster);
  // A job's devices are nearly always of one model: one map update per run of equal models.
  let i = 0;
  while (i < devices.length) {
    const m = modelOf[devices[i]!]!;
    let j = i + 1;
    while (j < devices.length && modelOf[devices[j]!] === m) j++;
    const name = models[m]!;
    counts.set(name, (counts.get(name) ?? 0) + sign * (j - i));
    i = j;
  }
}

/**
 * What a running job holds, in one integer a kept order stores beside it: the device count times
 * HELD_MODELS plus the model's index in `cluster.models`; -1 when its devices are not all of one
 * model (or it holds none). A round over thousands of running jobs reads their room from these
 * numbers, not from each job's device list (two objects a job, seldom in cache).
 */
export function heldTag(cluster: ClusterView, job: JobView): number {
  const devices = job.devices.length > 0 ? job.devices : cluster.devicesOf(job.id);
  const n = devices.length;
  if (n === 0 || n >= HELD_MAX_COUNT || cluster.models.length > HELD_MODELS) return -1;
  const modelOf = deviceModelIndex(cluster);
  const m = modelOf[devices[0]!]!;
  for (let i = 1; i < n; i++) if (modelOf[devices[i]!] !== m) return -1;
  return n * HELD_MODELS + m;
}
const HELD_MODELS = 1024;
const HELD_MAX_COUNT = 2 ** 20;
/**
 * Adds `sign` × a running job's devices to `counts` (by model position), from its held tag when
 * known (>= 0), else from its devices (the view's own list; the same the cluster gives it at a
 * round's start). Returns how many devices it holds.
 */
function countHeld(cluster: ClusterView, modelOf: Int32Array, job: JobView, held: number, counts: Float64Array, sign: 1 | -1): number {
  if (held >= 0) {
    const n = heldCountOf(held);
    counts[heldModelOf(held)]! += sign * n;
    return n;
  }
  const devices = job.devices.length > 0 ? job.devices : cluster.devicesOf(job.id);
  for (let i = 0; i < devices.length; i++) counts[modelOf[devices[i]!]!]! += sign;
  return devices.length;
}

/** The model index of a held tag (>= 0). */
export const heldModelOf = (tag: number): number => tag % HELD_MODELS;
/** The device count of a held tag (>= 0). */
export const heldCountOf = (tag: number): number => (tag - (tag % HELD_MODELS)) / HELD_MODELS;

/**
 * Jobs in a policy's order, visited once. `runningOnly` says no waiting job can be chosen any more:
 * a cursor that keeps waiting and running jobs apart then yields only the running ones.
 */
interface OrderCursor {
  next(): JobView | undefined;
  /** Whether the cursor now skips waiting jobs (false: it cannot, they keep coming). */
  runningOnly(): boolean;
  /** Whether running jobs are kept apart, so that those not yet yielded can be named at once. */
  readonly apart: boolean;
  /** The running jobs not yet yielded (only when `apart`). */
  runningLeft(): readonly JobView[];
  /** The held tag (heldTag) of the job last yielded when it came from a kept running order that keeps them; else -1. */
  heldOfLast(): number;
}

function arrayCursor(ordered: JobOrder): OrderCursor {
  let i = 0;
  return { next: () => ordered.at(i++), runningOnly: () => false, apart: false, runningLeft: () => [], heldOfLast: () => -1 };
}

/**
 * The order of waiting and running jobs merged from the two lists, each already in it: a round
 * reads the running jobs and as many waiting ones as can still be chosen, not the whole queue.
 * `key` is the policy's numeric key; ties go by arrival and id (the order of sortByKey).
 */
function mergeCursor(
  waiting: JobOrder,
  running: JobOrder,
  key: (j: JobView) => number,
  runningKeys?: ArrayLike<number>,
  /** The running jobs' held tags by position, when the order keeps them. */
  runningHeld?: (i: number) => number,
): OrderCursor {
  let w = 0;
  let r = 0;
  // Position in `running` of the job last yielded (-1: a waiting one).
  let last = -1;
  const keyOfRunning = (i: number): number => (runningKeys ? runningKeys[i]! : key(running.at(i)!));
  let wKey = waiting.length > 0 ? key(waiting.at(0)!) : 0;
  let rKey = running.length > 0 ? keyOfRunning(0) : 0;
  let waitingDone = waiting.length === 0;
  const arrivals = waiting.arrivalAt !== undefined && running.arrivalAt !== undefined;
  return {
    next() {
      if (r >= running.length) return waitingDone ? undefined : nextWaiting();
      if (!waitingDone && (wKey - rKey < 0 || (!(wKey - rKey > 0) && waitingFirst()))) return nextWaiting();
      last = r;
      const job = running.at(r++)!;
      if (r < running.length) rKey = keyOfRunning(r);
      return job;
    },
    heldOfLast: () => (runningHeld && last >= 0 ? runningHeld(last) : -1),
    runningOnly() {
      waitingDone = true;
      return true;
    },
    apart: true,
    runningLeft: () => {
      const left = new Array<JobView>(Math.max(0, running.length - r));
      for (let i = 0; i < left.length; i++) left[i] = running.at(r + i)!;
      return left;
    },
  };
  /** On equal keys: whether the next waiting job arrived first (from the orders' own arrivals when they keep them). */
  function waitingFirst(): boolean {
    if (arrivals) {
      const d = waiting.arrivalAt!(w) - running.arrivalAt!(r);
      if (d !== 0 && !Number.isNaN(d)) return d < 0;
    }
    return byArrival(waiting.at(w)!, running.at(r)!) < 0;
  }
  function nextWaiting(): JobView | undefined {
    last = -1;
    const job = waiting.at(w++);
    if (w < waiting.length) wKey = key(waiting.at(w)!);
    else waitingDone = true;
    return job;
  }
}

/**
 * Which jobs should hold devices, taking jobs in `ordered` priority while the cluster's capacity
 * (free plus held by running jobs), counted per device model, lasts. Jobs that do not fit are
 * skipped, so smaller ones behind them still run.
 */
export function targetSet(cluster: ClusterView, ordered: JobOrder, running: readonly JobView[], smallestWaiting?: number): Set<string> {
  const choice = chooseHolders(cluster, arrayCursor(ordered), running.length, smallestWaiting ?? smallestWaitingIn(ordered));
  return choice.chosen;
}

/** Every held device is a running job's (the state counts them per model as it gives them out). */
function chooseHolders(cluster: ClusterView, cursor: OrderCursor, running: number, smallestWaiting: number, members?: JobView[], memberHeld?: number[]): Choice {
  return chooseInOrder(cluster, cursor, (m) => cluster.freeCount(m) + cluster.heldCount(m), running, smallestWaiting, members, memberHeld);
}

function smallestWaitingIn(ordered: JobOrder): number {
  let smallest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < ordered.length; i++) {
    const job = ordered.at(i)!;
    if (job.state === 'waiting' && job.request.gpus < smallest) smallest = job.request.gpus;
  }
  return smallest;
}

interface Choice {
  /** The chosen jobs: with a cursor that keeps running jobs apart, only the waiting ones. */
  readonly chosen: Set<string>;
  /** How many of the chosen jobs wait. */
  readonly waitingChosen: number;
  /** With such a cursor: the running jobs that lose their devices (else those not in `chosen`). */
  readonly dropped?: readonly JobView[];
}

/**
 * Takes jobs in order while the capacity lasts: running ones keep their devices, waiting ones take
 * some. `capacityOf` gives each model's devices to share out. Rooms are kept in an array by the
 * order of `cluster.models` (a round visits thousands of jobs; no map lookups or closures a job).
 */
function chooseInOrder(
  cluster: ClusterView,
  cursor: OrderCursor,
  capacityOf: (model: string) => number,
  running: number,
  smallest: number,
  /** Given: receives the jobs that keep or get devices, in order (running ones kept, waiting ones chosen). */
  members?: JobView[],
  /** Given with `members`: each member's held tag (heldTag) when the cursor knows it, else -1. */
  memberHeld?: number[],
): Choice {
  const chosen = new Set<string>();
  let waitingChosen = 0;
  const models = cluster.models;
  const index = new Map<string, number>();
  const room = new Float64Array(models.length);
  let total = 0;
  for (let m = 0; m < models.length; m++) {
    index.set(models[m]!, m);
    room[m] = capacityOf(models[m]!);
    total += room[m]!;
  }
  const modelOf = deviceModelIndex(cluster);
  // The model with most room, found again only after a room changed.
  let most = -1;
  const mostRoom = (): number => {
    if (most < 0) {
      most = 0;
      for (let m = 1; m < room.length; m++) if (room[m]! > room[most]!) most = m;
    }
    return room.length ? room[most]! : Number.NEGATIVE_INFINITY;
  };
  // Once every running job has been seen and no model has room for the smallest waiting request,
  // no later job can be chosen: the rest of a long queue is not visited. (A model's room may be
  // below zero, where a waiting job took devices a running job later in the order holds.) Rooms
  // only shrink, so once none has room for the smallest request, waiting jobs can be passed over.
  let seen = 0;
  let skipWaiting = false;
  // A cursor that keeps running jobs apart names those not kept at the end: none is noted here.
  const noteRunning = !cursor.apart;
  for (let job = cursor.next(); job !== undefined; job = cursor.next()) {
    if (total <= 0 || (seen >= running && mostRoom() < smallest)) {
      if (total <= 0 && !noteRunning && job.state === 'running') return { chosen, waitingChosen, dropped: [job, ...cursor.runningLeft()] };
      break;
    }
    // A running job from a kept order that keeps what it holds is not read itself.
    const held = cursor.heldOfLast();
    if (held >= 0 || job.state === 'running') {
      seen++;
      if (noteRunning) chosen.add(job.id);
      members?.push(job);
      memberHeld?.push(held);
      total -= countHeld(cluster, modelOf, job, held, room, -1);
      most = -1;
      continue;
    }
    const req = job.request;
    if (skipWaiting) continue;
    if (mostRoom() < smallest) {
      skipWaiting = cursor.runningOnly();
      continue;
    }
    // One model per job (placement keeps gangs on one model): its own, or the one with most room.
    let m: number;
    if (req.deviceModel !== undefined) {
      const k = index.get(req.deviceModel);
      if (k === undefined || room[k]! < req.gpus) continue;
      m = k;
    } else {
      m = -1;
      for (let k = 0; k < room.length; k++) if (room[k]! >= req.gpus && (m < 0 || room[k]! > room[m]!)) m = k;
      if (m < 0) continue;
    }
    room[m]! -= req.gpus;
    most = -1;
    total -= req.gpus;
    chosen.add(job.id);
    members?.push(job);
    memberHeld?.push(-1);
    waitingChosen++;
  }
  // Stopped for room (after every running job) or at the order's end: all running jobs kept;
  // stopped at a waiting job with the capacity spent: the running jobs after it are not.
  return noteRunning ? { chosen, waitingChosen } : { chosen, waitingChosen, dropped: cursor.runningLeft() };
}

/** Each device's model as an index into `cluster.models`, kept while the cluster's lists stay the same. */
export function deviceModelIndex(cluster: ClusterView): Int32Array {
  const cached = modelIndexCache.get(cluster.devices);
  if (cached && cached.models === cluster.models) return cached.index;
  const byName = new Map(cluster.models.map((m, i) => [m, i]));
  const index = Int32Array.from(cluster.devices, (d) => byName.get(d.model) ?? 0);
  modelIndexCache.set(cluster.devices, { models: cluster.models, index });
  return index;
}
const modelIndexCache = new WeakMap<object, { models: readonly string[]; index: Int32Array }>();

/**
 * A time-sharing round: jobs in `ordered` priority get the cluster; running jobs outside the
 * chosen set are preempted, chosen waiting jobs placed, and free devices left over go to the next
 * waiting jobs in order (work-conserving).
 */
export function timeShareRound(
  input: SchedulingInput,
  ordered: JobOrder,
  place: PlacementStrategy,
  preemptReason: (job: JobView) => string,
  placeReason: (job: JobView) => string,
  /** The fewest devices a waiting job asks for, when the policy keeps it (else found in `ordered`). */
  smallestWaiting?: number,
): void {
  const smallest = smallestWaiting ?? smallestWaitingIn(ordered);
  const choice = chooseHolders(input.cluster, arrayCursor(ordered), input.running.length, smallest);
  preemptAndPlace(input, ordered, choice, place, preemptReason, placeReason, smallest);
}

/** Running jobs in a policy's order (by its key, then arrival and id), as a kept order gives them. */
export interface RunningInOrder {
  readonly jobs: JobOrder;
  /** Their keys, position by position, when known (else the policy's key gives them). */
  readonly keys?: ArrayLike<number>;
  /** What each holds (heldTag), by position, when the order keeps it. */
  readonly held?: (i: number) => number;
}

/**
 * timeShareRound over the waiting jobs and the running jobs each in the policy's order (by `key`,
 * then arrival and id), as kept between rounds: the same decisions as over both sorted together,
 * at the cost of the running jobs and of the waiting jobs that can still be chosen.
 */
export function mergedTimeShareRound(
  input: SchedulingInput,
  waiting: JobOrder,
  running: RunningInOrder,
  key: (j: JobView) => number,
  place: PlacementStrategy,
  preemptReason: (job: JobView) => string,
  placeReason: (job: JobView) => string,
  smallestWaiting: number,
): void {
  const choice = chooseHolders(input.cluster, mergeCursor(waiting, running.jobs, key, running.keys, running.held), running.jobs.length, smallestWaiting);
  // Placement looks at waiting jobs only (running ones keep or lose their devices): the queue is the order.
  preemptAndPlace(input, waiting, choice, place, preemptReason, placeReason, smallestWaiting);
}

/**
 * mergedTimeShareRound given only the running jobs that come after the first waiting job in the
 * order (`tail`, in order, with its keys): the others come before every waiting job and keep
 * their devices whatever the round decides, so the round starts from the room they leave (the free
 * devices and the tail's) and never reads them. The same decisions, at the cost of the tail.
 */
export function tailTimeShareRound(
  input: SchedulingInput,
  waiting: JobOrder,
  tail: { readonly jobs: readonly JobView[]; readonly keys: ArrayLike<number>; readonly held?: ArrayLike<number> },
  /** The waiting jobs' key (the tail's keys are given). */
  waitingKey: (j: JobView) => number,
  place: PlacementStrategy,
  preemptReason: (job: JobView) => string,
  placeReason: (job: JobView) => string,
  smallestWaiting: number,
): void {
  const { cluster } = input;
  const { jobs, held } = tail;
  // The tail's devices by model index (thousands of jobs a round: no map update per job), from
  // what each holds where that is known.
  const modelOf = deviceModelIndex(cluster);
  const tailHolds = new Float64Array(cluster.models.length);
  for (let j = 0; j < jobs.length; j++) countHeld(cluster, modelOf, jobs[j]!, held ? held[j]! : -1, tailHolds, 1);
  const capacity = new Map(cluster.models.map((m, i) => [m, cluster.freeCount(m) + tailHolds[i]!]));
  const cursor = mergeCursor(waiting, jobs, waitingKey, tail.keys, held && ((i) => held[i]!));
  const choice = chooseInOrder(cluster, cursor, (m) => capacity.get(m)!, jobs.length, smallestWaiting);
  preemptAndPlace(input, waiting, choice, place, preemptReason, placeReason, smallestWaiting);
}

/**
 * What mergedTimeShareRound chooses, for a policy that places the chosen jobs itself: the running
 * jobs that lose their devices, and the jobs that hold or get devices (the running ones kept and
 * the waiting ones chosen) in the policy's order, noted in the one pass that chooses them.
 */
export function mergedChoice(
  input: SchedulingInput,
  waiting: JobOrder,
  running: RunningInOrder,
  key: (j: JobView) => number,
  smallestWaiting: number,
): {
  readonly dropped: readonly JobView[];
  readonly members: readonly JobView[];
  /** Each member's held tag (heldTag) where the running order keeps it, else -1 (waiting ones: -1). */
  readonly memberHeld: readonly number[];
} {
  const { jobs, held } = running;
  // Nothing waits: every running job keeps its devices (capacity is left before each of them while
  // a device is free or a later job holds one), so the walk is not made.
  if (waiting.length === 0) {
    const last = jobs.at(jobs.length - 1);
    const holds = (j: JobView): boolean => j.devices.length > 0 || input.cluster.devicesOf(j.id).length > 0;
    if (last === undefined || input.cluster.freeCount() > 0 || holds(last)) {
      const memberHeld = new Array<number>(jobs.length);
      for (let i = 0; i < jobs.length; i++) memberHeld[i] = held ? held(i) : -1;
      return { dropped: [], members: orderArray(jobs), memberHeld };
    }
  }
  const members: JobView[] = [];
  const memberHeld: number[] = [];
  const choice = chooseHolders(input.cluster, mergeCursor(waiting, jobs, key, running.keys, held), jobs.length, smallestWaiting, members, memberHeld);
  const dropped = choice.dropped ?? [];
  return { dropped, members, memberHeld };
}

function preemptAndPlace(
  input: SchedulingInput,
  ordered: JobOrder,
  choice: Choice,
  place: PlacementStrategy,
  preemptReason: (job: JobView) => string,
  placeReason: (job: JobView) => string,
  smallestWaiting: number,
): void {
  const { dropped } = choice;
  if (!dropped) {
    for (const job of input.running) if (!choice.chosen.has(job.id)) input.plan.preempt(job, preemptReason(job));
  } else if (dropped.length > 0) {
    for (const job of inRunningOrder(input.running, dropped)) input.plan.preempt(job, preemptReason(job));
  }
  placeChosen(input, ordered, choice, place, placeReason, smallestWaiting);
}

/**
 * Some running jobs in the order of the driver's running list: the order a round over all jobs
 * preempts them in (devices freed in another order change later placements).
 */
export function inRunningOrder(running: readonly JobView[], some: readonly JobView[]): readonly JobView[] {
  // By view first, reading no job's fields. A few are each found by a native scan of references,
  // then sorted by place: a pass with a set of views reads every running job's header, which
  // at thousands running cost more than the rest of the round.
  if (some.length <= 64) {
    const at = some.map((j) => running.indexOf(j));
    if (!at.includes(-1)) {
      at.sort((x, y) => x - y);
      return at.map((i) => running[i]!);
    }
  } else {
    const views = new Set<JobView>(some);
    const found = running.filter((j) => views.has(j));
    if (found.length === some.length) return found;
  }
  // Views that are not the driver's are found by id.
  const ids = new Set(some.map((j) => j.id));
  return running.filter((j) => ids.has(j.id));
}

/**
 * timeShareRound when every running job comes before every waiting one in the policy's order:
 * all keep their devices, so the round is decided by the waiting jobs alone (the same decisions,
 * at the cost of the waiting jobs visited rather than of every job).
 */
export function fillRound(input: SchedulingInput, waiting: JobOrder, place: PlacementStrategy, placeReason: (job: JobView) => string, smallestWaiting?: number): void {
  const smallest = smallestWaiting ?? smallestWaitingIn(waiting);
  const { cluster } = input;
  const choice = chooseInOrder(cluster, arrayCursor(waiting), (m) => cluster.freeCount(m), 0, smallest);
  placeChosen(input, waiting, choice, place, placeReason, smallest);
}

/** Places the chosen waiting jobs in order, then gives devices left over to the next ones (work-conserving). */
function placeChosen(input: SchedulingInput, ordered: JobOrder, choice: Choice, place: PlacementStrategy, placeReason: (job: JobView) => string, smallestWaiting: number): void {
  const { cluster, plan } = input;
  const { chosen } = choice;
  // The chosen waiting jobs are tried in order; the scan ends after the last of them.
  let left = choice.waitingChosen;
  if (left > 0) {
    for (let i = 0; i < ordered.length; i++) {
      const job = ordered.at(i)!;
      if (left === 0) break;
      if (job.state !== 'waiting' || !chosen.has(job.id)) continue;
      left--;
      if (cluster.freeCount() === 0) break;
      const devices = place(cluster, job.request);
      if (devices) plan.place(job, devices, placeReason(job));
    }
  }
  placeInOrder(input, ordered, place, false, placeReason, smallestWaiting);
}

/** Waiting and running jobs in one list. */
export function allJobs(input: SchedulingInput): JobView[] {
  return input.running.length === 0 ? input.waiting.slice() : input.waiting.concat(input.running);
}
