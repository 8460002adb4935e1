import { loadCluster, simulate, workloadFromFile } from './simulator/index';
import { getPolicy, preparePolicy } from './src/scheduler/policies';
(async () => {
  await preparePolicy('max-min-fairness');
  const [rate, jobs, lo, hi, multi] = process.argv.slice(2).map(Number);
  for (const p of ['max-min-fairness-agnostic', 'max-min-fairness']) {
    const t0 = Date.now();
    const w = workloadFromFile({ generator: 'gavel', jobsPerHour: rate, jobs, multiGpu: multi === 1, seed: 1 } as never, 'g', process.cwd());
    const r = simulate({ cluster: loadCluster('gavel'), workload: w, policy: getPolicy(p), seed: 1, noTiming: true });
    const recs = r.jobRecords.slice(lo, hi);
    const avg = recs.reduce((a, j) => a + ((j.end ?? NaN) - j.arrival), 0) / recs.length / 3600;
    console.log(p, rate, jobs, 'window', lo, hi, 'avg', avg.toFixed(2), 'h; all', (r.avgJctSeconds / 3600).toFixed(2), 'h;', ((Date.now() - t0) / 1000).toFixed(1), 's', r.completed);
  }
})();
