/**
 * First-fit FIFO: jobs are taken in arrival order and every one that fits starts; a job that does
 * not fit is passed over and nothing is reserved for it. What many clusters, and the Alibaba PAI
 * simulator, call FIFO. Beside strict `fifo` (the head of the queue holds everyone back) and
 * `backfill` (later jobs go first only if they cannot delay the head), it keeps devices busiest
 * and can starve a large job behind a stream of small ones.
 */
import type { Policy } from '../api';
import { bestFit, type PlacementStrategy } from '../placement';
import { placeFromQueue, WaitingQueue } from './waiting-queue';

export function fifoFirstFit(options: { placement?: PlacementStrategy } = {}): Policy {
  const place = options.placement ?? bestFit;
  // Arrival order (then id): one key for all. The queue is kept between rounds for the smallest
  // request waiting, below which a round ends at once.
  const queue = new WaitingQueue(() => 0);
  return {
    name: 'fifo-first-fit',
    description: 'First-fit FIFO: jobs in arrival order, every one that fits starts; nothing is held back or reserved.',
    schedule(input) {
      placeFromQueue(input, queue, place, () => 'first in arrival order that fits');
      return input.plan.decisions;
    },
    explain(job, { waiting }) {
      const i = waiting.indexOf(job);
      return i > 0 ? `it does not fit the free devices; ${i} earlier job${i === 1 ? '' : 's'} in arrival order go first when they fit` : undefined;
    },
  };
}
