/**
 * Real node agents for the controller's integration tests: `node dist/agent.js` processes on
 * loopback ports, each with its own workdir and token, and a copy of the DDP example to run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Controller } from '../../../src/controller/api';
export { freePort } from '../../support/ports';
import { freePort } from '../../support/ports';

export const ROOT = join(__dirname, '../../..');
// The bundles `npm test` builds; OPENCLAW_TEST_DIST points elsewhere (a copy, while others rebuild dist/).
const DIST = process.env.OPENCLAW_TEST_DIST ?? join(ROOT, 'dist');
export const AGENT_JS = join(DIST, 'agent.js');
export const CLI_JS = join(DIST, 'cli.js');


export interface RunningAgent {
  name: string;
  port: number;
  tokenFile: string;
  proc: ChildProcess;
  output: string[];
}

/**
 * Starts `node dist/agent.js`; `newToken` false keeps the token of an agent started before with this name.
 * `ownDisk` gives the agent (and its ranks) a folder of its own at `path`: `backing` bind-mounted
 * there in a mount namespace of its own, as a node-local disk would be. `more.extraArgs` go to the agent as
 * they are; `more.env` is added to its environment.
 */
export async function startAgent(dir: string, name: string, port?: number, newToken = true, ownDisk?: { path: string; backing: string }, more: { env?: NodeJS.ProcessEnv; extraArgs?: readonly string[] } = {}): Promise<RunningAgent> {
  const { env, extraArgs = [] } = more;
  port ??= await freePort();
  const workdir = join(dir, `agent-${name}`);
  mkdirSync(workdir, { recursive: true });
  const tokenFile = join(dir, `${name}.token`);
  if (newToken) writeFileSync(tokenFile, randomBytes(16).toString('hex') + '\n', { mode: 0o600 });
  const argv = [process.execPath, AGENT_JS, '--listen', `127.0.0.1:${port}`, '--workdir', workdir, '--token-file', tokenFile, '--name', name, ...extraArgs];
  const [cmd, ...args] = ownDisk
    ? ['unshare', '-m', '--propagation', 'private', 'sh', '-c', 'mount --bind "$1" "$2" && shift 2 && exec "$@"', 'sh', ownDisk.backing, ownDisk.path, ...argv]
    : argv;
  const proc = spawn(cmd!, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(env && { env: { ...process.env, ...env } }) });
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`agent ${name} did not start: ${output.join('')}`)), 15000);
    const onData = (d: Buffer) => {
      output.push(d.toString());
      if (/listening on/.test(output.join(''))) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`agent ${name} exited with ${code}: ${output.join('')}`)));
  });
  return { name, port, tokenFile, proc, output };
}

export function stopAgent(a: RunningAgent, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (a.proc.exitCode !== null || a.proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    a.proc.once('exit', () => resolve());
    a.proc.kill(signal);
  });
}

/** A fresh folder with the DDP example and a cluster file naming the agents. */
export function workspace(agents: readonly RunningAgent[], heartbeat = { intervalSeconds: 0.5, deadAfterSeconds: 2 }): { dir: string; clusterFile: string; specDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'openclaw-it-'));
  const specDir = join(dir, 'pytorch-ddp');
  cpSync(join(ROOT, 'examples/pytorch-ddp'), specDir, { recursive: true, filter: (src) => !/(ckpt|outputs|\.openclaw|__pycache__)$/.test(src) });
  const clusterFile = join(dir, 'local.cluster.yaml');
  writeFileSync(
    clusterFile,
    [
      'backend: agents',
      'agents:',
      ...agents.map((a) => `  - {name: ${a.name}, address: 127.0.0.1:${a.port}, tokenFile: ${a.tokenFile}}`),
      `heartbeat: {intervalSeconds: ${heartbeat.intervalSeconds}, deadAfterSeconds: ${heartbeat.deadAfterSeconds}}`,
      '',
    ].join('\n'),
  );
  return { dir, clusterFile, specDir };
}

/** Writes a job spec for the DDP example beside train.py. */
export function writeSpec(specDir: string, name: string, args: string[], extra = ''): string {
  const path = join(specDir, `${name}.claw.yaml`);
  writeFileSync(
    path,
    `name: ${name}\ncommand: [/usr/bin/python3, train.py, ${args.map((a) => JSON.stringify(a)).join(', ')}]\nresources: {nodes: 2, processesPerNode: 1}\nlauncher: pytorch\ncheckpoint: {dir: ckpt}\nmaxRestarts: 2\noutputs: [model.pt]\n${extra}`,
  );
  return path;
}

/** Kills processes named in rank logs ("pid N") that outlived the test (ranks orphaned by a killed agent). */
export function killLeftovers(logText: string): void {
  for (const m of logText.matchAll(/\(pid (\d+),/g)) {
    try {
      process.kill(Number(m[1]), 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export function waitFor(check: () => boolean, timeoutMs: number, what: string, everyMs = 100): Promise<void> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const t = setInterval(() => {
      let ok = false;
      try {
        ok = check();
      } catch {
        ok = false;
      }
      if (ok) {
        clearInterval(t);
        resolve();
      } else if (Date.now() - start > timeoutMs) {
        clearInterval(t);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }
    }, everyMs);
  });
}

/** Pids (process-group leaders) of the running ranks an agent recorded on disk, by global rank. */
export function recordedRankPids(dir: string, agentName: string, jobPrefix = ''): Map<number, number> {
  const jobsDir = join(dir, `agent-${agentName}`, 'jobs');
  const out = new Map<number, number>();
  for (const job of existsSync(jobsDir) ? readdirSync(jobsDir).filter((j) => j.startsWith(jobPrefix)) : []) {
    for (const a of readdirSync(join(jobsDir, job)).filter((n) => /^a\d+$/.test(n))) {
      for (const f of readdirSync(join(jobsDir, job, a)).filter((n) => /^rank-\d+\.json$/.test(n))) {
        try {
          const r = JSON.parse(readFileSync(join(jobsDir, job, a, f), 'utf8')) as { rank: number; pid: number; state: string };
          if (r.state === 'RANK_STATE_RUNNING' && r.pid > 0) out.set(r.rank, r.pid);
        } catch {
          // being rewritten: the next look finds it
        }
      }
    }
  }
  return out;
}

/** SIGKILLs a process group (a rank and what it started); quiet when it is gone already. */
export function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** `openclaw` (dist/cli.js) run in the background, its output kept. */
export interface Cli {
  proc: ChildProcess;
  stdout: string[];
  stderr: string[];
  exit: Promise<number | null>;
}

export function cli(args: string[], cwd: string, onStdout?: (text: string) => void): Cli {
  const proc = spawn(process.execPath, [CLI_JS, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  proc.stdout.on('data', (d: Buffer) => {
    stdout.push(d.toString());
    onStdout?.(d.toString());
  });
  proc.stderr.on('data', (d: Buffer) => stderr.push(d.toString()));
  const exit = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { proc, stdout, stderr, exit };
}

/** What one test of a describe block starts (agents, a manager, rank output seen), torn down after it. */
export interface AgentsTestState {
  agents: RunningAgent[];
  controller?: Controller;
  logs: string;
}

/** Call inside `describe`: registers the teardown (manager, agents, ranks left behind). */
export function agentsTestState(): AgentsTestState {
  const s: AgentsTestState = { agents: [], logs: '' };
  after(async () => {
    await s.controller?.dispose();
    await Promise.all(s.agents.map((a) => stopAgent(a)));
    killLeftovers(s.logs);
  });
  return s;
}

/** Agents whose checkpoint folder `<dir>/ckpt` is a disk of their own (`disk(name)` behind it). */
export async function agentsWithOwnDisks(dir: string, names: readonly string[]): Promise<{ agents: RunningAgent[]; ckpt: string; disk: (name: string) => string }> {
  const ckpt = join(dir, 'ckpt');
  mkdirSync(ckpt);
  const disk = (n: string) => join(dir, `disk-${n}`);
  for (const n of names) mkdirSync(disk(n));
  const agents = await Promise.all(names.map((n) => startAgent(dir, n, undefined, true, { path: ckpt, backing: disk(n) })));
  return { agents, ckpt, disk };
}
