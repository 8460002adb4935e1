/**
 * The sbatch script of an OpenClaw job: resources from the job spec, partition and account from the
 * cluster file, output files in the job's folder, `--requeue` so that Slurm reruns the job after a
 * node failure, and one `srun` step whose tasks start the ranks through the rank launcher (which sets
 * up the rendezvous and the checkpoint variables). The spec's command and environment travel in
 * job.json, never through the script, so nothing the user wrote is parsed by a shell.
 */
import { SpecError } from '../../../core/errors';
import { specDurationSeconds, type JobSpec } from '../../../core/job-spec';
import { shQuote } from './shell';
import { parseSlurmTime, toSlurmTime } from './time';

export interface BatchScriptInput {
  jobId: string;
  spec: JobSpec;
  partition: string;
  account?: string;
  /** The cluster file's default limit, in the spec's form ("2h") or Slurm's ("1-00:00:00"). */
  defaultTimeLimit?: string;
  /** The job's folder on the shared file system (absolute). */
  jobDir: string;
  /** Where the ranks run (absolute, on the shared file system). */
  workdir: string;
  /** Node.js on the compute nodes, and the rank launcher it runs. */
  node: string;
  rankScript: string;
  /** Ask for GPUs with --gres=gpu:N (any Slurm) or --gpus-per-node=N (19.05+). */
  gpuOption?: 'gres' | 'gpus-per-node';
  /** The GPU type as the cluster's GRES spell it (e.g. "A100" where the spec says a100). */
  gpuType?: string;
}

/** Values Slurm reads from #SBATCH lines: no spaces, quotes or `%` patterns. */
const SAFE_NAME = /^[A-Za-z0-9_.,+-]+$/;
const SAFE_PATH = /^\/[A-Za-z0-9_.\/@+=:,~-]*$/;

function check(value: string, re: RegExp, source: string, field: string, expected: string): string {
  if (!re.test(value)) throw new SpecError(source, [{ path: field, message: `${expected}, got ${JSON.stringify(value)}` }]);
  return value;
}

/** Slurm's time limit for the job: the spec's, else the cluster file's. */
export function slurmTimeLimit(spec: Pick<JobSpec, 'timeLimit'>, clusterDefault: string | undefined): string | undefined {
  if (spec.timeLimit) return toSlurmTime(specDurationSeconds(spec.timeLimit));
  if (!clusterDefault) return undefined;
  if (/^\d+(\.\d+)?[smhd]$/.test(clusterDefault)) return toSlurmTime(specDurationSeconds(clusterDefault));
  try {
    if (parseSlurmTime(clusterDefault) !== undefined || /^(UNLIMITED|INFINITE)$/i.test(clusterDefault)) return clusterDefault;
  } catch {
    // fall through to the error below
  }
  throw new SpecError('cluster file', [{ path: 'timeLimit', message: `expected "2h" or Slurm's "1-00:00:00", got ${JSON.stringify(clusterDefault)}` }]);
}

/** The #SBATCH options, one per line, in a fixed order (tests and users diff them). */
export function sbatchOptions(input: BatchScriptInput): string[] {
  const { spec } = input;
  const r = spec.resources;
  const torchrun = spec.launcher === 'torchrun';
  const opts: string[] = [];
  opts.push(`--job-name=${check(spec.name, SAFE_NAME, 'job spec', 'name', 'expected a name of letters, digits, "-", "_" or "."')}`);
  opts.push(`--partition=${check(input.partition, SAFE_NAME, 'cluster file', 'partition', 'expected a Slurm partition name')}`);
  if (input.account) opts.push(`--account=${check(input.account, SAFE_NAME, 'cluster file', 'account', 'expected a Slurm account name')}`);
  opts.push(`--nodes=${r.nodes}`);
  // torchrun starts a node's ranks itself: one task per node holding all of the node's CPUs.
  opts.push(`--ntasks-per-node=${torchrun ? 1 : r.processesPerNode}`);
  opts.push(`--cpus-per-task=${torchrun ? r.processesPerNode * r.cpusPerProcess : r.cpusPerProcess}`);
  const gpusPerNode = r.processesPerNode * r.gpusPerProcess;
  if (gpusPerNode > 0) {
    const type = input.gpuType ?? r.deviceModel;
    if (type !== undefined) check(type, SAFE_NAME, 'job spec', 'resources.deviceModel', 'expected a GPU type');
    const typed = type ? `${type}:${gpusPerNode}` : String(gpusPerNode);
    opts.push(input.gpuOption === 'gpus-per-node' ? `--gpus-per-node=${typed}` : `--gres=gpu:${typed}`);
  }
  if (r.memoryGiB !== undefined) opts.push(`--mem=${Math.ceil(r.memoryGiB * 1024)}M`);
  const time = slurmTimeLimit(spec, input.defaultTimeLimit);
  if (time) opts.push(`--time=${time}`);
  const jobDir = check(input.jobDir, SAFE_PATH, 'cluster file', 'sharedDir', 'expected an absolute path without spaces, quotes or "%"');
  opts.push(`--chdir=${check(input.workdir, SAFE_PATH, 'job spec', 'workdir', 'expected an absolute path without spaces, quotes or "%"')}`);
  // The batch step's own output (OpenClaw's markers, srun's errors) goes to the first rank's log.
  opts.push(`--output=${jobDir}/logs/${torchrun ? 'node' : 'rank'}-0.log`);
  opts.push('--open-mode=append');
  opts.push('--requeue');
  return opts;
}

/** The whole script. `attempt` is the launch's attempt number (1 for the first run). */
export function batchScript(input: BatchScriptInput): string {
  const lines = [
    '#!/bin/bash',
    `# OpenClaw job ${input.jobId} (${input.spec.name}). Generated from its job spec: edit the spec, not this file.`,
    ...sbatchOptions(input).map((o) => `#SBATCH ${o}`),
    '',
    `job_dir=${shQuote(input.jobDir)}`,
    `node_bin=${shQuote(input.node)}`,
    `rank_js=${shQuote(input.rankScript)}`,
    'echo "[openclaw] Slurm job ${SLURM_JOB_ID:-?} run ${SLURM_RESTART_COUNT:-0} on ${SLURM_JOB_NODELIST:-?}"',
    '# The checkpoint to resume from: the one the user chose, or after a requeue the newest complete one.',
    'OPENCLAW_SLURM_RESUME_FROM=$("$node_bin" "$rank_js" resume-point "$job_dir/job.json") || exit $?',
    'export OPENCLAW_SLURM_RESUME_FROM',
    // Output of task N (rank N; node N for torchrun) goes to its own file, kept across requeues.
    `srun --kill-on-bad-exit=1 --open-mode=append --output="$job_dir/logs/${input.spec.launcher === 'torchrun' ? 'node' : 'rank'}-%t.log" "$node_bin" "$rank_js" rank "$job_dir/job.json"`,
    'code=$?',
    'echo "[openclaw] ranks ended with exit code $code"',
    'exit $code',
    '',
  ];
  return lines.join('\n');
}
