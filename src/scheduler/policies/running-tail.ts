/**
 * The running jobs that come after a given point of a policy's order (a numeric key, then arrival
 * and id), for keys that never grow while a job runs (srtf's work left). A job's key as last read
 * is then a bound on its key now: kept in a heap, largest first, the bounds let a round read only the jobs
 * that may come after the point (those a waiting job could pass), not every running job. A round
 * under load in srtf is decided by those few: every job before the point keeps its devices.
 *
 * A job may be held out of the order for a while after it starts (srtf's minimum run, where its
 * key is -∞): it waits on a timer and joins the heap when the hold ends. Membership follows the
 * policy's own decisions and the round's changes; without changes, or when the count disagrees
 * with the driver's list, everything is rebuilt from `running`. What a job holds (heldTag) is
 * noted when it joins, as TimedRunningOrder does.
 *
 * The other kept orders: TimedRunningOrder (timed-running-order.ts) for running jobs whose keys
 * change at times known in advance (LAS queues), and WaitingQueue for keys fixed while a job waits.
 */
import type { ClusterView, Decision, JobView, SchedulingInput } from '../api';
import { byArrival, heldTag } from './common';
import { TimerHeap } from './timer-heap';

/**
 * A policy's key of running jobs, as RunningTail needs it. `about` is what the policy keeps of a
 * job for its key (read once, when the job starts or the set is rebuilt): a round then reads each
 * job it visits without a lookup by id.
 */
export interface FallingKey<D> {
  about(job: JobView): D;
  /** The job's key once no hold applies: never greater at a later time while the job keeps running. */
  key(job: JobView, about: D): number;
  /** Whether the job is held at `now` (its key in the order is then -∞). */
  held(about: D, now: number): boolean;
  /** When the job's hold ends, as a sum that may round a little either way (`held` decides). */
  heldUntil(about: D): number;
}

/** A job's place in the heap or on the timer, dropped (`stopped`) when the job stops running. */
interface Entry<D> {
  readonly job: JobView;
  readonly about: D;
  /** What the job holds (heldTag), noted when it joined: a job keeps its devices while it runs. */
  readonly held: number;
  stopped: boolean;
  /** Its key as last read, when it was in the tail. */
  key: number;
  /** The call of after() whose tail it was last in (-1: none). */
  inTail: number;
}

/** Running jobs after a point of the order, in order, with their keys and what each holds (heldTag). */
export interface Tail {
  readonly jobs: JobView[];
  readonly keys: number[];
  readonly held: number[];
}

export class RunningTail<D> {
  /**
   * Entries by the bound of their key (as last read), largest first: a min-heap of the negated
   * bounds (a NaN key bounds as +∞, its negation -∞).
   */
  private readonly bounds = new TimerHeap<Entry<D>>();
  /** Held entries by when their hold ends. */
  private readonly holds = new TimerHeap<Entry<D>>();
  /** Each running job's current entry, by id. */
  private readonly live = new Map<string, Entry<D>>();
  private rebuild = true;
  /** The last tail, in order: the next one is mostly the same jobs in nearly the same order. */
  private lastTail: Entry<D>[] = [];
  /** Calls of after() so far. */
  private calls = 0;
  /** How often the whole set was rebuilt from the driver's list (tests read it). */
  rebuilds = 0;
  /** The cluster of the current round: what a job holds is noted from it. */
  private cluster: ClusterView | undefined;

  constructor(private readonly order: FallingKey<D>) {}

  /** Takes a round's changes in (before the round decides). */
  changes(input: SchedulingInput): void {
    // Held tags name models by position in this cluster's list.
    if (this.cluster !== undefined && this.cluster.models !== input.cluster.models) this.rebuild = true;
    this.cluster = input.cluster;
    if (!input.changes) {
      this.rebuild = true;
      return;
    }
    for (const j of input.changes.left) this.drop(j.id);
  }

  /** Takes the round's own decisions in; `placed` finds a placed job's view by id. */
  settle(decisions: readonly Decision[], placed: (id: string) => JobView | undefined, now: number): void {
    for (const d of decisions) {
      if (d.kind === 'preempt') this.drop(d.job);
      else if (d.kind === 'place') {
        const job = placed(d.job);
        if (job) this.add(job, now);
        else this.rebuild = true;
      }
    }
  }

  /** A running job's view by id (undefined: not running, as far as this set knows). */
  viewOf(id: string): JobView | undefined {
    return this.live.get(id)?.job;
  }

  /**
   * The running jobs that come after `head` (a waiting job whose key is `headKey`) in the order,
   * in order, with their keys: those a merge of the running and waiting orders yields after it.
   */
  after(running: readonly JobView[], now: number, head: JobView, headKey: number): Tail {
    return this.collect(running, now, head, headKey, false);
  }

  private collect(running: readonly JobView[], now: number, head: JobView, headKey: number, rebuilt: boolean): Tail {
    if (this.rebuild || this.live.size !== running.length || this.bounds.size + this.holds.size > 2 * this.live.size + 1024) this.rebuildFrom(running, now);
    this.release(now);
    const heap = this.bounds;
    const n = heap.size;
    // Whether the bound at a position reaches the head's key (is not under it).
    const reaches = (i: number): boolean => !(heap.timeAt(i) > -headKey);
    // The entries whose bound reaches the head's key, found top down: below a bound under it, every
    // key is under it too. In breadth-first order, so their positions come out ascending.
    const visited: number[] = [];
    if (n > 0 && reaches(0)) visited.push(0);
    for (let v = 0; v < visited.length; v++) {
      const c = 2 * visited[v]! + 1;
      if (c < n && reaches(c)) visited.push(c);
      if (c + 1 < n && reaches(c + 1)) visited.push(c + 1);
    }
    const call = ++this.calls;
    // The tail's jobs that were in the last one, and those that were not.
    const fresh: Entry<D>[] = [];
    for (const i of visited) {
      const e = heap.itemAt(i);
      if (e.stopped) {
        // A job that stopped: its entry sinks out of the way until the heap is next rebuilt.
        heap.setTime(i, Number.POSITIVE_INFINITY);
        continue;
      }
      if (e.job.state !== 'running' && !rebuilt) {
        // Views that are not the driver's (it made new ones): start again from its list, once.
        this.rebuildFrom(running, now);
        return this.collect(running, now, head, headKey, true);
      }
      const k = this.order.key(e.job, e.about);
      heap.setTime(i, Number.isNaN(k) ? Number.NEGATIVE_INFINITY : -k);
      // As the merge of the two orders decides (common.ts mergeCursor): equal keys go by arrival.
      const d = headKey - k;
      if (d < 0 || (!(d > 0) && byArrival(head, e.job) < 0)) {
        if (e.inTail !== call - 1) fresh.push(e);
        e.inTail = call;
        e.key = k;
      }
    }
    // Bounds only fell: each visited entry sinks within its subtree, deepest first (a partial heapify).
    for (let v = visited.length - 1; v >= 0; v--) heap.sink(visited[v]!);
    const tail = inOrder(this.lastTail.filter((e) => e.inTail === call && !e.stopped), fresh);
    this.lastTail = tail;
    return { jobs: tail.map((e) => e.job), keys: tail.map((e) => e.key), held: tail.map((e) => e.held) };
  }

  private add(job: JobView, now: number): void {
    // Changes come before every round's decisions: the cluster is known by the time a job joins.
    const e: Entry<D> = { job, about: this.order.about(job), held: heldTag(this.cluster!, job), stopped: false, key: 0, inTail: -1 };
    this.drop(job.id);
    this.live.set(job.id, e);
    if (this.order.held(e.about, now)) this.holds.push(this.order.heldUntil(e.about), e);
    else this.push(this.order.key(job, e.about), e);
  }

  private drop(id: string): void {
    const e = this.live.get(id);
    if (!e) return;
    e.stopped = true;
    this.live.delete(id);
  }

  /** Jobs whose hold is over join the heap. */
  private release(now: number): void {
    // A hold's end as a sum may round above the time at which `held` says it ended: the timer is
    // read a little ahead, and jobs still held go back on it.
    const horizon = now + Math.abs(now) * 1e-12 + 1e-9;
    const still: Entry<D>[] = [];
    while (this.holds.size > 0 && this.holds.peekTime() <= horizon) {
      const e = this.holds.pop();
      if (e.stopped) continue;
      if (this.order.held(e.about, now)) still.push(e);
      else this.push(this.order.key(e.job, e.about), e);
    }
    for (const e of still) this.holds.push(this.order.heldUntil(e.about), e);
  }

  private push(key: number, e: Entry<D>): void {
    this.bounds.push(Number.isNaN(key) ? Number.NEGATIVE_INFINITY : -key, e);
  }

  private rebuildFrom(running: readonly JobView[], now: number): void {
    this.bounds.clear();
    this.lastTail = [];
    this.holds.clear();
    for (const e of this.live.values()) e.stopped = true;
    this.live.clear();
    for (const job of running) this.add(job, now);
    this.rebuild = false;
    this.rebuilds++;
  }
}

type Keyed = { readonly key: number; readonly job: JobView };

/** Entries by key, then arrival and id (a NaN difference of keys ties, as mergeCursor reads it). */
function compare(a: Keyed, b: Keyed): number {
  const d = a.key - b.key;
  return d < 0 ? -1 : d > 0 ? 1 : byArrival(a.job, b.job);
}

/** Whether entry a comes after entry b. */
const later = (a: Keyed, b: Keyed): boolean => compare(a, b) > 0;

/**
 * The tail in order from last round's (`kept`, its order then) and the jobs new to it. Keys fall at
 * rates of their own, so a few kept pairs may have crossed: an insertion sort repairs them in one
 * pass; one that finds the order far from right sorts it instead.
 */
function inOrder<E extends Keyed>(kept: E[], fresh: E[]): E[] {
  let moves = 0;
  for (let i = 1; i < kept.length && moves <= 8 * kept.length; i++) {
    const e = kept[i]!;
    let p = i - 1;
    while (p >= 0 && later(kept[p]!, e)) {
      kept[p + 1] = kept[p]!;
      p--;
      moves++;
    }
    kept[p + 1] = e;
  }
  if (moves > 8 * kept.length) kept.sort(compare);
  if (fresh.length === 0) return kept;
  fresh.sort(compare);
  // Merged.
  const out = new Array<E>(kept.length + fresh.length);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < kept.length && j < fresh.length) out[o++] = later(kept[i]!, fresh[j]!) ? fresh[j++]! : kept[i++]!;
  while (i < kept.length) out[o++] = kept[i++]!;
  while (j < fresh.length) out[o++] = fresh[j++]!;
  return out;
}
