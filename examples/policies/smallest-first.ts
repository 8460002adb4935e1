/**
 * Smallest first, with ageing: waiting jobs are ordered by the device-seconds they still need
 * (devices × estimated seconds left), so short, narrow jobs start quickly; every hour a job waits
 * halves its weight, so a big job still gets its turn. Placement keeps each job inside one node
 * or NVLink island when it can (topology-aware).
 *
 *   openclaw sim --cluster dgx-a100 --workload examples/workloads/... --policy examples/policies/smallest-first.ts
 */
import { definePolicy, topologyAware, type JobView } from 'openclaw/policy';

const HOUR = 3600;

/** Device-seconds still needed, halved for every hour waited. */
function weight(job: JobView, now: number): number {
  const need = job.request.gpus * (job.remainingSeconds ?? 24 * HOUR);
  const waited = now - (job.waitingSince ?? job.arrival);
  return need / 2 ** (waited / HOUR);
}

export default definePolicy({
  name: 'smallest-first',
  description: 'Least device-seconds needed first, aged by waiting time; topology-aware placement.',
  schedule({ now, waiting, cluster, plan }) {
    if (cluster.freeCount() === 0) return plan.decisions;
    const order = waiting.map((job) => ({ job, w: weight(job, now) })).sort((a, b) => a.w - b.w || a.job.arrival - b.job.arrival);
    for (const { job, w } of order) {
      if (cluster.freeCount() === 0) break;
      const devices = topologyAware(cluster, job.request);
      if (devices) plan.place(job, devices, `smallest weighted need (${Math.round(w)} device-seconds)`);
    }
    return plan.decisions;
  },
  explain(job, { now, waiting }) {
    const mine = weight(job, now);
    const ahead = waiting.filter((w) => w !== job && weight(w, now) < mine).length;
    return ahead > 0 ? `${ahead} waiting job${ahead === 1 ? '' : 's'} need fewer device-seconds; its weight halves every hour it waits` : undefined;
  },
});
