/**
 * Gavel's workload generator (its `scheduler/utils.py`): the model drawn uniformly from the measured
 * configurations; GPUs 1 (70%), 2 (10%), 4 (15%), 8 (5%) when multi-GPU jobs are on and the model
 * was measured distributed (1 otherwise); duration
 * 60·10^U(1.5,3) s for 80% of jobs and 60·10^U(3,4) s for 20%; steps = duration × the job's V100
 * throughput; Poisson arrivals at λ jobs an hour. Seeded: the same options give the same jobs.
 */
import { Rng } from '../random';
import type { ThroughputTable } from '../perf/gavel-throughputs';
import type { WorkloadJob } from './workload-job';

export interface GavelGeneratorOptions {
  jobs: number;
  jobsPerHour: number;
  multiGpu: boolean;
  seed: number;
  /** Number of distinct users jobs are spread over (round robin by draw), for fair-share policies. */
  users?: number;
}

const GPU_CHOICES = [1, 2, 4, 8];
const GPU_WEIGHTS = [0.7, 0.1, 0.15, 0.05];

export function generateGavel(table: ThroughputTable, o: GavelGeneratorOptions): WorkloadJob[] {
  const models = [...table.keys()].filter((m) => (table.get(m)?.get('v100')?.get(1) ?? 0) > 0).sort();
  const rng = new Rng(o.seed, 0x6a7e1);
  const out: WorkloadJob[] = new Array(o.jobs);
  const users = o.users ?? 1;
  let t = 0;
  for (let i = 0; i < o.jobs; i++) {
    if (i > 0) t += rng.exponential(3600 / o.jobsPerHour);
    const model = models[rng.int(models.length)];
    const byGpus = table.get(model!)!.get('v100')!;
    // As in Gavel, only models measured distributed (A3C, CycleGAN and Recommendation were not) get more than one GPU.
    const gpus = o.multiGpu && (byGpus.get(2) ?? 0) > 0 ? GPU_CHOICES[rng.weighted(GPU_WEIGHTS)] : 1;
    const long = rng.next() >= 0.8;
    const duration = 60 * 10 ** (long ? rng.uniform(3, 4) : rng.uniform(1.5, 3));
    let thr = byGpus.get(gpus!) ?? 0;
    if (!(thr > 0)) thr = (byGpus.get(1) ?? 1) * gpus!;
    out[i] = {
      id: `job-${i}`,
      arrival: t,
      gpus: gpus!,
      user: users > 1 ? `user-${rng.int(users)}` : 'default',
      priority: 0,
      model,
      totalSteps: duration * thr,
    };
  }
  return out;
}
