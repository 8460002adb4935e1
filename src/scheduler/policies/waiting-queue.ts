/**
 * Waiting jobs kept in a policy's order between rounds: by a key fixed while a job waits, then by
 * arrival and id (the order of `sortByKey`). A round updates the queue from `input.changes` and
 * from the previous round's own decisions, so one arrival costs a binary search (and a native
 * array move), not a pass over every waiting job; without changes (the first round, a driver that
 * does not track them) the queue is rebuilt from `input.waiting`. It also keeps the smallest
 * request waiting, below which no job can start.
 */
import type { Decision, JobView, SchedulingInput } from '../api';
import type { PlacementStrategy } from '../placement';
import { byArrival, placeInOrder, sortByKey } from './common';

/** Above this many jobs joining or leaving at once, the queue is rebuilt in one pass rather than moved per job. */
const BATCH_FROM = 8;

/**
 * A greedy round over a kept queue: every job that fits starts, in the queue's order; a round with
 * fewer free devices than the smallest request costs only the queue's update.
 */
export function placeFromQueue(input: SchedulingInput, queue: WaitingQueue, place: PlacementStrategy, reason: (job: JobView) => string): void {
  const ordered = queue.sync(input);
  if (input.cluster.freeCount() < queue.smallest) return;
  placeInOrder(input, ordered, place, false, reason, queue.smallest);
  queue.settle(input.plan.decisions, input.running);
}

interface Queued {
  readonly job: JobView;
  readonly key: number;
}

export class WaitingQueue {
  /** The waiting jobs in order; read it, do not change it. */
  jobs: JobView[] = [];
  private keys: number[] = [];
  /**
   * Each queued job by id, with its key as it was when queued (its place in `jobs`). A job that
   * leaves is marked undefined, not deleted: each delete from a small Map calls into the runtime
   * to shrink it, which cost more than the rest of a round. The marks are swept now and then.
   */
  private byId = new Map<string, Queued | undefined>();
  /** How many queued jobs ask for each device count (a count of 0 is kept, for the same reason). */
  private readonly sizes = new Map<number, number>();
  private smallestCache = Number.POSITIVE_INFINITY;
  private smallestStale = false;
  /** Jobs preempted last round: queued at the next sync, keyed as they wait (the driver stops them after the round). */
  private preempted: JobView[] = [];

  constructor(
    private readonly key: (job: JobView) => number,
    /** Told of each job queued and its key (a policy may note when that key will change). */
    private readonly onQueued?: (job: JobView, key: number) => void,
  ) {}

  /** Devices asked for by all queued jobs together. */
  totalGpus = 0;

  get size(): number {
    return this.jobs.length;
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
    const ch = input.changes;
    const back = this.preempted;
    if (back.length) this.preempted = [];
    if (!ch) {
      this.rebuild(input.waiting);
      return this.jobs;
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
      return this.jobs;
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
    return this.jobs;
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
    this.jobs = ordered === waiting ? waiting.slice() : (ordered as JobView[]);
    this.keys = this.jobs.map(key);
    this.byId = new Map();
    this.sizes.clear();
    this.totalGpus = 0;
    for (let i = 0; i < this.jobs.length; i++) {
      const j = this.jobs[i];
      this.byId.set(j!.id, { job: j!, key: this.keys[i]! });
      this.sizes.set(j!.request.gpus, (this.sizes.get(j!.request.gpus) ?? 0) + 1);
      this.totalGpus += j!.request.gpus;
      this.onQueued?.(j!, this.keys[i]!);
    }
    this.smallestStale = true;
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

  /** The queued jobs' keys, position by position (as they were when each was queued). */
  get keysInOrder(): readonly number[] {
    return this.keys;
  }

  private insert(job: JobView): void {
    const k = this.key(job);
    const i = this.lowerBound(k, job);
    this.jobs.splice(i, 0, job);
    this.keys.splice(i, 0, k);
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
    const k = entry.key;
    let i = this.lowerBound(k, job);
    // Equal keys, arrivals and ids do not happen (ids are unique); the scan is a safeguard.
    if (this.jobs[i] !== job) i = this.jobs.indexOf(job);
    this.jobs.splice(i, 1);
    this.keys.splice(i, 1);
    this.forget(job);
    if (this.byId.size > 2 * this.jobs.length + 1024) this.sweep();
  }

  /** Counts a job out (its place in `jobs` is removed by the caller). */
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
      let i = this.lowerBound(entry.key, job);
      if (this.jobs[i] !== job) i = this.jobs.indexOf(job);
      at.push(i);
      this.forget(job);
    }
    if (at.length === 0) return;
    at.sort((x, y) => x - y);
    const jobsNow = this.jobs;
    const keysNow = this.keys;
    let o = at[0]!;
    for (let a = 0; a < at.length; a++) {
      const end = a + 1 < at.length ? at[a + 1]! : jobsNow.length;
      for (let i = at[a]! + 1; i < end; i++) {
        jobsNow[o] = jobsNow[i]!;
        keysNow[o++] = keysNow[i]!;
      }
    }
    jobsNow.length = o;
    keysNow.length = o;
    if (this.byId.size > 2 * this.jobs.length + 1024) this.sweep();
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
    const all = this.jobs;
    const keys = this.keys;
    const n = all.length;
    for (const f of fresh) {
      all.push(f.job);
      keys.push(f.key);
    }
    // Backwards: each old job moves up by the number of fresh ones placed before it.
    let i = n - 1;
    let o = n + fresh.length - 1;
    for (let f = fresh.length - 1; f >= 0; f--) {
      const { job, key, at } = fresh[f]!;
      for (; i >= at; i--) {
        all[o] = all[i]!;
        keys[o--] = keys[i]!;
      }
      all[o] = job;
      keys[o--] = key;
    }
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
    const jobs = this.jobs;
    const keys = this.keys;
    let lo = 0;
    let hi = jobs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const o = jobs[mid];
      // As sortByKey compares: key, then arrival, then id (a NaN difference of two infinities ties).
      const c = keys[mid]! - k || o!.arrival - job.arrival || (o!.id < job.id ? -1 : o!.id > job.id ? 1 : 0);
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
