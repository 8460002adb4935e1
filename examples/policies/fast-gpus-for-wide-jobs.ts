/**
 * Fast devices for wide jobs: jobs start in arrival order, but each job is steered by the device
 * models' speed for it. Multi-device jobs (whose all-reduce makes every member wait for the
 * slowest) go to the model where they run fastest; single-device jobs take the slowest model that
 * still gives them at least half their best speed, leaving fast devices free for wide jobs.
 * A job that fits nowhere keeps its turn (FIFO).
 */
import { bestFit, definePolicy, type ClusterView, type JobView } from 'openclaw/policy';

/** Models by the job's throughput, fastest first (the cluster's order when it is unknown). */
function modelsBySpeed(job: JobView, cluster: ClusterView): string[] {
  const t = job.throughput;
  const models = cluster.models.filter((m) => job.request.deviceModel === undefined || m === job.request.deviceModel);
  if (!t) return models;
  return models.filter((m) => (t[m] ?? 0) > 0).sort((a, b) => (t[b] ?? 0) - (t[a] ?? 0));
}

export default definePolicy({
  name: 'fast-gpus-for-wide-jobs',
  description: 'FIFO; wide jobs on their fastest model, single-device jobs on the slowest model that is good enough.',
  schedule({ waiting, cluster, plan }) {
    for (const job of waiting) {
      if (cluster.freeCount() === 0) break;
      let models = modelsBySpeed(job, cluster);
      if (job.request.gpus === 1 && job.throughput) {
        const best = job.throughput[models[0]!] ?? 0;
        const goodEnough = models.filter((m) => (job.throughput?.[m] ?? 0) >= best / 2);
        models = [...goodEnough.reverse(), ...models.filter((m) => !goodEnough.includes(m))];
      }
      let placed = false;
      for (const model of models) {
        const devices = bestFit(cluster, { ...job.request, deviceModel: model });
        if (devices) {
          plan.place(job, devices, `${job.request.gpus > 1 ? 'wide job on its fastest free model' : 'single device on a good-enough model'}: ${model}`);
          placed = true;
          break;
        }
      }
      if (!placed) break;
    }
    return plan.decisions;
  },
});
