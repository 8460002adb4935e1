/**
 * Reading a journal that may be damaged. A torn last line is what a crash mid-write leaves (and
 * the line a restarted manager closed with its `open` entry): normal, skipped quietly. Any other
 * line that is not an entry is damage: reported with its file and line, and every unfinished job
 * whose later entries it may have held is "in doubt": its end cannot be ruled out, so it is never
 * run again without the user asking.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { JournalEntry } from './journal';

export interface DamagedLine {
  /** 1-based line number in the journal file. */
  line: number;
  /** The start of what was skipped. */
  text: string;
  /** The job the line names, when that much of it is legible. */
  jobId?: string;
}

export interface JournalReading {
  entries: JournalEntry[];
  /** The line of each entry (same order). */
  lines: number[];
  damaged: DamagedLine[];
}

export function readJournal(path: string): JournalReading {
  const out: JournalReading = { entries: [], lines: [], damaged: [] };
  if (!existsSync(path)) return out;
  const lines = readFileSync(path, 'utf8').split('\n');
  let lastNonEmpty = lines.length - 1;
  while (lastNonEmpty >= 0 && !lines[lastNonEmpty]!.trim()) lastNonEmpty--;
  let pending: DamagedLine | undefined;
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let entry: JournalEntry | undefined;
    try {
      const parsed = JSON.parse(line) as JournalEntry;
      if (parsed && typeof parsed === 'object' && typeof parsed.t === 'string') entry = parsed;
    } catch {
      entry = undefined;
    }
    if (entry) {
      // A bad line right before a manager's `open` is the torn end of the run that crashed.
      if (pending && entry.t !== 'open') out.damaged.push(pending);
      pending = undefined;
      out.entries.push(entry);
      out.lines.push(i + 1);
      return;
    }
    if (pending) out.damaged.push(pending);
    pending = undefined;
    if (i === lastNonEmpty) return; // the torn last line of a crash mid-write
    const named = /"(?:jobId|id)":"([^"\\]{1,200})"/.exec(line);
    // Control bytes are shown as \uFFFD: the message goes to terminals.
    // eslint-disable-next-line no-control-regex -- control bytes are what it replaces
    const shown = line.slice(0, 80).replace(/[\u0000-\u001f\u007f]/g, '\uFFFD');
    pending = { line: i + 1, text: line.length > 80 ? `${shown}…` : shown, jobId: named?.[1] };
  });
  if (pending) out.damaged.push(pending);
  return out;
}

/**
 * Unfinished jobs (per `isFinished`) whose entries a damaged line may have held: the job it names,
 * or, when it names none legibly, every job submitted before it. Each with the first such line.
 */
export function jobsInDoubt(reading: JournalReading, isFinished: (jobId: string) => boolean): Map<string, DamagedLine> {
  const firstLine = new Map<string, number>();
  reading.entries.forEach((e, i) => {
    const id = e.t === 'submit' || e.t === 'snapshot' ? e.job.id : 'jobId' in e ? e.jobId : undefined;
    if (id !== undefined && !firstLine.has(id)) firstLine.set(id, reading.lines[i]!);
  });
  const out = new Map<string, DamagedLine>();
  for (const d of reading.damaged) {
    for (const [id, line] of firstLine) {
      if (out.has(id) || isFinished(id)) continue;
      if (d.jobId !== undefined ? d.jobId === id : line < d.line) out.set(id, d);
    }
  }
  return out;
}

/** "journal.jsonl line 12: not an entry, skipped: {...}" for each damaged line. */
export function describeDamage(path: string, damaged: readonly DamagedLine[]): string[] {
  return damaged.map((d) => `${basename(path)} line ${d.line}: not a journal entry, skipped: ${d.text}`);
}
