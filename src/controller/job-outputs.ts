/**
 * The files a succeeded job declared as outputs, brought back from where it ran: into
 * `outputs/<job id>` beside its spec (or the manager's choice, else the state folder).
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { JobRecord } from '../core/job';
import type { Backend, FetchedOutput } from './api';
import type { StateDir } from './state-dir';

export function outputsDirOf(job: JobRecord, state: StateDir, chosen?: (job: JobRecord) => string): string {
  if (chosen) return chosen(job);
  if (job.specPath) return join(dirname(job.specPath), 'outputs', job.id);
  return join(state.jobDir(job.id), 'outputs');
}

/** The outputs fetched, or why they could not be: a job whose outputs are missing did not succeed. */
export async function fetchOutputs(backend: Backend, job: JobRecord, dest: string): Promise<{ outputs: FetchedOutput[]; error?: string }> {
  if (job.spec.outputs.length === 0 || !backend.fetchOutputs) return { outputs: [] };
  try {
    mkdirSync(dest, { recursive: true });
    return { outputs: await backend.fetchOutputs(job, dest) };
  } catch (err) {
    return { outputs: [], error: `fetching outputs failed: ${(err as Error).message}` };
  }
}
