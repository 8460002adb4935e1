/** Real simulator runs for the report and time-travel page tests. */
import { join } from 'node:path';
import type { SimEventRecord } from '../../src/core/sim-events';
import { getPolicy } from '../../src/scheduler';
import { loadCluster, loadWorkload, simulate } from '../../simulator';
import { reportView, runFromReport, segmentsFromEventLog } from '../../src/extension/webviews/report-model';
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
  let devices = 0;
  const runs = policies.map((p) => {
    const { report, events } = runSim(cluster, workload, p);
    const header = events.find((e) => e.type === 'header');
    if (header?.type === 'header') devices = header.cluster.nodes.reduce((s, g) => s + g.count * g.devices.count, 0);
    return runFromReport(report, withSegments ? segmentsFromEventLog(events, report.jobRecords.map((j) => j.id)) : undefined);
  });
  return reportView(`${policies.join(' vs ')} on ${cluster}`, devices, runs);
}
