/**
 * FIFO: jobs start in arrival order; the first job that does not fit stops the round (strict
 * head-of-line order, so a large job is never overtaken and a round costs O(jobs placed)).
 */
import type { Policy } from '../api';
import { describeRequest, shortfall } from '../explain';
import { bestFit, type PlacementStrategy } from '../placement';

export interface FifoOptions {
  placement?: PlacementStrategy;
}

export function fifo(options: FifoOptions = {}): Policy {
  const place = options.placement ?? bestFit;
  return {
    name: 'fifo',
    description: 'First in, first out: jobs start in arrival order, and the first one that does not fit holds back all later ones.',
    schedule({ waiting, cluster, plan }) {
      for (const job of waiting) {
        const devices = place(cluster, job.request);
        if (!devices) break;
        plan.place(job, devices, 'next in arrival order');
      }
      return plan.decisions;
    },
    explain(job, { cluster, waiting }) {
      const i = waiting.indexOf(job);
      if (i <= 0) return undefined;
      const head = waiting[0];
      const why = shortfall(head!.request, cluster);
      return `behind ${i} earlier job${i === 1 ? '' : 's'} in arrival order; the first, "${head!.id}", ${why ?? `asks for ${describeRequest(head!.request)}`}`;
    },
  };
}
