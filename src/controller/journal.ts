/**
 * The job manager's journal: one JSON line per fact (a submission, a transition, a launch, a rank
 * start or exit, a checkpoint, a restart), appended and fsynced before the manager acts on it, so
 * that a manager started after a crash knows everything the previous one had promised.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CheckpointInfo } from '../core/checkpoint';
import type { NodeState } from '../core/device';
import type { JobRecord, RankPlacement } from '../core/job';
import type { JobState } from '../core/job-state';
import type { FetchedOutput } from './api';

export type JournalEntry =
  | { t: 'submit'; at: number; job: JobRecord }
  | { t: 'state'; at: number; jobId: string; state: JobState; reason?: string }
  /** Written before the backend is asked to launch: a restarted manager looks for these ranks. */
  | { t: 'launch'; at: number; jobId: string; attempt: number; placement: RankPlacement[]; resumeFrom?: string }
  /** Where a backend that allocates itself (Slurm) put the ranks of an attempt. */
  | { t: 'placed'; at: number; jobId: string; attempt: number; placement: RankPlacement[] }
  | { t: 'rank'; at: number; jobId: string; attempt: number; rank: number; event: 'started' | 'exited'; exitCode?: number }
  | { t: 'progress'; at: number; jobId: string; step?: number; totalSteps?: number }
  | { t: 'checkpoint'; at: number; jobId: string; attempt: number; checkpoint: CheckpointInfo }
  /** An attempt was lost (node death, rank failure, manager restart) and the job goes again. */
  | { t: 'restart'; at: number; jobId: string; attempt: number; restarts: number; lostGpuSeconds: number; lostSteps: number; resumeFrom?: string; reason: string }
  | { t: 'outputs'; at: number; jobId: string; files: FetchedOutput[] }
  | { t: 'report'; at: number; jobId: string; path: string }
  | { t: 'error'; at: number; jobId: string; error: string; exitCode?: number }
  | { t: 'node'; at: number; node: string; state: NodeState }
  /** A new manager took over the journal. */
  | { t: 'open'; at: number; pid: number };

export class Journal {
  private fd: number;
  private syncScheduled = false;

  private constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a');
  }

  /** Opens (creating) the journal and returns the entries already in it. */
  static open(path: string): { journal: Journal; entries: JournalEntry[] } {
    const entries = Journal.read(path);
    const journal = new Journal(path);
    // A torn last line (a crash mid-write) is ended so that the next entry starts on its own line.
    const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (text.length > 0 && !text.endsWith('\n')) writeSync(journal.fd, '\n');
    return { journal, entries };
  }

  /** Reads a journal without opening it for writing (what `openclaw jobs` does). */
  static read(path: string): JournalEntry[] {
    if (!existsSync(path)) return [];
    const out: JournalEntry[] = [];
    const lines = readFileSync(path, 'utf8').split('\n');
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line) as JournalEntry);
      } catch {
        // A torn last line from a crash mid-write: everything before it is intact.
      }
    }
    return out;
  }

  /**
   * Appends one entry. It is written at once (a crash of the manager process loses nothing) and
   * fsynced with the other entries of the same tick (group commit: one fsync, not one per entry).
   * `durable` fsyncs before returning: for entries that must be on disk before the manager acts
   * (a launch is journaled before the backend is asked).
   */
  append(entry: JournalEntry, durable = false): void {
    if (this.fd < 0) throw new Error(`journal ${this.path} is closed`);
    writeSync(this.fd, JSON.stringify(entry) + '\n');
    if (durable) this.sync();
    else if (!this.syncScheduled) {
      this.syncScheduled = true;
      setImmediate(() => this.sync());
    }
  }

  /** Waits until every entry appended so far is on disk. */
  sync(): void {
    this.syncScheduled = false;
    if (this.fd >= 0) fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd >= 0) {
      fsyncSync(this.fd);
      closeSync(this.fd);
    }
    this.fd = -1;
  }
}
