/**
 * The simulator's programmatic API.
 *
 *   const report = simulate({ cluster: loadCluster('gavel'), workload: loadWorkload('w.yaml'), policy: getPolicy('fifo') });
 *
 * For live or step-by-step use, build a `Simulation` (simulation.ts) and call `step()`,
 * `advanceTo(t)` and `submit(job)`.
 */
import type { ClusterShape } from '../src/core/cluster-spec';
import type { SimEventRecord } from '../src/core/sim-events';
import type { SimReport } from '../src/core/sim-report';
import type { Policy } from '../src/scheduler/api';
import { Simulation, type SimProgress } from './simulation';
import type { Workload } from './workload/workload-file';

export interface SimulateOptions {
  cluster: ClusterShape;
  workload: Workload;
  policy: Policy;
  seed?: number;
  /** Overrides the workload's round length. */
  roundSeconds?: number;
  eventLog?: (record: SimEventRecord) => void;
  explain?: string;
  /** Report wallSeconds and eventsPerSecond as 0, so that the report is byte-for-byte reproducible. */
  noTiming?: boolean;
}

export interface SimulateResult {
  report: SimReport;
  /** The story of `explain`'s job, when asked. */
  explanation: readonly string[];
}

export function createSimulation(o: SimulateOptions): Simulation {
  const w = o.workload;
  return new Simulation({
    cluster: o.cluster,
    policy: o.policy,
    jobs: w.jobs,
    workloadName: w.name,
    workloadSource: w.source,
    seed: o.seed ?? 0,
    throughputs: w.throughputs,
    relativeSpeed: w.relativeSpeed,
    referenceDevice: w.referenceDevice,
    checkpoint: w.checkpoint,
    failures: w.failures,
    roundSeconds: o.roundSeconds ?? w.roundSeconds,
    eventLog: o.eventLog,
    explain: o.explain,
  });
}

export function simulateWithStory(o: SimulateOptions, hooks: { onProgress?: (p: SimProgress) => void } = {}): SimulateResult {
  const sim = createSimulation(o);
  const report = sim.run(hooks.onProgress);
  sim.finishLog(report);
  if (o.noTiming) {
    report.wallSeconds = 0;
    report.eventsPerSecond = 0;
  }
  return { report, explanation: sim.explanation() };
}

export function simulate(o: SimulateOptions, hooks: { onProgress?: (p: SimProgress) => void } = {}): SimReport {
  return simulateWithStory(o, hooks).report;
}

export { Simulation, type SimProgress, type SimJobEvent, type SimulationOptions } from './simulation';
export { loadCluster, loadSimulatedCluster, looksLikePath, parseClusterText, type SimulatedCluster } from './cluster/load-cluster';
export { PRESET_NAMES, presetShape, uniformShape } from './cluster/presets';
export { loadWorkload, workloadFromFile, type Workload } from './workload/workload-file';
export type { WorkloadJob } from './workload/workload-job';
export { jobFromEntry } from './workload/openclaw-jobs';
export { PerfModel } from './perf/perf-model';
export { ringAllReduceSeconds } from './perf/allreduce';
export { JsonlWriter } from './event-log';
