/**
 * Dominant resource fairness across users (Ghodsi et al., NSDI 2011). Each device model is a
 * resource; a user's dominant share is the largest fraction of any model's devices their running
 * jobs hold. The next job to start is the oldest waiting job of the user with the smallest
 * dominant share. When that job does not fit, it keeps its turn (later jobs wait) so that a large
 * job of a fair-share user is never starved by a stream of small ones; `skipBlocked` trades that
 * guarantee for utilisation.
 */
import type { ClusterView, JobView, Policy } from '../api';
import { bestFit, type PlacementStrategy } from '../placement';
import { byArrival, countByModel, smallestRequest } from './common';

export interface DrfOptions {
  placement?: PlacementStrategy;
  skipBlocked?: boolean;
}

interface UserState {
  readonly name: string;
  held: Map<string, number>;
  share: number;
  queue: JobView[];
  next: number;
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
  return byArrival(a.queue[a.next], b.queue[b.next]) < 0;
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
      if (!less(a[i], a[p])) break;
      [a[i], a[p]] = [a[p], a[i]];
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
        if (l < a.length && less(a[l], a[m])) m = l;
        if (r < a.length && less(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
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
  return {
    name: 'drf',
    description: 'Dominant resource fairness: the user with the smallest dominant share of any device model goes next.',
    schedule(input) {
      const { cluster, plan } = input;
      if (input.waiting.length === 0 || cluster.freeCount() < Math.max(1, smallestRequest(input.waiting))) return plan.decisions;
      if (totalsFor !== cluster) {
        totals = totalsOf(cluster);
        totalsFor = cluster;
      }
      const tot = totals as Map<string, number>;
      const users = new Map<string, UserState>();
      const user = (name: string): UserState => {
        let u = users.get(name);
        if (!u) users.set(name, (u = { name, held: new Map(), share: 0, queue: [], next: 0 }));
        return u;
      };
      for (const j of input.running) {
        const u = user(j.user);
        countByModel(cluster, cluster.devicesOf(j.id), u.held);
      }
      for (const j of input.waiting) user(j.user).queue.push(j);
      const heap = new UserHeap();
      for (const u of users.values()) {
        u.share = shareOf(u.held, tot);
        if (u.queue.length > 0) heap.push(u);
      }
      while (heap.size > 0 && cluster.freeCount() > 0) {
        const u = heap.pop() as UserState;
        const job = u.queue[u.next];
        const devices = place(cluster, job.request);
        if (!devices) {
          if (!options.skipBlocked) break;
          u.next++;
          if (u.next < u.queue.length) heap.push(u);
          continue;
        }
        plan.place(job, devices, `user "${u.name}" has the smallest dominant share (${(u.share * 100).toFixed(1)}%)`);
        countByModel(cluster, devices, u.held);
        u.share = shareOf(u.held, tot);
        u.next++;
        if (u.next < u.queue.length) heap.push(u);
      }
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
