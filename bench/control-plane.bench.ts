/**
 * A team's control plane under watch: `openclaw serve` (the shipped bundle, its own process) on the
 * simulator with 1,000 jobs, 64 clients watching every change. Prints:
 *  1. the latency from a job's state change (a cancel issued) to each client seeing it: median and
 *     p99 over every client and change (target p99 <= 200 ms);
 *  2. the control plane's CPU (% of one core) while the clients watch and the jobs run, and its
 *     resident memory.
 * The clients run in `--processes` processes of their own (4), as they would on other machines.
 * Usage: node --require tsx/cjs bench/control-plane.bench.ts [--clients 64] [--jobs 1000] [--changes 100] [--processes 4]
 */
import { fork, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { RemoteController } from '../src/controller/remote-controller';
import { JobSpec } from '../src/core/job-spec';
import { freePort } from '../test/support/ports';

process.setSourceMapsEnabled(false);

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const CLIENTS = arg('clients', 64);
const JOBS = arg('jobs', 1000);
const CHANGES = arg('changes', 100);
const WATCHER_PROCESSES = arg('processes', 4);
const CLI = join(__dirname, '..', 'dist', 'cli.js');

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'openclaw-bench-cp-'));
  for (const u of ['bench', 'watcher']) spawnSync(process.execPath, [CLI, 'serve', 'add-user', u, '-u', join(dir, 'users.yaml')], { stdio: 'ignore' });
  writeFileSync(join(dir, 'sim.cluster.yaml'), 'backend: simulator\npreset: dgx-a100\nspeedup: 60\n');
  const port = await freePort();
  const serve = spawn(process.execPath, [CLI, 'serve', '-c', join(dir, 'sim.cluster.yaml'), '-u', join(dir, 'users.yaml'), '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  serve.stderr!.on('data', (d) => (log += d));
  while (!/listening on/.test(log)) {
    if (serve.exitCode !== null) throw new Error(`serve exited: ${log}`);
    await sleep(50);
  }
  const cluster = (user: string) => ({ backend: 'server' as const, address: `127.0.0.1:${port}`, tokenFile: join(dir, `${user}.token`) });
  const submitter = await RemoteController.connect(cluster('bench'));
  const spec = JobSpec.parse({ name: 'b', command: ['python3', 'train.py'], resources: { nodes: 1, processesPerNode: 1, gpusPerProcess: 1 }, simulation: { durationSeconds: 36_000 } });
  const t0 = Date.now();
  const ids: string[] = [];
  for (let i = 0; i < JOBS; i++) ids.push((await submitter.submit(spec)).id);
  console.log(`submitted ${JOBS} jobs in ${((Date.now() - t0) / 1000).toFixed(1)} s (${((Date.now() - t0) / JOBS).toFixed(1)} ms a job, one client)`);

  // The watchers, in WATCHER_PROCESSES processes of their own (as clients are on other machines):
  // each records when it first saw each job cancelled.
  const perProcess = Math.ceil(CLIENTS / WATCHER_PROCESSES);
  const watchers = Array.from({ length: WATCHER_PROCESSES }, (_, i) =>
    fork(__filename, ['--watcher', String(Math.min(perProcess, CLIENTS - i * perProcess)), String(port), join(dir, 'watcher.token')], { execArgv: ['--require', 'tsx/cjs'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  await Promise.all(watchers.map((w) => new Promise((r) => w.once('message', r))));
  console.log(`${CLIENTS} clients connected in ${WATCHER_PROCESSES} processes, each client holding every job`);
  await sleep(2000);
  const cpuStart = cpuSeconds(serve.pid!);
  const wallStart = Date.now();
  // Queued jobs, newest first: cancelling them changes one job each, as a user would.
  const targets = ids.slice(-CHANGES).reverse();
  const issued = new Map<string, number>();
  for (const id of targets) {
    issued.set(id, Date.now());
    await submitter.cancel(id, 'bench');
    await sleep(50);
  }
  await sleep(3000);
  const wall = (Date.now() - wallStart) / 1000;
  const cpu = cpuSeconds(serve.pid!) - cpuStart;
  const seenAt = await Promise.all(
    watchers.map((w) => {
      w.send('report');
      return new Promise<[string, number][]>((r) => w.once('message', (m) => r(m as [string, number][])));
    }),
  );
  const latencies: number[] = [];
  const deliveries = new Map<string, number>();
  for (const list of seenAt) {
    for (const [id, at] of list) {
      const t = issued.get(id);
      if (t === undefined) continue;
      latencies.push(at - t);
      deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
    }
  }
  const missing = targets.filter((id) => (deliveries.get(id) ?? 0) < CLIENTS).length;
  if (missing) console.log(`${missing} changes did not reach every client within 3 s`);
  console.log(`state change -> every client: median ${pct(latencies, 50)} ms, p99 ${pct(latencies, 99)} ms over ${latencies.length} deliveries (${CHANGES} changes x ${CLIENTS} clients; target p99 <= 200 ms)`);
  console.log(`control plane: ${((cpu / wall) * 100).toFixed(1)}% of one core over ${wall.toFixed(1)} s with ${CLIENTS} watchers and ${JOBS} jobs (64 running on the simulator); ${rssMiB(serve.pid!).toFixed(0)} MiB resident`);

  for (const w of watchers) w.kill();
  await submitter.dispose();
  serve.kill('SIGTERM');
}

/** A watcher process: `count` clients; says when connected, reports what it saw when asked. */
async function watcher(count: number, port: number, tokenFile: string): Promise<void> {
  const cluster = { backend: 'server' as const, address: `127.0.0.1:${port}`, tokenFile };
  const clients = await Promise.all(Array.from({ length: count }, () => RemoteController.connect(cluster)));
  const seen: [string, number][] = [];
  for (const c of clients) {
    const first = new Set<string>();
    c.onChange((ch) => {
      if (ch.kind !== 'job' || ch.job.state !== 'cancelled' || first.has(ch.job.id)) return;
      first.add(ch.job.id);
      seen.push([ch.job.id, Date.now()]);
    });
  }
  process.send!('ready');
  process.on('message', () => process.send!(seen));
}

if (process.argv[2] === '--watcher') {
  void watcher(Number(process.argv[3]), Number(process.argv[4]), process.argv[5]!);
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
