/**
 * Builds what the simulation report page shows from the simulator's own outputs: its JSON report
 * (job records become columns) and, when there is one, its event log (device intervals for the
 * Gantt chart). No `vscode` here: the CLI, tests and benchmarks build the same view.
 */
import { nodesOfShape } from '../../core/cluster-spec';
import type { SimEventRecord, SimHeaderRecord } from '../../core/sim-events';
import type { SimReport } from '../../core/sim-report';
import type { PolicyRun, ReportView, Segments } from '../../protocol/sim-report';
import { topologyFromNodes } from '../../protocol/topology';

export function runFromReport(report: SimReport, segments?: Segments): PolicyRun {
  const n = report.jobRecords.length;
  const id = new Array<string>(n);
  const arrival = new Array<number>(n);
  const start = new Array<number | null>(n);
  const end = new Array<number | null>(n);
  const gpus = new Array<number>(n);
  report.jobRecords.forEach((j, i) => {
    id[i] = j.id;
    arrival[i] = j.arrival;
    start[i] = j.start;
    end[i] = j.end;
    gpus[i] = j.gpus;
  });
  const { jobRecords: _omit, ...summary } = report;
  return { policy: report.policy, summary, jobs: { id, arrival, start, end, gpus }, ...(segments ? { segments } : {}) };
}

/** Device intervals of every job, replayed from an event log; `jobIds` orders jobs as the report does. */
export function segmentsFromEventLog(records: Iterable<SimEventRecord>, jobIds: readonly string[]): Segments {
  const index = new Map(jobIds.map((id, i) => [id, i] as const));
  const open = new Map<string, { devices: readonly number[]; start: number }>();
  const out: Segments = { job: [], device: [], start: [], end: [] };
  const close = (job: string, t: number) => {
    const o = open.get(job);
    if (!o) return;
    open.delete(job);
    const j = index.get(job);
    if (j === undefined) return;
    for (const d of o.devices) {
      out.job.push(j);
      out.device.push(d);
      out.start.push(o.start);
      out.end.push(t);
    }
  };
  for (const r of records) {
    if (r.type === 'round') {
      for (const j of r.completed ?? []) close(j, r.t);
      for (const l of r.lost ?? []) close(l.job, r.t);
      for (const d of r.decisions) {
        if (d.kind === 'preempt') close(d.job, r.t);
        else if (d.kind === 'place') {
          close(d.job, r.t);
          open.set(d.job, { devices: d.devices, start: r.t });
        }
      }
    } else if (r.type === 'end') {
      for (const job of [...open.keys()]) close(job, r.t);
    }
  }
  return out;
}

/**
 * The page's view of simulator reports (one per policy, same cluster and workload) and their event
 * logs where there are: device intervals, and the cluster's nodes for the Gantt chart's device axis.
 */
export function reportView(title: string, reports: readonly SimReport[], logs: ReadonlyArray<readonly SimEventRecord[] | undefined>): ReportView {
  let header: SimHeaderRecord | undefined;
  const runs = reports.map((r, i) => {
    const log = logs[i];
    const h = log?.find((e): e is SimHeaderRecord => e.type === 'header');
    header ??= h;
    return runFromReport(r, log ? segmentsFromEventLog(log, r.jobRecords.map((j) => j.id)) : undefined);
  });
  if (!header) {
    // Without an event log, the most devices ever available is the cluster's size.
    const devices = Math.max(1, Math.round(Math.max(0, ...reports.flatMap((r) => r.utilizationSeries.available))));
    return { title, totalDevices: devices, runs };
  }
  const nodes = topologyFromNodes(nodesOfShape(header.cluster)).nodes;
  const devices = nodes.reduce((sum, n) => sum + n.count, 0);
  return { title, totalDevices: Math.max(1, devices), runs, nodes };
}
