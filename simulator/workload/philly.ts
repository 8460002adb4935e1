/**
 * Microsoft's Philly trace as Pollux ships it (`pollux_philly.csv`):
 * `timestamp,duration,num_gpus,gpu_time,cluster`, one row a job. Durations are seconds on the
 * original placement; the virtual cluster becomes the job's user (for fair-share policies).
 */
import { SpecError } from '../../src/core/errors';
import { byArrival, readCsv } from './csv';
import type { WorkloadJob } from './workload-job';

const TS = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

export function readPhilly(path: string, limit = Infinity): WorkloadJob[] {
  const rows = readCsv(path, ['timestamp', 'duration', 'num_gpus'], 'the Philly trace', (row) => {
    const ts = row.text('timestamp');
    const m = TS.exec(ts);
    if (!m) throw new SpecError(`${path}:${row.line}`, [{ path: 'timestamp', message: `expected a time such as "2017-10-09 07:01:55", got ${JSON.stringify(ts)}` }]);
    const arrival = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) / 1000;
    const job: WorkloadJob = {
      id: `philly-${row.line - 1}`,
      arrival,
      gpus: row.number('num_gpus', 'int>0'),
      user: row.text('cluster') || 'default',
      priority: 0,
      durationSeconds: Math.max(1, row.number('duration', 'nonnegative')),
    };
    return job;
  });
  const sorted = byArrival(rows);
  return Number.isFinite(limit) ? sorted.slice(0, limit) : sorted;
}
