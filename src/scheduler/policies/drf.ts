/**
 * Dominant resource fairness across users (Ghodsi et al., NSDI 2011). Each device model is a
 * resource; a user's dominant share is the largest fraction of any model's devices their running
 * jobs hold. The next job to start is the oldest waiting job of the user with the smallest
 * dominant share. When that job does not fit, it keeps its turn (later jobs wait) so that a large
 * job of a fair-share user is never starved by a stream of small ones; `skipBlocked` trades that
 * guarantee for utilisation.
 */
import type { ClusterView, JobView, Policy, SchedulingInput } from '../api';
import { bestFit, type PlacementStrategy } from '../placement';
import { byArrival, countByModel } from './common';
import { WaitingQueue } from './waiting-queue';

export interface DrfOptions {
  placement?: PlacementStrategy;
  skipBlocked?: boolean;
}

interface UserState {
  readonly name: string;
  /** Devices of each model the user's running jobs hold. */
  held: Map<string, number>;
  share: number;
  /** The user's waiting jobs in arrival order, kept between rounds. */
  queue: WaitingQueue;
  /** In a round: the first of the queue not yet tried. */
  next: number;
}

/**
 * Users, their holdings and their queues, kept between rounds from the rounds' changes and the
 * policy's own placements: a round costs the users and jobs it touches, not every job.
 */
class Book {
  readonly users = new Map<string, UserState>();
  /** Devices by model of each running job counted in its user's holdings. */
  private readonly counted = new Map<string, { user: UserState; byModel: Map<string, number> }>();
  /** How many jobs wait, all users together. */
  get waiting(): number {
    let n = 0;
    for (const u of this.users.values()) n += u.queue.size;
    return n;
  }

  /** The fewest devices a waiting job asks for (+∞ when none waits). */
  get smallest(): number {
    let s = Number.POSITIVE_INFINITY;
    for (const u of this.users.values()) if (u.queue.size > 0) s = Math.min(s, u.queue.smallest);
    return s;
  }

  user(name: string): UserState {
    let u = this.users.get(name);
    if (!u) this.users.set(name, (u = { name, held: new Map(), share: 0, queue: new WaitingQueue(() => 0), next: 0 }));
    return u;
  }

  sync(input: SchedulingInput, totals: Map<string, number>): void {
    const ch = input.changes;
    if (!ch) {
      this.users.clear();
      this.counted.clear();
      for (const j of input.running) this.hold(input.cluster, j, input.cluster.devicesOf(j.id));
      for (const j of input.waiting) this.user(j.user).queue.add(j);
    } else {
      for (const j of ch.left) {
        this.user(j.user).queue.delete(j);
        this.release(j);
      }
      for (const j of ch.queued) this.user(j.user).queue.add(j);
    }
    for (const u of this.users.values()) u.share = shareOf(u.held, totals);
  }

  /** Counts a job's devices in its user's holdings. */
  hold(cluster: ClusterView, job: JobView, devices: readonly number[]): void {
    const u = this.user(job.user);
    const byModel = new Map<string, number>();
    countByModel(cluster, devices, byModel);
    for (const [m, n] of byModel) u.held.set(m, (u.held.get(m) ?? 0) + n);
    this.counted.set(job.id, { user: u, byModel });
  }

  private release(job: JobView): void {
    const c = this.counted.get(job.id);
    if (!c) return;
    this.counted.delete(job.id);
    for (const [m, n] of c.byModel) {
      const left = (c.user.held.get(m) ?? 0) - n;
      if (left > 0) c.user.held.set(m, left);
      else c.user.held.delete(m);
    }
  }
}

function shareOf(held: Map<string, number>, totals: Map<string, number>): number {
  let s = 0;
  for (const [m, n] of held) s = Math.max(s, n / (totals.get(m) ?? 1));
  return s;
}

function totalsOf(cluster: ClusterView): Map<string, number> {
  const t = new Map<string, number>();
  for (const d of cluster.devices) t.set(d.model, (t.get(d.model) ?? 0) + 1);
  return t;
}

/** Users ordered by dominant share, then by their oldest waiting job. */
function less(a: UserState, b: UserState): boolean {
  if (a.share !== b.share) return a.share < b.share;
  return byArrival(a.queue.at(a.next)!, b.queue.at(b.next)!) < 0;
}

class UserHeap {
  private readonly items: UserState[] = [];
  get size(): number {
    return this.items.length;
  }
  push(u: UserState): void {
    const a = this.items;
    a.push(u);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  pop(): UserState | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l]!, a[m]!)) m = l;
        if (r < a.length && less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

export function drf(options: DrfOptions = {}): Policy {
  const place = options.placement ?? bestFit;
  let totals: Map<string, number> | undefined;
  let totalsFor: ClusterView | undefined;
  const book = new Book();
  return {
    name: 'drf',
    description: 'Dominant resource fairness: the user with the smallest dominant share of any device model goes next.',
    schedule(input) {
      const { cluster, plan } = input;
      if (totalsFor !== cluster) {
        totals = totalsOf(cluster);
        totalsFor = cluster;
      }
      const tot = totals as Map<string, number>;
      book.sync(input, tot);
      if (book.waiting === 0 || cluster.freeCount() < Math.max(1, book.smallest)) return plan.decisions;
      const heap = new UserHeap();
      for (const u of book.users.values()) {
        u.next = 0;
        if (u.queue.size > 0) heap.push(u);
      }
      const placed: JobView[] = [];
      while (heap.size > 0 && cluster.freeCount() > 0) {
        const u = heap.pop() as UserState;
        const job = u.queue.at(u.next)!;
        const devices = place(cluster, job.request);
        if (!devices) {
          if (!options.skipBlocked) break;
          u.next++;
          if (u.next < u.queue.size) heap.push(u);
          continue;
        }
        plan.place(job, devices, `user "${u.name}" has the smallest dominant share (${(u.share * 100).toFixed(1)}%)`);
        book.hold(cluster, job, devices);
        placed.push(job);
        u.share = shareOf(u.held, tot);
        u.next++;
        if (u.next < u.queue.size) heap.push(u);
      }
      for (const job of placed) book.user(job.user).queue.delete(job);
      return plan.decisions;
    },
    explain(job, { waiting }) {
      const mine = waiting.filter((w) => w.user === job.user);
      const before = mine.indexOf(job);
      return before > 0
        ? `${before} older job${before === 1 ? '' : 's'} of user "${job.user}" go first; users with a smaller dominant share are served before "${job.user}"`
        : `users with a smaller dominant share than "${job.user}" are served first`;
    },
  };
}
