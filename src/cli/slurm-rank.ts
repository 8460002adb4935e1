/**
 * The rank launcher that runs inside a Slurm job (bundled as dist/slurm-rank.js and copied to the
 * cluster's shared folder). Modes:
 *   rank JOB_JSON          one srun task: set up the rendezvous for this task and run the command
 *   resume-point JOB_JSON  the checkpoint this run resumes from (printed; empty for a fresh start)
 *   checkpoints DIR        the checkpoints under DIR as JSON (used over SSH to list them remotely)
 *   inspect DIR PATH       what is inside the checkpoint PATH (relative to DIR) as JSON
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { inspectCheckpointAt } from '../../agent/checkpoint-contents';
import { scanCheckpoints } from '../../agent/checkpoints';
import { resolveInside } from '../../agent/safe-path';
import { RankPlan, taskLaunch } from '../controller/backends/slurm/rank-plan';

function readPlan(path: string | undefined): RankPlan {
  if (!path) throw new Error('expected the path of the job\'s job.json');
  return RankPlan.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** The newest complete checkpoint of `dir`, as an absolute path. */
export async function newestCompleteCheckpoint(dir: string): Promise<string | undefined> {
  const found = await scanCheckpoints(dir);
  const complete = found.filter((c) => c.complete);
  const newest = complete[complete.length - 1];
  return newest ? join(dir, newest.path) : undefined;
}

export async function resumePoint(plan: RankPlan, restartCount: number): Promise<string | undefined> {
  const chosen = plan.resumeFrom ? (isAbsolute(plan.resumeFrom) ? plan.resumeFrom : join(plan.checkpointDir, plan.resumeFrom)) : undefined;
  if (restartCount > 0) return (await newestCompleteCheckpoint(plan.checkpointDir)) ?? chosen;
  return chosen;
}

function runRank(plan: RankPlan): Promise<number> {
  const resume = process.env.OPENCLAW_SLURM_RESUME_FROM || undefined;
  const launch = taskLaunch(plan, process.env, resume);
  const env: NodeJS.ProcessEnv = { ...process.env, ...launch.env };
  delete env.OPENCLAW_SLURM_RESUME_FROM;
  const [cmd, ...args] = launch.argv;
  return new Promise((resolve) => {
    const child = spawn(cmd!, args, { stdio: 'inherit', env });
    const forward = (sig: NodeJS.Signals) => () => child.kill(sig);
    for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGCONT'] as const) process.on(sig, forward(sig));
    child.on('error', (err: NodeJS.ErrnoException) => {
      process.stderr.write(`openclaw: cannot start ${cmd}: ${err.code === 'ENOENT' ? 'command not found' : err.message}\n`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? 128 + (signal ? osSignal(signal) : 1)));
  });
}

function osSignal(name: NodeJS.Signals): number {
  const n = osConstants.signals[name];
  return typeof n === 'number' ? n : 1;
}

export async function slurmRankMain(argv: readonly string[]): Promise<number> {
  const [mode, arg] = argv;
  try {
    switch (mode) {
      case 'rank':
        return await runRank(readPlan(arg));
      case 'resume-point': {
        const plan = readPlan(arg);
        const point = await resumePoint(plan, Number(process.env.SLURM_RESTART_COUNT ?? '0'));
        process.stdout.write(point ? `${point}\n` : '');
        return 0;
      }
      case 'checkpoints': {
        if (!arg) throw new Error('expected a folder');
        process.stdout.write(`${JSON.stringify(await scanCheckpoints(arg))}\n`);
        return 0;
      }
      case 'inspect': {
        if (!arg || !process.argv[4]) throw new Error('expected the checkpoint folder and a path inside it');
        process.stdout.write(`${JSON.stringify(await inspectCheckpointAt(resolveInside(arg, process.argv[4])))}\n`);
        return 0;
      }
      default:
        process.stderr.write('usage: slurm-rank.js rank JOB_JSON | resume-point JOB_JSON | checkpoints DIR | inspect DIR PATH\n');
        return 2;
    }
  } catch (err) {
    process.stderr.write(`openclaw rank launcher: ${(err as Error).message}\n`);
    return 2;
  }
}
