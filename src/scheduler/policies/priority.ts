/**
 * Priority with preemption: higher `priority` first (arrival order within a level). When the
 * highest-priority waiting job does not fit, running jobs of lower priority are preempted (lowest
 * priority first, most recently started first) until it does; if even that cannot make room, it
 * keeps its turn and lower priorities wait behind it.
 */
import type { JobOrder, JobView, Policy, SchedulingInput } from '../api';
import { filterOf } from '../explain';
import { bestFit, type PlacementStrategy } from '../placement';
import { byArrival, mightFit, sortBy } from './common';
import { WaitingQueue } from './waiting-queue';

export interface PriorityOptions {
  placement?: PlacementStrategy;
  /** Preempt lower-priority jobs for a blocked higher-priority one (default true). */
  preempt?: boolean;
}

const order = (a: JobView, b: JobView): number => b.priority - a.priority || byArrival(a, b);

/**
 * The priorities of the running jobs, counted, kept between rounds: from the policy's own
 * placements and preemptions and the round's changes (jobs that left), so that a round does not
 * read every running job to learn the lowest priority among them.
 */
class RunningPriorities {
  private readonly ids = new Map<string, number>();
  private readonly counts = new Map<number, number>();

  /** Brings the counts to this round's running jobs. */
  sync(input: SchedulingInput): void {
    const ch = input.changes;
    if (!ch) {
      this.ids.clear();
      this.counts.clear();
      for (const r of input.running) this.add(r.id, r.priority);
      return;
    }
    for (const j of ch.left) this.remove(j.id);
  }

  get lowest(): number {
    let low = Number.POSITIVE_INFINITY;
    this.counts.forEach((n, p) => {
      if (n > 0 && p < low) low = p;
    });
    return low;
  }

  /** A job this round placed (its own decisions are not among the next round's changes). */
  add(id: string, priority: number): void {
    if (this.ids.has(id)) return;
    this.ids.set(id, priority);
    this.counts.set(priority, (this.counts.get(priority) ?? 0) + 1);
  }

  remove(id: string): void {
    const p = this.ids.get(id);
    if (p === undefined) return;
    this.ids.delete(id);
    this.counts.set(p, this.counts.get(p)! - 1);
  }
}

export function priority(options: PriorityOptions = {}): Policy {
  const place = options.placement ?? bestFit;
  const preempt = options.preempt ?? true;
  // Waiting jobs by priority, highest first, then arrival: kept between rounds.
  const waitingQueue = new WaitingQueue((j) => -j.priority);
  const runningPriorities = new RunningPriorities();
  return {
    name: 'priority',
    description: 'Strict priority: higher priorities start first and preempt lower ones when they do not fit.',
    schedule(input) {
      const { cluster, plan } = input;
      const byPriority = waitingQueue.update(input);
      runningPriorities.sync(input);
      if (byPriority.length > 0) round(input, byPriority);
      waitingQueue.settle(plan.decisions, input.running);
      return plan.decisions;

      function round(input: SchedulingInput, byPriority: JobOrder): void {
        const top = byPriority.at(0)!.priority;
        // Nothing free and nothing of lower priority to preempt: nothing can change.
        if (cluster.freeCount() === 0 && !(preempt && runningPriorities.lowest < top)) return;
        // One priority level: the queue is the waiting list, which drivers pass in arrival order.
        const uniform = byPriority.at(byPriority.length - 1)!.priority === top;
        const queue: JobOrder = uniform ? input.waiting : byPriority;
        let victims: JobView[] | undefined;
        for (let i = 0; i < queue.length; i++) {
          const job = queue.at(i)!;
          let devices = mightFit(cluster, job.request) ? place(cluster, job.request) : undefined;
          if (!devices && preempt && runningPriorities.lowest < job.priority) {
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
                runningPriorities.remove(v.id);
                devices = place(cluster, job.request);
                if (devices) break;
              }
            }
          }
          if (!devices) break;
          plan.place(job, devices, `highest waiting priority (${job.priority})`);
          runningPriorities.add(job.id, job.priority);
        }
      }
    },
    explain(job, { waiting }) {
      const ahead = waiting.filter((w) => w !== job && order(w, job) < 0);
      if (ahead.length === 0) return undefined;
      return `${ahead.length} waiting job${ahead.length === 1 ? '' : 's'} of higher or equal priority arrived first (the first: "${ahead.sort(order)[0]!.id}", priority ${ahead[0]!.priority})`;
    },
  };
}
