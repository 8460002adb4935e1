/**
 * A Pollux evaluation workload (`workload-6.csv`): `name,time,application,num_replicas,batch_size`.
 * The file gives no durations: Pollux derives them from its application models. Here each
 * application gets GPU-hours on V100s in the middle of the size class the Pollux paper (Qiao et al.,
 * OSDI 2021, Table 1) gives it, run on `num_replicas` GPUs.
 */
import { SpecError } from '../../src/core/errors';
import { byArrival, readCsv } from './csv';
import type { WorkloadJob } from './workload-job';

/** V100 GPU-hours of each Pollux application (an estimate by size class: S < 1, M 1–10, L 10–100, XL > 100). */
export const POLLUX_GPU_HOURS: Readonly<Record<string, number>> = {
  ncf: 0.3,
  cifar10: 0.6,
  bert: 3,
  deepspeech2: 6,
  yolov3: 30,
  imagenet: 250,
};

export function readPollux(path: string, limit = Infinity): WorkloadJob[] {
  const jobs = readCsv(
    path,
    ['name', 'time', 'application', 'num_replicas'],
    'a Pollux workload',
    (row): WorkloadJob => {
      const app = row.text('application');
      const hours = POLLUX_GPU_HOURS[app];
      if (hours === undefined) {
        throw new SpecError(`${path}:${row.line}`, [{ path: 'application', message: `unknown application ${JSON.stringify(app)}; expected one of ${Object.keys(POLLUX_GPU_HOURS).join(', ')}` }]);
      }
      const gpus = row.number('num_replicas', 'int>0');
      return { id: row.text('name'), arrival: row.number('time', 'nonnegative'), gpus, user: 'default', priority: 0, model: app, durationSeconds: (hours * 3600) / gpus };
    },
  );
  return byArrival(jobs).slice(0, Number.isFinite(limit) ? limit : undefined);
}
