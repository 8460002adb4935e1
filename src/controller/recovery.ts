/**
 * What happens to unfinished jobs when the manager starts again on its state folder (rebuilt from
 * the journal, re-attached to the ranks still running, restarted where ranks vanished, held where a
 * damaged journal line leaves their end unknown) and when a node dies (its jobs lose their attempt).
 * The manager does the I/O each step asks for through RecoveryHost.
 */
import { copyFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { BackendEvent } from '../core/events';
import type { JobRecord } from '../core/job';
import { isTerminal, type JobState } from '../core/job-state';
import { holdsDevices } from '../core/lifecycle';
import type { ClusterState } from '../scheduler/cluster-state';
import type { Backend } from './api';
import type { Journal, JournalEntry } from './journal';
import { describeDamage, jobsInDoubt, type DamagedLine, type JournalReading } from './journal-damage';
import { replay, type Runtime } from './journal-replay';
import { devicesOfPlacement } from './placement';

/** A damaged journal as found: its reading, and where the copy of it is kept. */
export interface DamagedJournal {
  reading: JournalReading;
  copy: string;
}

/** What recovery reads from the manager and asks of it. */
export interface RecoveryHost {
  readonly backend: Backend;
  readonly journal: Journal;
  readonly journalPath: string;
  /** The manager's jobs and their runtimes, filled from the journal here. */
  readonly jobs: Map<string, JobRecord>;
  readonly runtimes: Map<string, Runtime>;
  cluster(): ClusterState;
  now(): number;
  runtime(jobId: string): Runtime;
  /** Bytes of a job's metric file from before the restart (its charts come back from it). */
  metricsOnDisk(jobId: string): number;
  /** Bytes of a rank's log already mirrored: the backend resumes the log there. */
  logSize(jobId: string, attempt: number, rank: number): number;
  handedToBackend(job: JobRecord): boolean;
  setState(job: JobRecord, to: JobState, reason?: string): JobRecord;
  update(jobId: string, patch: Partial<JobRecord>): JobRecord;
  stopAttempt(job: JobRecord, reason: string): Promise<void>;
  attemptLost(job: JobRecord, reason: string, exitCode?: number, countsAsRestart?: boolean): Promise<void>;
  finish(job: JobRecord, state: 'failed', reason: string): JobRecord;
  onExit(e: Extract<BackendEvent, { kind: 'exited' }>): Promise<void>;
}

/** Copies a damaged journal aside and says so; what recovery needs to hold jobs in doubt. */
export function keepDamagedJournal(journalPath: string, reading: JournalReading): DamagedJournal {
  const copy = `${journalPath}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  copyFileSync(journalPath, copy);
  for (const line of describeDamage(journalPath, reading.damaged)) process.emitWarning(`openclaw: ${line} (the journal as found is kept in ${copy})`);
  return { reading, copy };
}

/**
 * A job whose end a damaged journal line may have held is not run again: if its ranks are all
 * still running it goes on; otherwise it fails with the reason, and only the user runs it again.
 */
async function holdInDoubt(h: RecoveryHost, job: JobRecord, line: DamagedLine, copy: string): Promise<boolean> {
  if (holdsDevices(job.state) && h.backend.attach) {
    const found = await h.backend.attach(job, job.placement, job.attempt).catch(() => undefined);
    if (found && found.missing.length === 0 && found.exited.length === 0) return false;
  }
  const why = `its end is unknown: ${basename(h.journalPath)} line ${line.line} is damaged (a copy is kept in ${copy}); not run again by itself: restart it if it did not finish`;
  await h.stopAttempt(job, why);
  h.journal.append({ t: 'error', at: h.now(), jobId: job.id, error: why });
  h.finish(h.update(job.id, { error: why }), 'failed', why);
  return true;
}

/**
 * Rebuilds the jobs from the journal and re-attaches to the ranks of running attempts.
 * Returns the highest job number seen, for the ids of new jobs.
 */
export async function recover(h: RecoveryHost, entries: JournalEntry[], damage?: DamagedJournal): Promise<number> {
  const replayed = replay(entries);
  const inDoubt = damage ? jobsInDoubt(damage.reading, (id) => isTerminal(replayed.get(id)?.job.state ?? 'queued')) : new Map<string, DamagedLine>();
  let highestId = 0;
  for (const { job, runtime } of replayed.values()) {
    h.jobs.set(job.id, job);
    h.runtimes.set(job.id, runtime);
    // The charts of a job that ran before the restart come back from its metric file, when asked.
    const stored = h.metricsOnDisk(job.id);
    if (stored > 0) runtime.metricsOnDisk = stored;
    const m = /-(\d+)$/.exec(job.id);
    if (m) highestId = Math.max(highestId, Number(m[1]));
  }
  for (const replayedJob of replayed.values()) {
    let job = replayedJob.job;
    if (isTerminal(job.state)) continue;
    const doubt = inDoubt.get(job.id);
    if (doubt && (await holdInDoubt(h, job, doubt, damage!.copy))) continue;
    if (job.state === 'restarting') {
      job = h.setState(job, 'queued', 'the manager restarted');
      // A job the backend requeued itself is already back in the backend's queue: look for it there.
      if (!h.handedToBackend(job)) continue;
    }
    if (job.state === 'placed' && h.backend.allocation === 'scheduler') {
      h.setState(job, 'queued', 'the manager restarted before launching');
      continue;
    }
    // Jobs in a backend's own queue (submitted to Slurm, not yet placed) are looked for too.
    if (!holdsDevices(job.state) && !h.handedToBackend(job)) continue;
    const cluster = h.cluster();
    const devices = devicesOfPlacement(job.placement, cluster);
    if (devices && devices.every((d) => cluster.jobOn(d) === undefined)) cluster.allocate(job.id, devices);
    if (!h.backend.attach) {
      await h.attemptLost(job, 'the manager restarted and this backend cannot re-attach', undefined, false);
      continue;
    }
    let found;
    try {
      const logOffsets = new Map(job.placement.map((r) => [r.rank, h.logSize(job.id, job.attempt, r.rank)]));
      found = await h.backend.attach(job, job.placement, job.attempt, { logOffsets });
    } catch (err) {
      await h.attemptLost(job, `re-attaching failed: ${(err as Error).message}`);
      continue;
    }
    const rt = h.runtime(job.id);
    for (const r of found.running) {
      if (!rt.started.has(r)) {
        rt.started.add(r);
        h.journal.append({ t: 'rank', at: h.now(), jobId: job.id, attempt: job.attempt, rank: r, event: 'started' });
      }
    }
    if (found.missing.length > 0) {
      // No rank of the attempt ever started: the manager died while launching it (copying its
      // checkpoint, say). Launched again, and not counted against the job's restarts.
      const neverStarted = found.missing.length === job.placement.length && rt.started.size === 0;
      const why = neverStarted ? 'the manager stopped while launching it' : `rank${found.missing.length > 1 ? 's' : ''} ${found.missing.join(', ')} vanished while the manager was down`;
      await h.attemptLost(job, why, undefined, !neverStarted);
      continue;
    }
    for (const x of found.exited) await h.onExit({ kind: 'exited', jobId: job.id, at: h.now(), rank: x.rank, exitCode: x.exitCode, attempt: job.attempt });
    const now = h.jobs.get(job.id)!;
    if (now.state === 'starting' && rt.started.size >= now.placement.length) h.setState(now, 'running', 're-attached after a manager restart');
  }
  return highestId;
}

/** A node died: every job with ranks on it loses its attempt (the backend fences the ranks there). */
export async function nodeDied(h: RecoveryHost, node: string): Promise<void> {
  for (const job of [...h.jobs.values()]) {
    if (holdsDevices(job.state) && job.placement.some((r) => r.node === node)) {
      await h.attemptLost(job, `node ${node} is dead (no heartbeat)`);
    }
  }
}
