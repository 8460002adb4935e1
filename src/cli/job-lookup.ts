/** Finds jobs in a state folder's journal, for the commands that run beside (or without) a manager. */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { JobRecord } from '../core/job';
import { isTerminal } from '../core/job-state';
import { Journal } from '../controller/journal';
import { describeDamage, jobsInDoubt, readJournal, type DamagedLine } from '../controller/journal-damage';
import { replay } from '../controller/manager';
import { StateDir } from '../controller/state-dir';
import { UsageError } from './cli-errors';

export function openStateDir(dir: string): StateDir {
  const root = resolve(dir);
  if (!existsSync(resolve(root, 'journal.jsonl'))) throw new UsageError(`--state-dir: no jobs in ${root} (no journal.jsonl); pass the folder that \`openclaw run\` used`);
  return new StateDir(root);
}

export function readJobs(state: StateDir): JobRecord[] {
  return [...replay(Journal.read(state.journalPath)).values()].map((x) => x.job);
}

/** The jobs, what in the journal is damaged, and which unfinished jobs it leaves in doubt. */
export function readJobsChecked(state: StateDir): { jobs: JobRecord[]; damage: string[]; inDoubt: Map<string, DamagedLine> } {
  const reading = readJournal(state.journalPath);
  const jobs = [...replay(reading.entries).values()].map((x) => x.job);
  const finished = new Set(jobs.filter((j) => isTerminal(j.state)).map((j) => j.id));
  return { jobs, damage: describeDamage(state.journalPath, reading.damaged), inDoubt: jobsInDoubt(reading, (id) => finished.has(id)) };
}

/** A job by its id or a unique prefix of it. */
export function findJob(state: StateDir, id: string): JobRecord {
  return pickJob(readJobs(state), id, state.root);
}

/** A job of the list by its id or a unique prefix of it; `where` names the place in the message. */
export function pickJob(jobs: readonly JobRecord[], id: string, where: string): JobRecord {
  const exact = jobs.find((j) => j.id === id);
  if (exact) return exact;
  const matches = jobs.filter((j) => j.id.startsWith(id));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new UsageError(`no job "${id}" in ${where}; \`openclaw jobs\` lists them`);
  throw new UsageError(`"${id}" matches ${matches.length} jobs (${matches.map((j) => j.id).join(', ')}); give more of the id`);
}

/** Whether the job has ended, read from the journal again only when it has grown. */
export function jobEndWatcher(state: StateDir, job: JobRecord): () => boolean {
  let seenSize = -1;
  let done = isTerminal(job.state);
  return () => {
    if (done) return true;
    const size = statSync(state.journalPath).size;
    if (size !== seenSize) {
      seenSize = size;
      done = isTerminal(findJob(state, job.id).state);
    }
    return done;
  };
}
