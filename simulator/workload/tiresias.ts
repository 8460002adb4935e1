/**
 * Tiresias' job list (`60_job.csv`): `job_id,num_gpu,submit_time,iterations,model_name,duration,interval`,
 * durations in seconds; the model name (vgg19, resnet50, ...) sets the gradient size.
 */
import { byArrival, readCsv } from './csv';
import type { WorkloadJob } from './workload-job';

export function readTiresias(path: string, limit = Infinity): WorkloadJob[] {
  const jobs = readCsv(
    path,
    ['job_id', 'num_gpu', 'submit_time', 'model_name', 'duration'],
    'the Tiresias job list',
    (row): WorkloadJob => ({
      id: `tiresias-${row.text('job_id')}`,
      arrival: row.number('submit_time', 'nonnegative'),
      gpus: row.number('num_gpu', 'int>0'),
      user: 'default',
      priority: 0,
      model: row.text('model_name') || undefined,
      durationSeconds: row.number('duration', 'positive'),
    }),
  );
  return byArrival(jobs).slice(0, Number.isFinite(limit) ? limit : undefined);
}
