/** The report written when a job ends: queue and run time, restarts, device-hours and lost work. */
import type { JobRecord, RankPlacement } from '../core/job';
import type { JobReport } from '../core/job-report';
import { devicesHeld, nodesOf } from './placement';

/** One launch of a job, as the manager tracks it. */
export interface AttemptRecord {
  attempt: number;
  placement: RankPlacement[];
  resumeFrom?: string;
  launchedAt: number;
  /** Every rank running. */
  runningAt?: number;
  lastCheckpointAt?: number;
  stepAtLaunch?: number;
  endedAt?: number;
  outcome?: string;
}

export function buildReport(job: JobRecord, attempts: readonly AttemptRecord[], submittedAt: number, endedAt: number, lostSteps: number): JobReport {
  const first = attempts[0];
  const startedAt = first?.launchedAt;
  let deviceSeconds = 0;
  for (const a of attempts) deviceSeconds += Math.max(0, ((a.endedAt ?? endedAt) - a.launchedAt) / 1000) * devicesHeld(a.placement);
  const report: JobReport = {
    jobId: job.id,
    name: job.spec.name,
    state: job.state,
    backend: job.backend,
    submittedAt,
    startedAt,
    endedAt,
    queueSeconds: Math.max(0, ((startedAt ?? endedAt) - submittedAt) / 1000),
    // Until the last attempt ended (fetching outputs and teardown are not the job's run time).
    runSeconds: startedAt === undefined ? 0 : Math.max(0, ((attempts.at(-1)?.endedAt ?? endedAt) - startedAt) / 1000),
    restarts: job.restarts,
    gpuHours: deviceSeconds / 3600,
    lostGpuSeconds: job.lostGpuSeconds,
    lostSteps,
    step: job.step,
    exitCode: job.exitCode,
    error: job.error,
    attempts: attempts.map((a) => ({
      attempt: a.attempt,
      nodes: nodesOf(a.placement),
      startedAt: a.launchedAt,
      endedAt: a.endedAt,
      resumeFrom: a.resumeFrom,
      outcome: a.outcome ?? (a.endedAt === undefined ? 'running' : 'ended'),
    })),
    outputs: job.outputs,
  };
  return report;
}

/** A few lines for a terminal. */
export function formatReport(r: JobReport): string {
  const lines = [
    `job ${r.jobId}: ${r.state}${r.error ? ` (${r.error})` : ''}`,
    `  queued ${r.queueSeconds.toFixed(1)} s, ran ${r.runSeconds.toFixed(1)} s, ${r.restarts} restart${r.restarts === 1 ? '' : 's'}`,
    `  device-hours ${r.gpuHours.toFixed(4)}, lost work ${r.lostGpuSeconds.toFixed(1)} device-s${r.lostSteps ? ` (${r.lostSteps} steps)` : ''}`,
  ];
  for (const o of r.outputs) lines.push(`  output ${o.path} -> ${o.localPath} (${o.bytes} bytes, sha256 ${o.sha256.slice(0, 16)}…)`);
  return lines.join('\n');
}
