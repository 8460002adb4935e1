/**
 * The job manager's journal: one JSON line per fact (a submission, a transition, a launch, a rank
 * start or exit, a checkpoint, a restart), appended and fsynced before the manager acts on it, so
 * that a manager started after a crash knows everything the previous one had promised.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CheckpointInfo } from '../core/checkpoint';
import { fsyncDir, writeSynced } from '../io/atomic-file';
import type { NodeState } from '../core/device';
import type { JobRecord, RankPlacement } from '../core/job';
import type { JobState } from '../core/job-state';
import type { FetchedOutput } from './api';
import type { AttemptRecord } from './job-report';
import { readJournal, type JournalReading } from './journal-damage';

/** What replay needs of a job besides its record, in JSON form (sets and maps as arrays). */
export interface SnapshotRuntime {
  attempts: AttemptRecord[];
  /** Ranks of the current attempt that reported started, and exited with their codes. */
  started: number[];
  exited: [number, number][];
  submittedAt: number;
  lostSteps: number;
  checkpoints: CheckpointInfo[];
}

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
  /** An attempt was lost (node death, rank failure, manager restart) or preempted, and the job goes again. */
  | { t: 'restart'; at: number; jobId: string; attempt: number; restarts: number; lostGpuSeconds: number; lostSteps: number; resumeFrom?: string; /** Why that resume point: what each node listed, what was chosen. */ resumeWhy?: string; reason: string; /** The policy preempted it (no restart counted). */ preempted?: true }
  | { t: 'outputs'; at: number; jobId: string; files: FetchedOutput[] }
  | { t: 'report'; at: number; jobId: string; path: string }
  | { t: 'error'; at: number; jobId: string; error: string; exitCode?: number }
  | { t: 'node'; at: number; node: string; state: NodeState }
  /** A new manager took over the journal. */
  | { t: 'open'; at: number; pid: number }
  /**
   * A job as every entry before it left it (written by compaction, which replaces those entries):
   * replay starts the job over from this record.
   */
  | { t: 'snapshot'; at: number; job: JobRecord; runtime: SnapshotRuntime };

/** Turns a journal's entries into the fewest entries that replay to the same jobs. */
export type Compactor = (entries: JournalEntry[]) => JournalEntry[];

export interface CompactionOptions {
  /** Compact when the journal passes this many bytes (default 4 MiB)... */
  maxBytes?: number;
  /** ...or this many entries appended since it was last compacted (default 20,000). */
  maxEntries?: number;
  /** Test hook: stop compaction at a crash point ('temp-written': before the rename; 'renamed': before reopening). */
  crashAt?: 'temp-written' | 'renamed';
}

export class Journal {
  private fd: number;
  private syncScheduled = false;
  private bytes = 0;
  private entriesSinceCompaction = 0;
  private compactor: Compactor | undefined;
  private compaction: CompactionOptions = {};

  private constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a');
  }

  /**
   * Makes the journal compact itself when it passes `maxBytes` or `maxEntries` (checked by
   * `compactIfDue`, which the owner calls at a point where no entry is half-applied).
   */
  enableCompaction(compactor: Compactor, options: CompactionOptions = {}): void {
    this.compactor = compactor;
    this.compaction = options;
  }

  /** True when the journal has grown past its thresholds since it was last compacted. */
  get compactionDue(): boolean {
    if (!this.compactor) return false;
    return this.bytes > (this.compaction.maxBytes ?? 4 * 1024 * 1024) || this.entriesSinceCompaction > (this.compaction.maxEntries ?? 20_000);
  }

  compactIfDue(): boolean {
    if (!this.compactionDue) return false;
    this.compact();
    return true;
  }

  /**
   * Replaces the journal by what the compactor makes of its entries: the new file is written
   * beside it, fsynced, renamed over it and the folder fsynced, then appending goes on in the new
   * file. A crash before the rename leaves the old journal (and a stray temporary file, ignored and
   * overwritten next time); after it, the new one: both replay to the same jobs.
   */
  compact(): void {
    if (this.fd < 0) throw new Error(`journal ${this.path} is closed`);
    if (!this.compactor) throw new Error(`journal ${this.path} has no compactor`);
    this.sync();
    const entries = Journal.read(this.path);
    const text = this.compactor(entries).map((e) => JSON.stringify(e) + '\n').join('');
    const tmp = `${this.path}.compact.tmp`;
    writeSynced(tmp, text);
    if (this.compaction.crashAt === 'temp-written') throw new JournalCrash('temp-written');
    renameSync(tmp, this.path);
    fsyncDir(dirname(this.path));
    if (this.compaction.crashAt === 'renamed') throw new JournalCrash('renamed');
    // The old descriptor points at the replaced file: appending goes on in the new one.
    closeSync(this.fd);
    this.fd = openSync(this.path, 'a');
    this.bytes = Buffer.byteLength(text);
    this.entriesSinceCompaction = 0;
  }

  /** Opens (creating) the journal and returns what is already in it, damaged lines named. */
  static open(path: string): { journal: Journal; entries: JournalEntry[]; reading: JournalReading } {
    const reading = readJournal(path);
    const journal = new Journal(path);
    // A torn last line (a crash mid-write) is ended so that the next entry starts on its own line.
    const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (text.length > 0 && !text.endsWith('\n')) writeSync(journal.fd, '\n');
    journal.bytes = Buffer.byteLength(text);
    return { journal, entries: reading.entries, reading };
  }

  /** Reads a journal without opening it for writing (what `openclaw jobs` does); damaged lines are skipped. */
  static read(path: string): JournalEntry[] {
    return readJournal(path).entries;
  }

  /**
   * Appends one entry. It is written at once (a crash of the manager process loses nothing) and
   * fsynced with the other entries of the same tick (group commit: one fsync, not one per entry).
   * `durable` fsyncs before returning: for entries that must be on disk before the manager acts
   * (a launch is journaled before the backend is asked).
   */
  append(entry: JournalEntry, durable = false): void {
    if (this.fd < 0) throw new Error(`journal ${this.path} is closed`);
    const line = JSON.stringify(entry) + '\n';
    writeSync(this.fd, line);
    this.bytes += Buffer.byteLength(line);
    this.entriesSinceCompaction++;
    if (durable) this.sync();
    if (!this.syncScheduled && (!durable || this.compactionDue)) {
      this.syncScheduled = true;
      setImmediate(() => this.tick());
    }
  }

  /** The end of a tick: one fsync for its entries, then compaction if the journal grew too long. */
  private tick(): void {
    this.sync();
    if (this.fd < 0) return;
    try {
      this.compactIfDue();
    } catch (err) {
      // The old journal is intact (the rename is the last step): appending goes on there.
      process.emitWarning(`journal ${this.path}: compaction failed: ${(err as Error).message}`);
      this.entriesSinceCompaction = 0;
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

/** Thrown by the crash-point test hook of `compact`: the journal is left as a crash there would leave it. */
export class JournalCrash extends Error {
  constructor(readonly point: string) {
    super(`journal compaction stopped at ${point}`);
  }
}
