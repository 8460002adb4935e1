/**
 * Reads the state of some Slurm jobs: squeue (`--json` on Slurm 23.02+, whose JSON honours the job
 * filter; the formatted output otherwise), then sacct for jobs squeue has forgotten, then
 * `scontrol show job` when there is no accounting database. Exit codes of ended jobs come from
 * scontrol or sacct where squeue's text output lacks them.
 */
import type { SlurmJobStatus } from './job-status';
import { parseSacct, SACCT_FIELDS, sacctUnavailable } from './sacct';
import { parseScontrolJobs } from './scontrol';
import { firstError, type Shell } from './shell';
import { parseSqueueFormatted, parseSqueueJson, SQUEUE_FORMAT } from './squeue';
import { isEnded, slurmPhase } from './state';

export type QueueFormat = 'json' | 'text';

/** "slurm 22.05.8" -> [22, 5]. */
export function parseSlurmVersion(text: string): [number, number] | undefined {
  const m = /(\d+)\.(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** squeue --json honours -j/-u filters from 23.02 on; before, it dumps the whole queue. */
export function preferredFormat(version: [number, number] | undefined): QueueFormat {
  if (!version) return 'text';
  return version[0] > 23 || (version[0] === 23 && version[1] >= 2) ? 'json' : 'text';
}

export class QueueReader {
  private sacctWorks = true;
  constructor(
    private readonly shell: Shell,
    public format: QueueFormat = 'text',
  ) {}

  /** Status of each id that any source still knows; ids nobody knows are absent from the map. */
  async read(ids: readonly string[]): Promise<Map<string, SlurmJobStatus>> {
    const out = new Map<string, SlurmJobStatus>();
    if (ids.length === 0) return out;
    const wanted = new Set(ids);
    for (const job of await this.squeue(ids)) if (wanted.has(job.slurmId)) out.set(job.slurmId, job);

    // squeue's text lacks exit codes and restart counts: ask scontrol for the ended ones.
    if (this.format === 'text') {
      for (const [id, job] of out) {
        if (!isEnded(slurmPhase(job.state))) continue;
        const detail = (await this.scontrol([id]))[0];
        if (detail) out.set(id, { ...job, ...definedOnly(detail), state: job.state });
      }
    }
    const missing = ids.filter((id) => !out.has(id));
    if (missing.length > 0) for (const job of await this.sacct(missing)) if (wanted.has(job.slurmId)) out.set(job.slurmId, job);
    for (const id of ids.filter((i) => !out.has(i))) {
      const job = (await this.scontrol([id]))[0];
      if (job) out.set(id, job);
    }
    return out;
  }

  private async squeue(ids: readonly string[]): Promise<SlurmJobStatus[]> {
    const base = ['squeue', '-t', 'all', '-j', ids.join(',')];
    if (this.format === 'json') {
      const r = await this.shell.run([...base, '--json']);
      if (r.code === 0) return parseSqueueJson(r.stdout);
      if (/unrecognized option|invalid option|not supported/i.test(r.stderr)) this.format = 'text';
      else if (/Invalid job id/i.test(r.stderr)) return [];
      else throw new Error(`squeue: ${firstError(r)}`);
    }
    const r = await this.shell.run([...base, '-h', '-o', SQUEUE_FORMAT]);
    if (r.code === 0) return parseSqueueFormatted(r.stdout);
    if (/Invalid job id/i.test(r.stderr)) return [];
    throw new Error(`squeue: ${firstError(r)}`);
  }

  private async sacct(ids: readonly string[]): Promise<SlurmJobStatus[]> {
    if (!this.sacctWorks) return [];
    const r = await this.shell.run(['sacct', '-n', '-X', '-P', '-j', ids.join(','), '-o', SACCT_FIELDS]);
    if (r.code !== 0 || sacctUnavailable(r.stderr)) {
      if (sacctUnavailable(r.stderr) || r.code === 127) this.sacctWorks = false;
      return [];
    }
    return parseSacct(r.stdout);
  }

  private async scontrol(ids: readonly string[]): Promise<SlurmJobStatus[]> {
    const out: SlurmJobStatus[] = [];
    for (const id of ids) {
      const r = await this.shell.run(['scontrol', 'show', 'job', '-o', id]);
      if (r.code === 0) out.push(...parseScontrolJobs(r.stdout));
    }
    return out;
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
