/** Real simulator runs for the report and time-travel page tests. */
import { join } from 'node:path';
import type { SimEventRecord } from '../../src/core/sim-events';
import { getPolicy } from '../../src/scheduler';
import { loadCluster, loadWorkload, simulate } from '../../simulator';
import { reportView } from '../../src/extension/webviews/report-model';
import type { ReportView } from '../../src/protocol/sim-report';
import type { SimReport } from '../../src/core/sim-report';

const root = join(__dirname, '../..');

export function runSim(cluster: string, workload: string, policy: string): { report: SimReport; events: SimEventRecord[] } {
  const events: SimEventRecord[] = [];
  const report = simulate({
    cluster: loadCluster(cluster.includes('/') ? join(root, cluster) : cluster),
    workload: loadWorkload(join(root, workload)),
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
