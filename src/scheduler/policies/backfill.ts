/**
 * EASY backfilling (Lifka, 1995; Mu'alem & Feitelson, 2001): jobs start in arrival order; when
 * the first waiting job does not fit it gets a reservation at the earliest time enough devices
 * will be free (from the running jobs' estimated ends), and later jobs may start now only if they
 * cannot delay it: they end before that time, or they use devices the reservation does not need.
 * Jobs without an estimate only use devices the reservation does not need.
 */
import type { ClusterView, DeviceFilter, JobView, Policy } from '../api';
import { filterOf } from '../explain';
import { bestFit, type PlacementStrategy } from '../placement';
import { mightFit, smallestRequest } from './common';
import { fmt } from './sjf';

function matches(cluster: ClusterView, d: number, f: DeviceFilter): boolean {
  const dev = cluster.devices[d];
  return (f.model === undefined || dev!.model === f.model) && (f.minMemoryGiB === undefined || dev!.memoryGiB >= f.minMemoryGiB);
}

function capacityOf(cluster: ClusterView, f: DeviceFilter): number {
  let n = 0;
  for (const d of cluster.devices) if (matches(cluster, d.id, f) && cluster.nodes[d.node]!.state === 'ready') n++;
  return n;
}

interface Reservation {
  head: JobView;
  /** Which devices the head can use. */
  filter: DeviceFilter;
  /** When enough devices for the head will be free. */
  shadow: number;
  /** Devices matching the head's request free at the shadow time beyond what it needs. */
  extra: number;
}

function reserve(cluster: ClusterView, head: JobView, now: number, holders: readonly { job: JobView; devices: readonly number[] }[]): Reservation {
  const f = filterOf(head.request);
  let free = cluster.freeMatching(f);
  const ends = holders
    .map((h) => ({ end: now + (h.job.remainingSeconds ?? Number.POSITIVE_INFINITY), n: h.devices.filter((d) => matches(cluster, d, f)).length }))
    .filter((e) => e.n > 0)
    .sort((a, b) => a.end - b.end);
  for (const e of ends) {
    if (free >= head.request.gpus) break;
    free += e.n;
    if (free >= head.request.gpus) return { head, filter: f, shadow: e.end, extra: free - head.request.gpus };
  }
  return { head, filter: f, shadow: free >= head.request.gpus ? now : Number.POSITIVE_INFINITY, extra: Math.max(0, free - head.request.gpus) };
}

export function backfill(options: { placement?: PlacementStrategy } = {}): Policy {
  const place = options.placement ?? bestFit;
  const capacityCache = new Map<string, number>();
  return {
    name: 'backfill',
    description: 'EASY backfilling: arrival order, with later jobs started early when they cannot delay the first waiting job.',
    schedule(input) {
      const { cluster, plan, now } = input;
      if (input.waiting.length === 0 || cluster.freeCount() === 0) return plan.decisions;
      capacityCache.clear(); // nodes may have failed or come back since the last round
      const started: { job: JobView; devices: readonly number[] }[] = [];
      let res: Reservation | undefined;
      const reserveFor = (job: JobView): Reservation | undefined => {
        // A job larger than the cluster's matching capacity can never start: it reserves nothing.
        const f = filterOf(job.request);
        const key = `${f.model ?? ''}|${f.minMemoryGiB ?? ''}`;
        let cap = capacityCache.get(key);
        if (cap === undefined) capacityCache.set(key, (cap = capacityOf(cluster, f)));
        if (cap < job.request.gpus) return undefined;
        const holders = input.running.map((r) => ({ job: r, devices: cluster.devicesOf(r.id) })).concat(started);
        return reserve(cluster, job, now, holders);
      };
      // Below the smallest request left, no later job can start: the scan stops there.
      const smallest = smallestRequest(input.waiting);
      for (const job of input.waiting) {
        const free = cluster.freeCount();
        if (free === 0 || free < smallest) break;
        if (!mightFit(cluster, job.request)) {
          if (!res) res = reserveFor(job);
          continue;
        }
        if (res) {
          // A job that cannot end before the reservation must fit in the devices it leaves spare:
          // it takes at least its size less the free devices the head cannot use. Rejected here
          // without placing it, as placing it would reject it too.
          const endsBefore = job.remainingSeconds !== undefined && now + job.remainingSeconds <= res.shadow;
          if (!endsBefore && job.request.gpus - (free - cluster.freeMatching(res.filter)) > res.extra) continue;
        }
        const devices = place(cluster, job.request);
        if (!res) {
          if (devices) {
            plan.place(job, devices, 'next in arrival order');
            started.push({ job, devices });
            continue;
          }
          res = reserveFor(job);
          continue;
        }
        if (!devices) continue;
        const endsBefore = job.remainingSeconds !== undefined && now + job.remainingSeconds <= res.shadow;
        const f = res.filter;
        const uses = devices.filter((d) => matches(cluster, d, f)).length;
        if (endsBefore) {
          plan.place(job, devices, `backfilled: ends (${fmt(job.remainingSeconds ?? 0)}) before "${res.head.id}" can start`);
        } else if (uses <= res.extra) {
          res.extra -= uses;
          plan.place(job, devices, `backfilled on devices "${res.head.id}" does not need`);
        }
      }
      return plan.decisions;
    },
    explain(job, { waiting }) {
      const i = waiting.indexOf(job);
      if (i <= 0) return undefined;
      return `behind "${waiting[0]!.id}" in arrival order; it could start early only if it ended before that job's reservation or used devices the reservation leaves spare`;
    },
  };
}
