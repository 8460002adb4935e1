/**
 * Waiting jobs kept in a policy's order between rounds: by a key fixed while a job waits, then by
 * arrival and id (the order of `sortByKey`). A round updates the queue from `input.changes` and
 * from the previous round's own decisions, so one arrival costs a binary search (and a native
 * move of numbers), not a pass over every waiting job; without changes (the first round, a driver that
 * does not track them) the queue is rebuilt from `input.waiting`. It also keeps the smallest
 * request waiting, below which no job can start.
 */
import type { Decision, JobOrder, JobView, SchedulingInput } from '../api';
import type { PlacementStrategy } from '../placement';
import { byArrival, placeInOrder, sortByKey } from './common';

/** Above this many jobs joining or leaving at once, the queue is rebuilt in one pass rather than moved per job. */
const BATCH_FROM = 8;

/**
 * A greedy round over a kept queue: every job that fits starts, in the queue's order; a round with
 * fewer free devices than the smallest request costs only the queue's update.
 */
export function placeFromQueue(input: SchedulingInput, queue: WaitingQueue, place: PlacementStrategy, reason: (job: JobView) => string): void {
  queue.update(input);
  if (input.cluster.freeCount() < queue.smallest) return;
  placeInOrder(input, queue, place, false, reason, queue.smallest);
  queue.settle(input.plan.decisions, input.running);
}

interface Queued {
  readonly job: JobView;
  readonly key: number;
}

/**
 * Jobs kept in order in typed arrays: a job's place is a slot number, its job in `pool`. A move
 * when one job joins or leaves is then a native copy of numbers; an array of jobs moved per job
 * cost about 1 ns a job (the runtime notes each moved reference), which at thousands waiting
 * dominated every round of a time-sharing policy.
 */
export class WaitingQueue implements JobOrder {
  /** Slot of the job at each position. */
  private slots = new Int32Array(64);
  /** Key of the job at each position (as it was when queued). */
  private keys = new Float64Array(64);
  /** Arrival of the job at each position: ties are broken without reading the job. */
  private arrivals = new Float64Array(64);
  private n = 0;
  /** The job in each slot (undefined when free). */
  private readonly pool: (JobView | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  /** The queue as arrays, made when asked for and kept until the queue changes. */
  private copy: { jobs: JobView[]; keys: number[] } | undefined;
  /**
   * Each queued job by id, with its key as it was when queued (its place in the order). A job
   * that leaves is marked undefined, not deleted: each delete from a small Map calls into the
   * runtime to shrink it, which cost more than the rest of a round. The marks are swept now and then.
   */
  private byId = new Map<string, Queued | undefined>();
  /** How many queued jobs ask for each device count (a count of 0 is kept, for the same reason). */
  private readonly sizes = new Map<number, number>();
  private smallestCache = Number.POSITIVE_INFINITY;
  private smallestStale = false;
  /** Jobs preempted last round: queued at the next sync, keyed as they wait (the driver stops them after the round). */
  private preempted: JobView[] = [];
  /** Each slot's tag (given `tagOf`): read by position without reading the job. */
  private tags = new Int32Array(0);

  constructor(
    private readonly key: (job: JobView) => number,
    /** Told of each job queued and its key (a policy may note when that key will change). */
    private readonly onQueued?: (job: JobView, key: number) => void,
    /** A number kept with each job from when it is queued (a running order keeps what the job holds). */
    private readonly tagOf?: (job: JobView) => number,
  ) {}

  /** How many jobs are queued. */
  get length(): number {
    return this.n;
  }

  /** The job at position `i` of the order (no copy of the queue is made). */
  at(i: number): JobView | undefined {
    return i >= 0 && i < this.n ? this.pool[this.slots[i]!] : undefined;
  }

  /** The arrival of the job at position `i`. */
  arrivalAt(i: number): number {
    return this.arrivals[i]!;
  }

  /** The tag of the job at position `i`, as `tagOf` gave it when the job was queued (-1, unknown, without `tagOf`). */
  tagAt(i: number): number {
    return this.tags[this.slots[i]!] ?? -1;
  }

  /** The keys position by position, without a copy (valid until the queue next changes). */
  keyView(): Float64Array {
    return this.keys.subarray(0, this.n);
  }

  /** The waiting jobs in order, as an array (made when the queue changed since the last call; read it, do not change it). */
  get jobs(): JobView[] {
    return this.arrays().jobs;
  }

  /** The queued jobs' keys, position by position (as they were when each was queued). */
  get keysInOrder(): readonly number[] {
    return this.arrays().keys;
  }

  private arrays(): { jobs: JobView[]; keys: number[] } {
    if (!this.copy) {
      const jobs = new Array<JobView>(this.n);
      const keys = new Array<number>(this.n);
      for (let i = 0; i < this.n; i++) {
        jobs[i] = this.pool[this.slots[i]!]!;
        keys[i] = this.keys[i]!;
      }
      this.copy = { jobs, keys };
    }
    return this.copy;
  }

  /** Devices asked for by all queued jobs together. */
  totalGpus = 0;

  get size(): number {
    return this.n;
  }

  /** The fewest devices a queued job asks for (+∞ when none waits). */
  get smallest(): number {
    if (this.smallestStale) {
      let s = Number.POSITIVE_INFINITY;
      // forEach, not for-of: no [key, value] pair made for each entry.
      this.sizes.forEach((n, gpus) => {
        if (n > 0 && gpus < s) s = gpus;
      });
      this.smallestCache = s;
      this.smallestStale = false;
    }
    return this.smallestCache;
  }

  /**
   * Brings the queue to this round's waiting jobs, after `settle` took the previous round's
   * decisions in. Returns the jobs in order.
   */
  sync(input: SchedulingInput): readonly JobView[] {
    this.update(input);
    return this.jobs;
  }

  /** `sync` without the copy: read the order by position (`at`, `length`); the queue is itself a JobOrder. */
  update(input: SchedulingInput): this {
    const ch = input.changes;
    const back = this.preempted;
    if (back.length) this.preempted = [];
    if (!ch) {
      this.rebuild(input.waiting);
      return this;
    }
    const ops = back.length + ch.left.length + ch.queued.length + ch.changed.length;
    if (ops <= BATCH_FROM) {
      for (const j of back) this.insert(j);
      for (const j of ch.left) this.remove(j);
      for (const j of ch.queued) {
        this.remove(j);
        this.insert(j);
      }
      for (const j of ch.changed) {
        if (!this.has(j)) continue;
        this.remove(j);
        this.insert(j);
      }
      return this;
    }
    // Many at once (a time-sharing round's preemptions, a burst of arrivals): each job's last word
    // decides whether it waits, and the queue is rebuilt by one pass and one merge, not a move of
    // the whole array per job.
    const last = new Map<JobView, boolean>();
    for (const j of back) last.set(j, true);
    for (const j of ch.left) last.set(j, false);
    for (const j of ch.queued) last.set(j, true);
    for (const j of ch.changed) if (last.get(j) ?? this.has(j)) last.set(j, true);
    const out: JobView[] = [];
    const into: JobView[] = [];
    last.forEach((stays, j) => {
      out.push(j);
      if (stays) into.push(j);
    });
    this.removeAll(out);
    this.insertAll(into);
    return this;
  }

  /**
   * Takes a round's decisions in: placed jobs leave the queue, preempted ones join it at the next
   * sync. `running` is the round's running list, where preempted jobs are found.
   */
  settle(
    decisions: readonly Decision[],
    running: readonly JobView[],
    /** Finds a running job's view by id, when the policy keeps them (else `running` is searched). */
    runningView?: (id: string) => JobView | undefined,
  ): void {
    let preempted: Set<string> | undefined;
    const placed: JobView[] = [];
    for (const d of decisions) {
      if (d.kind === 'place') {
        const j = this.byIdOf(d.job);
        if (j) placed.push(j);
        // Else preempted and placed again in the same round (a move): it does not wait.
        else preempted?.delete(d.job);
      } else if (d.kind === 'preempt') (preempted ??= new Set()).add(d.job);
    }
    this.deleteAll(placed);
    if (!preempted?.size) return;
    if (runningView) {
      for (const id of preempted) {
        const job = runningView(id);
        if (job) {
          this.preempted.push(job);
          preempted.delete(id);
        }
      }
      if (preempted.size === 0) return;
    }
    // A pass over the running jobs for the few preempted: no map of all of them each round.
    let left = preempted.size;
    for (let i = 0; i < running.length && left > 0; i++) {
      const job = running[i]!;
      if (preempted.has(job.id)) {
        this.preempted.push(job);
        left--;
      }
    }
  }

  /** The queued job with this id, if any. */
  byIdOf(id: string): JobView | undefined {
    return this.byId.get(id)?.job;
  }

  has(job: JobView): boolean {
    return this.byId.get(job.id)?.job === job;
  }

  /** Re-keys a queued job whose key changed (a waiting job promoted, say). */
  rekey(job: JobView): void {
    if (!this.has(job)) return;
    this.remove(job);
    this.insert(job);
  }

  private rebuild(waiting: readonly JobView[]): void {
    const key = this.key;
    const ordered = sortByKey(waiting, key);
    this.n = 0;
    this.pool.length = 0;
    this.freeSlots.length = 0;
    this.copy = undefined;
    this.byId = new Map();
    this.sizes.clear();
    this.totalGpus = 0;
    this.reserve(ordered.length);
    for (const j of ordered) {
      const k = key(j);
      this.put(this.n++, j, k, this.take(j));
      this.note(j, k);
    }
    this.smallestStale = true;
  }

  /** A free slot for `job`. */
  private take(job: JobView): number {
    let slot = this.freeSlots.pop();
    if (slot === undefined) slot = this.pool.push(job) - 1;
    else this.pool[slot] = job;
    if (this.tagOf) {
      if (slot >= this.tags.length) {
        const grown = new Int32Array(Math.max(64, 2 * this.tags.length, slot + 1));
        grown.set(this.tags);
        this.tags = grown;
      }
      this.tags[slot] = this.tagOf(job);
    }
    return slot;
  }

  /** Room for `count` jobs in all. */
  private reserve(count: number): void {
    if (count <= this.slots.length) return;
    let size = this.slots.length;
    while (size < count) size *= 2;
    const grow = <T extends Int32Array | Float64Array>(a: T, b: T): T => {
      b.set(a.subarray(0, this.n));
      return b;
    };
    this.slots = grow(this.slots, new Int32Array(size));
    this.keys = grow(this.keys, new Float64Array(size));
    this.arrivals = grow(this.arrivals, new Float64Array(size));
  }

  private put(i: number, job: JobView, k: number, slot: number): void {
    this.slots[i] = slot;
    this.keys[i] = k;
    this.arrivals[i] = job.arrival;
  }

  /** Moves positions [from, n) by `by` (the arrays have room). */
  private shift(from: number, by: number): void {
    if (from >= this.n) return;
    this.slots.copyWithin(from + by, from, this.n);
    this.keys.copyWithin(from + by, from, this.n);
    this.arrivals.copyWithin(from + by, from, this.n);
  }

  /** Adds a waiting job (for policies that split the queue themselves). */
  add(job: JobView): void {
    this.remove(job);
    this.insert(job);
  }

  /** Drops a job if queued. */
  delete(job: JobView): void {
    this.remove(job);
  }

  /** Adds or re-keys these jobs, a pass over the queue for many. */
  addAll(jobs: readonly JobView[]): void {
    if (jobs.length <= BATCH_FROM) for (const j of jobs) this.add(j);
    else {
      const once = [...new Set(jobs)];
      this.removeAll(once);
      this.insertAll(once);
    }
  }

  /** Drops those of these jobs that are queued, a pass over the queue for many. */
  deleteAll(jobs: readonly JobView[]): void {
    if (jobs.length <= BATCH_FROM) for (const j of jobs) this.remove(j);
    else this.removeAll(jobs);
  }

  private insert(job: JobView): void {
    const k = this.key(job);
    const i = this.lowerBound(k, job);
    this.reserve(this.n + 1);
    this.shift(i, 1);
    this.put(i, job, k, this.take(job));
    this.n++;
    this.copy = undefined;
    this.note(job, k);
  }

  /** Counts a job in (after it took its place in `jobs`). */
  private note(job: JobView, k: number): void {
    this.byId.set(job.id, { job, key: k });
    const g = job.request.gpus;
    this.totalGpus += g;
    this.sizes.set(g, (this.sizes.get(g) ?? 0) + 1);
    if (g < this.smallestCache) this.smallestCache = g;
    this.onQueued?.(job, k);
  }

  private remove(job: JobView): void {
    const entry = this.byId.get(job.id);
    if (entry?.job !== job) return;
    const i = this.positionOf(entry.key, job);
    this.release(i);
    this.slots.copyWithin(i, i + 1, this.n);
    this.keys.copyWithin(i, i + 1, this.n);
    this.arrivals.copyWithin(i, i + 1, this.n);
    this.n--;
    this.copy = undefined;
    this.forget(job);
    if (this.byId.size > 2 * this.n + 1024) this.sweep();
  }

  /** The position of a queued job keyed `k`. */
  private positionOf(k: number, job: JobView): number {
    const i = this.lowerBound(k, job);
    if (this.pool[this.slots[i]!] === job) return i;
    // Equal keys, arrivals and ids do not happen (ids are unique); the scan is a safeguard.
    for (let p = 0; p < this.n; p++) if (this.pool[this.slots[p]!] === job) return p;
    throw new Error(`job "${job.id}" is not in the queue`);
  }

  /** Frees the slot of the job at position `i`. */
  private release(i: number): void {
    const slot = this.slots[i]!;
    this.pool[slot] = undefined;
    this.freeSlots.push(slot);
  }

  /** Counts a job out (its place in the order is removed by the caller). */
  private forget(job: JobView): void {
    this.byId.set(job.id, undefined);
    const g = job.request.gpus;
    this.totalGpus -= g;
    const n = (this.sizes.get(g) ?? 1) - 1;
    this.sizes.set(g, n);
    if (n === 0 && g === this.smallestCache) this.smallestStale = true;
  }

  /**
   * Removes the queued ones of `jobs`: each found by binary search, then the queue closed up in one
   * pass of plain copies (no job is read on the way: with few keys, most would tie to their arrival).
   */
  private removeAll(jobs: readonly JobView[]): void {
    const at: number[] = [];
    for (const job of jobs) {
      const entry = this.byId.get(job.id);
      if (entry?.job !== job) continue;
      at.push(this.positionOf(entry.key, job));
      this.forget(job);
    }
    if (at.length === 0) return;
    at.sort((x, y) => x - y);
    for (const i of at) this.release(i);
    const { slots, keys, arrivals } = this;
    let o = at[0]!;
    for (let a = 0; a < at.length; a++) {
      const from = at[a]! + 1;
      const end = a + 1 < at.length ? at[a + 1]! : this.n;
      if (end <= from) continue;
      slots.copyWithin(o, from, end);
      keys.copyWithin(o, from, end);
      arrivals.copyWithin(o, from, end);
      o += end - from;
    }
    this.n = o;
    this.copy = undefined;
    if (this.byId.size > 2 * this.n + 1024) this.sweep();
  }

  /**
   * Inserts jobs not queued (each once): sorted, each place found by binary search, then merged in
   * place from the back (the arrays grow; no copy of the whole queue is made at every round).
   */
  private insertAll(jobs: readonly JobView[]): void {
    if (jobs.length === 0) return;
    const fresh = jobs.map((job) => ({ job, key: this.key(job), at: 0 }));
    fresh.sort((a, b) => a.key - b.key || byArrival(a.job, b.job));
    for (const f of fresh) f.at = this.lowerBound(f.key, f.job);
    const n = this.n;
    this.reserve(n + fresh.length);
    // Backwards: each run of old jobs moves up by the number of fresh ones placed before it.
    let end = n;
    for (let f = fresh.length - 1; f >= 0; f--) {
      const { job, key, at } = fresh[f]!;
      if (end > at) {
        this.slots.copyWithin(at + f + 1, at, end);
        this.keys.copyWithin(at + f + 1, at, end);
        this.arrivals.copyWithin(at + f + 1, at, end);
        end = at;
      }
      this.put(at + f, job, key, this.take(job));
    }
    this.n = n + fresh.length;
    this.copy = undefined;
    for (const { job, key } of fresh) this.note(job, key);
  }

  /** Drops the marks of jobs that left. */
  private sweep(): void {
    const live = new Map<string, Queued | undefined>();
    for (const [id, e] of this.byId) if (e) live.set(id, e);
    this.byId = live;
  }

  /** First position whose job does not come before (k, job). */
  private lowerBound(k: number, job: JobView): number {
    const { keys, arrivals } = this;
    const arrival = job.arrival;
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      // As sortByKey compares: key, then arrival, then id (a NaN difference of two infinities ties).
      let c = keys[mid]! - k || arrivals[mid]! - arrival;
      if (c === 0 || Number.isNaN(c)) {
        const o = this.pool[this.slots[mid]!]!;
        c = o.arrival - arrival || (o.id < job.id ? -1 : o.id > job.id ? 1 : 0);
      }
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
