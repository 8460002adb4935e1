/**
 * The journal read back: the jobs and their runtime bookkeeping (attempts, ranks, checkpoints, lost
 * steps) as the entries left them, and the compaction that rewrites it as one snapshot per job.
 */
import type { CheckpointInfo } from '../core/checkpoint';
import type { JobRecord, MetricSample } from '../core/job';
import type { JobReport } from '../core/job-report';
import { isTerminal } from '../core/job-state';
import { DownsampledSeries } from '../core/metrics/downsample';
import type { AttemptRecord } from './job-report';
import type { JournalEntry, SnapshotRuntime } from './journal';

/** What the manager keeps of a job besides its record. */
export interface Runtime {
  attempts: AttemptRecord[];
  /** Thinned in memory; every sample is in the state folder (metric-files). */
  metrics: DownsampledSeries<MetricSample>;
  /** After a manager restart: bytes of the job's metric file written before it, read when first asked. */
  metricsOnDisk?: number;
  /** Ranks of the current attempt that reported started / exited (with code). */
  started: Set<number>;
  exited: Map<number, number>;
  /** The current attempt is being torn down: its late events are ignored. */
  stopping: boolean;
  report?: JobReport;
  submittedAt: number;
  /** Steps redone because attempts were lost. */
  lostSteps: number;
  /** When progress was last journaled. */
  progressJournaledAt: number;
  /** Complete checkpoints reported, by path. */
  checkpoints: Map<string, CheckpointInfo>;
}

export function newRuntime(submittedAt: number): Runtime {
  return { attempts: [], metrics: new DownsampledSeries<MetricSample>(), started: new Set(), exited: new Map(), stopping: false, submittedAt, lostSteps: 0, progressJournaledAt: 0, checkpoints: new Map() };
}

/** Jobs as the journal left them. */
export function replay(entries: readonly JournalEntry[]): Map<string, { job: JobRecord; runtime: Runtime }> {
  const out = new Map<string, { job: JobRecord; runtime: Runtime }>();
  for (const e of entries) {
    if (e.t === 'open' || e.t === 'node') continue;
    if (e.t === 'submit') {
      out.set(e.job.id, { job: e.job, runtime: newRuntime(e.at) });
      continue;
    }
    if (e.t === 'snapshot') {
      out.set(e.job.id, { job: e.job, runtime: runtimeOfSnapshot(e.runtime) });
      continue;
    }
    const x = out.get(e.jobId);
    if (!x) continue;
    const { runtime: rt } = x;
    switch (e.t) {
      case 'state':
        x.job = { ...x.job, state: e.state, history: [...x.job.history, e.reason === undefined ? { state: e.state, at: e.at } : { state: e.state, at: e.at, reason: e.reason }] };
        // Every rank exited with 0 (the manager records it with the end).
        if (e.state === 'succeeded') x.job = { ...x.job, exitCode: 0 };
        if (e.state === 'running') {
          const a = rt.attempts.at(-1);
          if (a && a.runningAt === undefined) a.runningAt = e.at;
        }
        if (isTerminal(e.state) || e.state === 'restarting' || e.state === 'queued') {
          const a = rt.attempts.at(-1);
          if (a && a.endedAt === undefined && e.state !== 'queued') {
            a.endedAt = e.at;
            a.outcome = e.reason ?? e.state;
          }
        }
        break;
      case 'launch':
        x.job = { ...x.job, attempt: e.attempt, placement: e.placement, resumeFrom: e.resumeFrom };
        rt.attempts.push({ attempt: e.attempt, placement: e.placement, resumeFrom: e.resumeFrom, launchedAt: e.at, stepAtLaunch: x.job.step });
        rt.started = new Set();
        rt.exited = new Map();
        break;
      case 'placed': {
        if (e.attempt !== x.job.attempt) break;
        x.job = { ...x.job, placement: e.placement };
        const a = rt.attempts.at(-1);
        if (a && a.attempt === e.attempt) a.placement = e.placement;
        break;
      }
      case 'rank':
        if (e.attempt !== x.job.attempt) break;
        if (e.event === 'started') rt.started.add(e.rank);
        else rt.exited.set(e.rank, e.exitCode ?? 0);
        break;
      case 'progress':
        x.job = { ...x.job, step: e.step ?? x.job.step, totalSteps: e.totalSteps ?? x.job.totalSteps };
        break;
      case 'checkpoint': {
        x.job = { ...x.job, lastCheckpoint: e.checkpoint, step: e.checkpoint.step ?? x.job.step };
        rt.checkpoints.set(e.checkpoint.path, e.checkpoint);
        const a = rt.attempts.at(-1);
        if (a) a.lastCheckpointAt = e.at;
        break;
      }
      case 'restart':
        x.job = { ...x.job, restarts: e.restarts, lostGpuSeconds: x.job.lostGpuSeconds + e.lostGpuSeconds, resumeFrom: e.resumeFrom, placement: [] };
        // Run again by hand (already queued): a fresh run; a lost attempt: back to its checkpoint's step.
        if (x.job.state === 'queued') x.job = { ...x.job, step: undefined, error: undefined, exitCode: undefined, waitReason: undefined, reportPath: undefined };
        else x.job = { ...x.job, step: x.job.lastCheckpoint?.step ?? x.job.step };
        rt.lostSteps += e.lostSteps;
        if (e.preempted) {
          const a = rt.attempts.at(-1);
          if (a && a.endedAt === undefined) {
            a.endedAt = e.at;
            a.outcome = 'preempted';
          }
        }
        break;
      case 'outputs':
        x.job = { ...x.job, outputs: e.files };
        break;
      case 'report':
        x.job = { ...x.job, reportPath: e.path };
        break;
      case 'error':
        x.job = { ...x.job, error: e.error, exitCode: e.exitCode };
        break;
    }
  }
  return out;
}

function snapshotOfRuntime(rt: Runtime): SnapshotRuntime {
  return {
    attempts: rt.attempts,
    started: [...rt.started],
    exited: [...rt.exited],
    submittedAt: rt.submittedAt,
    lostSteps: rt.lostSteps,
    checkpoints: [...rt.checkpoints.values()],
  };
}

function runtimeOfSnapshot(s: SnapshotRuntime): Runtime {
  return {
    ...newRuntime(s.submittedAt),
    attempts: s.attempts.map((a) => ({ ...a })),
    started: new Set(s.started),
    exited: new Map(s.exited),
    lostSteps: s.lostSteps,
    checkpoints: new Map(s.checkpoints.map((c) => [c.path, c])),
  };
}

/**
 * The journal's compaction: one snapshot per job (in submission order, so ids keep counting up)
 * and the last state of each node; replaying them gives the jobs replaying `entries` gives.
 */
export function compactEntries(entries: JournalEntry[]): JournalEntry[] {
  const at = entries.at(-1)?.at ?? Date.now();
  const out: JournalEntry[] = [];
  for (const { job, runtime } of replay(entries).values()) out.push({ t: 'snapshot', at, job, runtime: snapshotOfRuntime(runtime) });
  const nodes = new Map<string, JournalEntry>();
  for (const e of entries) if (e.t === 'node') nodes.set(e.node, e);
  out.push(...nodes.values());
  return out;
}
