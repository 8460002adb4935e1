// Shared by the agent's integration tests and benchmarks: agents on loopback, free ports, waiting.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentClient, type AgentRankStatus } from '../../../src/controller/agent-client';
export { freePort } from '../../support/ports';
import { freePort } from '../../support/ports';

export const ROOT = join(__dirname, '../../..');
export const PYTHON = '/usr/bin/python3';
export const DDP_TINY = join(__dirname, 'fixtures/ddp_tiny.py');

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `openclaw-${prefix}-`));
}


export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Waits until every rank of a job attempt has ended, and returns their statuses. */
export function ranksEnded(client: AgentClient, jobId: string, count: number, timeoutMs = 120_000): Promise<AgentRankStatus[]> {
  return until(`${count} ranks of ${jobId} to end`, async () => {
    const { ranks } = await client.ranks(jobId);
    return ranks.length >= count && ranks.every((r) => r.state !== 'RANK_STATE_RUNNING') ? ranks : undefined;
  }, timeoutMs);
}

/** pids of live processes in these process groups (from `ps`, independent of the agent's own view). */
export function livePidsInGroups(pgids: readonly number[]): number[] {
  const out = spawnSync('ps', ['-eo', 'pid=,pgid=,stat='], { encoding: 'utf8' }).stdout;
  const want = new Set(pgids);
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 3 && want.has(Number(f[1])) && !f[2]!.startsWith('Z'))
    .map((f) => Number(f[0]));
}

export function pidAlive(pid: number): boolean {
  const out = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim();
  return out !== '' && !out.startsWith('Z');
}

/** An agent in a process of its own (what a node runs), started from source. */
export interface AgentProcess {
  child: ChildProcess;
  port: number;
  token: string;
  workdir: string;
  stderr: () => string;
  /** A node dying: SIGKILL the agent and every rank process group it recorded. */
  killHard(): void;
}

export async function spawnAgent(workdir: string, extra: string[] = [], port?: number): Promise<AgentProcess> {
  const p = port ?? (await freePort());
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(ROOT, 'agent/main.ts'), '--listen', `127.0.0.1:${p}`, '--workdir', workdir, ...extra], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Should this process end early (a failed test, a closed pipe), the agent goes with it.
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  await until('the agent to listen', () => (/listening on/.test(err) ? true : child.exitCode !== null ? Promise.reject(new Error(`agent exited: ${err}`)) : undefined), 30_000, 50);
  return {
    child,
    port: p,
    token: readFileSync(join(workdir, 'token'), 'utf8').trim(),
    workdir,
    stderr: () => err,
    killHard() {
      child.kill('SIGKILL');
      for (const pgid of recordedPids(workdir)) {
        try {
          process.kill(-pgid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    },
  };
}

/** pids (= process group ids) of every rank an agent recorded in its workdir. */
export function recordedPids(workdir: string): number[] {
  const out: number[] = [];
  const jobs = join(workdir, 'jobs');
  for (const f of readdirSync(jobs, { recursive: true }).map(String)) {
    if (!/rank-\d+\.json$/.test(f)) continue;
    try {
      const r = JSON.parse(readFileSync(join(jobs, f), 'utf8')) as { pid: number; state: string };
      if (r.pid > 0) out.push(r.pid);
    } catch {
      /* being rewritten */
    }
  }
  return out;
}
