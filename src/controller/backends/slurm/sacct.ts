/** `sacct -n -X -P -o <SACCT_FIELDS>`: finished jobs, once squeue has forgotten them. */
import { expandHostlist } from './hostlist';
import { baseState, parseExitPair, type SlurmJobStatus } from './job-status';
import { stripUndefined } from './squeue';
import { parseSlurmTime, parseSlurmTimestamp } from './time';

export const SACCT_FIELDS = 'JobIDRaw,State,ExitCode,Reason,NNodes,NCPUS,Partition,Submit,Start,End,Timelimit,NodeList,JobName';

/** True when sacct says there is no accounting to ask (no slurmdbd). */
export function sacctUnavailable(stderr: string): boolean {
  return /accounting storage is disabled|Problem talking to the database|slurmdbd/i.test(stderr);
}

export function parseSacct(text: string): SlurmJobStatus[] {
  const out: SlurmJobStatus[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const f = line.split('|');
    if (f.length < 13) throw new Error(`sacct: unexpected line "${line}"`);
    const [id, state, exit, reason, nnodes, ncpus, partition, submit, start, end, limit, nodelist] = f as string[];
    const job: SlurmJobStatus = {
      slurmId: id!,
      name: f.slice(12).join('|'),
      state: baseState(state!),
      reason: reason && reason !== 'None' ? reason : undefined,
      nodes: expandHostlist(nodelist === 'None assigned' ? '' : nodelist!),
      nodeCount: Number(nnodes) || undefined,
      cpus: Number(ncpus) || undefined,
      partition: partition || undefined,
      submitTime: parseSlurmTimestamp(submit),
      startTime: parseSlurmTimestamp(start),
      endTime: parseSlurmTimestamp(end),
      timeLimitSeconds: limit ? parseSlurmTime(limit) : undefined,
      ...parseExitPair(exit),
    };
    if (job.signal !== undefined) job.exitCode = 128 + job.signal;
    out.push(stripUndefined(job));
  }
  return out;
}
