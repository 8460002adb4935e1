/**
 * Job manager figures on loopback with real agent servers (agent/server.ts in fleet processes):
 *  1. submit -> every rank started, a trivial command on 2 ranks over 2 agents: median (target <= 100 ms);
 *  2. 256 agents heartbeating at 1 Hz: the manager's CPU (target <= 5% of one core), and how long
 *     after an agent stops answering it is declared dead (target <= grace + 1 s).
 * Usage: node --require tsx/cjs bench/controller.bench.ts [--agents 256] [--runs 30] [--window 10]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Controller } from '../src/controller/api';
import { createControllerFromFile } from '../src/controller/factory';
import { JobSpec } from '../src/core/job-spec';

// Measure what the shipped bundles do: tsx turns source maps on, which makes every Error.stack
// (grpc-js takes one per call) far dearer than in `node dist/cli.js` or the extension host.
process.setSourceMapsEnabled(false);

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};

interface Fleet {
  proc: ChildProcess;
  agents: { name: string; port: number; tokenFile: string }[];
  send(line: string): void;
  next(): Promise<Record<string, unknown>>;
}

async function startFleet(prefix: string, count: number, dir: string): Promise<Fleet> {
  const proc = spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'controller-fleet.ts'), prefix, String(count), dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  const next = async () => JSON.parse(String((await lines.next()).value)) as Record<string, unknown>;
  const first = (await next()) as { ready: Fleet['agents'] };
  return { proc, agents: first.ready, send: (l) => proc.stdin.write(l + '\n'), next };
}

/** One agent in its own process, as users run it. */
async function startAgentProcess(dir: string, name: string): Promise<Fleet['agents'][number] & { proc: ChildProcess }> {
  mkdirSync(dir, { recursive: true });
  const tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, randomBytes(16).toString('hex') + '\n', { mode: 0o600 });
  const proc = spawn(process.execPath, [join(__dirname, '../dist/agent.js'), '--listen', '127.0.0.1:0', '--workdir', dir, '--token-file', tokenFile, '--name', name], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    const on = (d: Buffer) => {
      out += d.toString();
      const m = /listening on [^\s]*:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    };
    proc.stdout.on('data', on);
    proc.stderr.on('data', on);
    proc.once('exit', (code) => reject(new Error(`agent exited with ${code}: ${out}`)));
  });
  return { name, port, tokenFile, proc };
}

function clusterFile(dir: string, agents: Fleet['agents'], heartbeat: string): string {
  const path = join(dir, 'bench.cluster.yaml');
  writeFileSync(path, ['backend: agents', 'agents:', ...agents.map((a) => `  - {name: ${a.name}, address: 127.0.0.1:${a.port}, tokenFile: ${a.tokenFile}}`), `heartbeat: ${heartbeat}`, ''].join('\n'));
  return path;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function submitToStarted(dir: string, runs: number): Promise<void> {
  const fleet = await startFleet('s', 2, join(dir, 'small'));
  const c = await createControllerFromFile(clusterFile(dir, fleet.agents, '{intervalSeconds: 1, deadAfterSeconds: 10}'), { stateDir: join(dir, 'state-small') });
  const spec = JobSpec.parse({ name: 'trivial', command: ['/bin/sleep', '0.05'], launcher: 'plain', resources: { nodes: 2, processesPerNode: 1 }, workdir: dir });
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const t0 = performance.now();
    const job = await c.submit(spec);
    await untilState(c, job.id, 'running');
    const dt = performance.now() - t0;
    if (i >= 2) times.push(dt); // the first runs warm the connections up
    await c.waitForEnd(job.id);
  }
  console.log(`submit -> every rank started (2 ranks on 2 agents, loopback): median ${median(times)!.toFixed(1)} ms, min ${Math.min(...times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms over ${runs} jobs (target <= 100 ms)`);
  await c.dispose();
  fleet.send('exit');
  await new Promise((r) => fleet.proc.once('exit', r));
}

function untilState(c: Controller, id: string, state: string): Promise<void> {
  if (c.job(id)?.state === state) return Promise.resolve();
  return new Promise((resolve) => {
    const d = c.onChange((ch) => {
      if (ch.kind === 'job' && ch.job.id === id && (ch.job.state === state || ch.job.state === 'succeeded')) {
        d.dispose();
        resolve();
      }
    });
  });
}

async function heartbeats(dir: string, total: number, windowS: number): Promise<void> {
  const perProc = Math.ceil(total / 4);
  const t0 = Date.now();
  // total - 1 agents in fleet processes, and one agent of its own (`node dist/agent.js`) to SIGKILL.
  const sizes = [0, 1, 2, 3].map((i) => Math.max(0, Math.min(perProc, total - 1 - i * perProc)));
  const fleets = await Promise.all(sizes.map((n, i) => startFleet(`f${i}-`, n, join(dir, `fleet${i}`))));
  const victim = await startAgentProcess(join(dir, 'victim'), 'victim');
  const agents = [...fleets.flatMap((f) => f.agents), victim];
  console.log(`${agents.length} agents up in ${fleets.length} processes (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const graceS = 3;
  const connect0 = Date.now();
  const c = await createControllerFromFile(clusterFile(dir, agents, `{intervalSeconds: 1, deadAfterSeconds: ${graceS}}`), { stateDir: join(dir, 'state-fleet'), requestPollMs: 1000 });
  console.log(`manager connected to ${c.nodes().filter((n) => n.state === 'ready').length} agents in ${Date.now() - connect0} ms`);
  await sleep(2000);
  const cpu0 = process.cpuUsage();
  const w0 = performance.now();
  await sleep(windowS * 1000);
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - w0;
  const share = ((cpu.user + cpu.system) / 1000 / wall) * 100;
  console.log(`manager CPU with ${agents.length} agents heartbeating at 1 Hz: ${share.toFixed(2)}% of one core over ${windowS} s (target <= 5%)`);

  let deadAt = 0;
  c.onChange((ch) => {
    if (ch.kind === 'cluster' && !deadAt && ch.nodes.find((n) => n.name === victim.name)?.state === 'dead') deadAt = Date.now();
  });
  const killedAt = Date.now();
  victim.proc.kill('SIGKILL');
  while (!deadAt && Date.now() - killedAt < (graceS + 10) * 1000) await sleep(20);
  const took = (deadAt - killedAt) / 1000;
  console.log(`SIGKILLed agent ${victim.name} declared dead after ${deadAt ? took.toFixed(2) : 'never'} s (grace ${graceS} s; target <= ${graceS + 1} s)`);
  const others = c.nodes().filter((n) => n.name !== victim.name && n.state !== 'ready').length;
  console.log(`other agents not ready: ${others}`);
  await c.dispose();
  for (const f of fleets) f.send('exit');
  await Promise.all(fleets.map((f) => new Promise((r) => f.proc.once('exit', r))));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'openclaw-bench-'));
  try {
    await submitToStarted(dir, arg('runs', 30));
    await heartbeats(dir, arg('agents', 256), arg('window', 10));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
