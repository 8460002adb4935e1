/**
 * Priority with preemption: higher `priority` first (arrival order within a level). When the
 * highest-priority waiting job does not fit, running jobs of lower priority are preempted (lowest
 * priority first, most recently started first) until it does; if even that cannot make room, it
 * keeps its turn and lower priorities wait behind it.
 */
import type { JobView, Policy } from '../api';
import { filterOf } from '../explain';
import { bestFit, type PlacementStrategy } from '../placement';
import { byArrival, mightFit, sortBy, sortByKey } from './common';

export interface PriorityOptions {
  placement?: PlacementStrategy;
  /** Preempt lower-priority jobs for a blocked higher-priority one (default true). */
  preempt?: boolean;
}

const order = (a: JobView, b: JobView): number => b.priority - a.priority || byArrival(a, b);

export function priority(options: PriorityOptions = {}): Policy {
  const place = options.placement ?? bestFit;
  const preempt = options.preempt ?? true;
  return {
    name: 'priority',
    description: 'Strict priority: higher priorities start first and preempt lower ones when they do not fit.',
    schedule(input) {
      const { cluster, plan } = input;
      if (input.waiting.length === 0) return plan.decisions;
      // The running list is sorted only when some running job is of lower priority than a waiting one.
      let lowestRunning = Number.POSITIVE_INFINITY;
      for (const r of input.running) if (r.priority < lowestRunning) lowestRunning = r.priority;
      const waiting = input.waiting;
      const first = waiting[0]!.priority;
      let top = first;
      let uniform = true;
      for (let i = 1; i < waiting.length; i++) {
        const p = waiting[i]!.priority;
        if (p !== first) uniform = false;
        if (p > top) top = p;
      }
      // Nothing free and nothing of lower priority to preempt: nothing can change.
      if (cluster.freeCount() === 0 && !(preempt && lowestRunning < top)) return plan.decisions;
      // One priority level: the queue is the waiting list, which drivers pass in arrival order.
      const queue = uniform ? waiting : sortByKey(waiting, (j) => -j.priority);
      let victims: JobView[] | undefined;
      for (const job of queue) {
        let devices = mightFit(cluster, job.request) ? place(cluster, job.request) : undefined;
        if (!devices && preempt && lowestRunning < job.priority) {
          victims ??= sortBy(input.running, (a, b) => a.priority - b.priority || b.arrival - a.arrival);
          const lower = victims.filter((v) => v.priority < job.priority && !plan.preempted(v));
          // Preempt only when the lower jobs' devices together could make room.
          const filter = filterOf(job.request);
          let could = cluster.freeMatching(filter);
          for (const v of lower) for (const d of cluster.devicesOf(v.id)) {
            const dev = cluster.devices[d];
            if ((filter.model === undefined || dev!.model === filter.model) && (filter.minMemoryGiB === undefined || dev!.memoryGiB >= filter.minMemoryGiB)) could++;
          }
          if (could >= job.request.gpus) {
            for (const v of lower) {
              plan.preempt(v, `makes room for "${job.id}" (priority ${job.priority} > ${v.priority})`);
              devices = place(cluster, job.request);
              if (devices) break;
            }
          }
        }
        if (!devices) break;
        plan.place(job, devices, `highest waiting priority (${job.priority})`);
      }
      return plan.decisions;
    },
    explain(job, { waiting }) {
      const ahead = waiting.filter((w) => w !== job && order(w, job) < 0);
      if (ahead.length === 0) return undefined;
      return `${ahead.length} waiting job${ahead.length === 1 ? '' : 's'} of higher or equal priority arrived first (the first: "${ahead.sort(order)[0]!.id}", priority ${ahead[0]!.priority})`;
    },
  };
}
