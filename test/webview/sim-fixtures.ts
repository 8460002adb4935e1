/** Real simulator runs for the report and time-travel page tests. */
import { join } from 'node:path';
import type { SimEventRecord } from '../../src/core/sim-events';
import { getPolicy } from '../../src/scheduler';
import { loadCluster, loadWorkload, simulate, workloadFromFile, type Workload } from '../../simulator';
import { reportView } from '../../src/extension/webviews/report-model';
import type { ReportView } from '../../src/protocol/sim-report';
import type { SimReport } from '../../src/core/sim-report';

const root = join(__dirname, '../..');

/** A run of a cluster (preset or file) and a workload (file, or one already loaded). */
export function runSim(cluster: string, workload: string | Workload, policy: string): { report: SimReport; events: SimEventRecord[] } {
  const events: SimEventRecord[] = [];
  const report = simulate({
    cluster: loadCluster(cluster.includes('/') ? join(root, cluster) : cluster),
    workload: typeof workload === 'string' ? loadWorkload(join(root, workload)) : workload,
    policy: getPolicy(policy),
    eventLog: (r) => events.push(r),
  });
  return { report, events };
}

/** The same cluster and workload under several policies, with device intervals from the event logs. */
export function reportOf(cluster: string, workload: string, policies: string[], withSegments = true): ReportView {
  const runs = policies.map((p) => runSim(cluster, workload, p));
  return reportView(`${policies.join(' vs ')} on ${cluster}`, runs.map((r) => r.report), runs.map((r) => (withSegments ? r.events : undefined)));
}

/** Gavel's generator with multi-GPU jobs: on the `gavel` preset (one GPU a server) they all span servers. */
export function gavelMultiGpu(jobs: number, jobsPerHour: number): Workload {
  return workloadFromFile({ generator: 'gavel', jobsPerHour, jobs, multiGpu: true, seed: 1 }, `gavel-multi-${jobsPerHour}jph`, root);
}
