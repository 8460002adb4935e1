// The Slurm backend against a real Slurm (scripts/slurm-up.sh: two nodes on this machine): the examples'
// jobs run and succeed through the job manager, logs are followed live, a job is cancelled, a requeued
// job resumes from its newest checkpoint, a bad partition is refused with Slurm's own message, and the
// generated batch scripts pass Slurm's own parser (sbatch --test-only).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Controller } from '../../../src/controller/api';
import { jobFolderName, SlurmBackend } from '../../../src/controller/backends/slurm/backend';
import { batchScript } from '../../../src/controller/backends/slurm/batch-script';
import { simulateSlurmCluster } from '../../../src/controller/backends/slurm/simulate';
import { createController } from '../../../src/controller/factory';
import { loadJobSpec } from '../../../src/controller/spec-loader';
import { SlurmClusterFile } from '../../../src/core/cluster-file';
import type { BackendEvent } from '../../../src/core/events';
import type { JobRecord } from '../../../src/core/job';
import { JobSpec } from '../../../src/core/job-spec';

const root = join(__dirname, '../../..');

/** Starts the one-machine cluster; the reason it cannot, or undefined when it runs. */
function slurmUp(): string | undefined {
  if (spawnSync('sh', ['-c', 'command -v sbatch'], { encoding: 'utf8' }).status !== 0) return 'sbatch is not installed (apt-get install slurm-wlm munge)';
  if (process.getuid?.() !== 0) return 'scripts/slurm-up.sh needs root';
  const r = spawnSync('bash', [join(root, 'scripts/slurm-up.sh')], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) return `Slurm could not start: ${(r.stderr || r.stdout).trim().split('\n').pop()}`;
  return undefined;
}

function sh(argv: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
  return { code: r.status ?? 1, out: r.stdout, err: r.stderr };
}

async function until<T>(what: string, f: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Slurm backend on a real Slurm', function () {
  this.timeout(180_000);
  let tmp: string;
  let rankBundle: string;
  let shared: string;
  let controller: Controller;
  let ddpDir: string;

  const cluster = (over: Partial<SlurmClusterFile> = {}) =>
    SlurmClusterFile.parse({ backend: 'slurm', partition: 'debug', sharedDir: shared, pollSeconds: 1, ...over });

  before(async function () {
    const why = slurmUp();
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
    tmp = mkdtempSync(join(tmpdir(), 'openclaw-slurm-'));
    shared = join(tmp, 'shared');
    // The rank launcher bundled on its own, so that this suite does not depend on a full build.
    rankBundle = join(tmp, 'slurm-rank.js');
    await build({ entryPoints: [join(root, 'src/entries/slurm-rank.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: rankBundle, logLevel: 'error' });
    ddpDir = join(tmp, 'pytorch-ddp');
    cpSync(join(root, 'examples/pytorch-ddp'), ddpDir, { recursive: true });
    controller = await createController(cluster(), { stateDir: join(tmp, 'state'), slurm: { rankBundle, minPollMs: 200, maxPollMs: 1000 } });
  });

  let failed = false;
  afterEach(function () {
    if (this.currentTest?.state === 'failed') failed = true;
  });
  after(async () => {
    await controller?.dispose();
    // The job folders (rank logs, batch scripts, checkpoints) of a failed run are kept to be read.
    if (tmp && failed) console.log(`      kept for reading: ${tmp}`);
    else if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const logText = async (id: string, rank?: number) => {
    let text = '';
    for await (const c of controller.logs(id, rank === undefined ? {} : { rank })) text += c.text;
    return text;
  };
  const submissions = (job: JobRecord) => JSON.parse(readFileSync(join(shared, 'jobs', jobFolderName(job), 'submissions.json'), 'utf8')) as Record<string, string>;
  const slurmIdOf = (job: JobRecord, attempt = 1) => submissions(job)[String(attempt)]!;
  const plain = (name: string, script: string, over: Partial<JobSpec> = {}) =>
    JobSpec.parse({ name, command: ['bash', '-c', script], launcher: 'plain', workdir: tmp, ...over });

  it('shows the cluster from scontrol: both nodes of the partition, CPUs offered as devices', () => {
    const nodes = controller.nodes();
    assert.deepEqual(nodes.map((n) => n.name), ['oc-n1', 'oc-n2']);
    for (const n of nodes) {
      assert.equal(n.state, 'ready');
      assert.ok(n.cpus >= 1);
      assert.equal(n.devices.length, n.cpus);
      assert.equal(n.devices[0]?.model, 'cpu');
    }
  });

  it('runs the 2-rank PyTorch DDP example across two Slurm nodes, with checkpoints and outputs', async () => {
    const spec = loadJobSpec(join(ddpDir, 'train.claw.yaml'));
    const job = await controller.submit({ ...spec, command: [...spec.command, '--step-seconds', '0.01'] }, join(ddpDir, 'train.claw.yaml'));
    const end = await controller.waitForEnd(job.id);
    assert.equal(end.state, 'succeeded', end.error);
    assert.deepEqual(end.placement.map((r) => r.node).sort(), ['oc-n1', 'oc-n2'], 'one rank on each node');
    assert.equal(end.step, 300);
    const rank0 = await logText(job.id, 0);
    const rank1 = await logText(job.id, 1);
    assert.match(rank0, /rank 0 of 2 starting at step 0/);
    assert.match(rank0, /done: 300 steps/);
    assert.match(rank1, /rank 1 of 2 starting at step 0/);
    const ckpts = await controller.checkpoints(job.id);
    assert.ok(ckpts.some((c) => c.step === 300 && c.format === 'pytorch'), `checkpoints: ${JSON.stringify(ckpts.map((c) => c.path))}`);
    assert.ok(existsSync(join(ddpDir, 'model.pt')), 'rank 0 wrote the declared output');
    assert.equal(sh(['squeue', '-h', '-t', 'all', '-j', slurmIdOf(end), '-o', '%T']).out.trim(), 'COMPLETED');
  });

  it("reads a stock script's TensorBoard event file and printed Trainer dicts from the shared folder, and what its checkpoint holds", async () => {
    const dir = join(tmp, 'stock');
    cpSync(join(root, 'test/e2e/fixtures/metrics/stock_train.py'), join(dir, 'stock_train.py'));
    const specPath = join(dir, 'stock.claw.yaml');
    writeFileSync(specPath, 'name: stock\ncommand: [/usr/bin/python3, stock_train.py, --steps, "30"]\nlauncher: plain\ncheckpoint: {dir: ckpt}\n');
    const job = await controller.submit(loadJobSpec(specPath), specPath);
    const end = await controller.waitForEnd(job.id);
    assert.equal(end.state, 'succeeded', end.error);
    const samples = controller.metrics(job.id);
    assert.deepEqual(samples.filter((s) => 'train/loss' in s.values).map((s) => s.step), Array.from({ length: 30 }, (_, i) => i + 1));
    assert.equal(samples.filter((s) => 'learning_rate' in s.values).length, 6);
    const inside = await controller.inspectCheckpoint(job.id, 'step-30.pt');
    assert.deepEqual(inside.tensors.map((t) => t.name), ['model.weight', 'model.bias']);
    assert.equal(inside.state.step, 30);
  });

  it('follows the logs of the examples/slurm job live, line by line, until it ends', async () => {
    const dir = join(tmp, 'slurm-example');
    cpSync(join(root, 'examples/slurm'), dir, { recursive: true });
    const job = await controller.submit(loadJobSpec(join(dir, 'hello.claw.yaml')), join(dir, 'hello.claw.yaml'));
    await until('the job to run', () => controller.job(job.id)?.state === 'running');
    const seen: { rank: number; text: string; state: string }[] = [];
    for await (const c of controller.logs(job.id, { follow: true, rank: 1 })) seen.push({ rank: c.rank, text: c.text, state: controller.job(job.id)!.state });
    const text = seen.map((s) => s.text).join('');
    assert.deepEqual(text.match(/line \d/g), ['line 1', 'line 2', 'line 3', 'line 4', 'line 5', 'line 6']);
    assert.match(text, /rank 1 of 2 on \S+ \(Slurm node oc-n2\)/);
    assert.ok(seen.every((s) => s.rank === 1));
    assert.ok(seen.length >= 2, 'the output came in several pieces as it was written');
    assert.equal(seen[0]!.state, 'running', 'the first lines arrived while the job still ran');
    const end = await controller.waitForEnd(job.id);
    assert.equal(end.state, 'succeeded');
    assert.equal(end.step, 6, 'metric lines drive progress');
  });

  it('re-attaches to a running Slurm job after the manager restarts, without submitting it again', async () => {
    const stateDir = join(tmp, 'state-restart');
    const options = { stateDir, slurm: { rankBundle, minPollMs: 200, maxPollMs: 1000 } };
    const first = await createController(cluster(), options);
    const job = await first.submit(plain('survivor', 'for i in 1 2 3 4 5 6 7 8; do echo "tick $i"; sleep 0.5; done'));
    let seen = '';
    first.onChange((ch) => ch.kind === 'log' && (seen += `${ch.line}\n`));
    // Some lines reach the first manager before it stops: the second must not send them again.
    await until('two lines through the first manager', () => /tick 2/.test(seen));
    const placedBy = first.job(job.id)!.placement;
    assert.equal(placedBy.length, 1);
    await first.dispose();
    const second = await createController(cluster(), options);
    try {
      assert.equal(second.job(job.id)?.state, 'running', 're-attached while the job still runs');
      assert.deepEqual(second.job(job.id)?.placement, placedBy, 'the placement Slurm reported survives the restart (journaled)');
      const end = await second.waitForEnd(job.id);
      assert.equal(end.state, 'succeeded', end.error);
      assert.deepEqual(Object.keys(submissions(end)), ['1'], 'one sbatch only');
      let text = '';
      for await (const c of second.logs(job.id, { rank: 0 })) text += c.text;
      assert.deepEqual(text.match(/tick \d/g), ['tick 1', 'tick 2', 'tick 3', 'tick 4', 'tick 5', 'tick 6', 'tick 7', 'tick 8'], 'no line lost or doubled across the restart');
    } finally {
      await second.dispose();
    }
  });

  it('cancels a running job through scancel', async () => {
    const job = await controller.submit(plain('to-cancel', 'echo started; sleep 300'));
    await until('the job to run', () => controller.job(job.id)?.state === 'running');
    await controller.cancel(job.id, 'test');
    const end = await controller.waitForEnd(job.id);
    assert.equal(end.state, 'cancelled');
    const slurmState = await until('Slurm to cancel it', () => {
      const s = sh(['squeue', '-h', '-t', 'all', '-j', slurmIdOf(end), '-o', '%T']).out.trim();
      return s === 'CANCELLED' ? s : undefined;
    });
    assert.equal(slurmState, 'CANCELLED');
  });

  it('reports a failing job as failed with its exit code', async () => {
    const job = await controller.submit(plain('fails', 'echo about to fail; exit 3'));
    const end = await controller.waitForEnd(job.id);
    assert.equal(end.state, 'failed');
    assert.equal(end.exitCode, 3);
    assert.match(await logText(job.id, 0), /about to fail/);
  });

  it('restarts a failed job with a new sbatch, up to maxRestarts', async () => {
    const marker = join(tmp, 'failed-once');
    const job = await controller.submit(plain('flaky', `if [ -e ${marker} ]; then echo "second run, attempt $OPENCLAW_ATTEMPT"; else touch ${marker}; exit 5; fi`, { maxRestarts: 1 }));
    const end = await controller.waitForEnd(job.id);
    assert.equal(end.state, 'succeeded', end.error);
    assert.equal(end.restarts, 1);
    const subs = submissions(end);
    assert.deepEqual(Object.keys(subs), ['1', '2']);
    assert.notEqual(subs['1'], subs['2'], 'two Slurm jobs');
    assert.equal(sh(['squeue', '-h', '-t', 'all', '-j', subs['1']!, '-o', '%T']).out.trim(), 'FAILED');
    assert.match(await logText(job.id, 0), /second run, attempt 2/);
  });

  it('resumes a requeued job from its newest complete checkpoint', async () => {
    const spec = loadJobSpec(join(ddpDir, 'train.claw.yaml'));
    const job = await controller.submit({
      ...spec,
      name: 'ddp-requeue',
      checkpoint: { dir: join(tmp, 'requeue-ckpt') },
      outputs: [],
      command: ['/usr/bin/python3', 'train.py', '--steps', '120', '--checkpoint-every', '20', '--step-seconds', '0.05', '--output', join(tmp, 'requeued.pt')],
    }, join(ddpDir, 'train.claw.yaml'));
    await until('a complete checkpoint', async () => (await controller.checkpoints(job.id)).some((c) => c.complete && (c.step ?? 0) >= 20));
    const id = slurmIdOf(job);
    // What Slurm does after a node failure with --requeue; the requeue delay is shortened below.
    assert.equal(sh(['scontrol', 'requeue', id]).code, 0);
    await until('the requeue', () => sh(['squeue', '-h', '-t', 'all', '-j', id, '-o', '%T']).out.trim() === 'PENDING');
    // The manager shows it restarting, then waiting in Slurm's queue again, with Slurm's reason.
    const requeued = await until('the job to wait again', () => {
      const j = controller.job(job.id)!;
      return j.state === 'queued' && j.waitReason ? j : undefined;
    });
    assert.equal(requeued.restarts, 1);
    // Slurm holds a requeued job back (BeginTime, cred_expire: 120 s by default) because the nodes
    // revoked the job's credential when they killed the first run, and refuse a credential issued in
    // the same second as that revocation ("Job credential revoked": the batch script never runs and
    // the job fails with exit code 1). The test shortens the hold to one second after the kill (the
    // job is PENDING, so the kill is over), not to zero.
    sh(['scontrol', 'update', `JobId=${id}`, 'StartTime=now+1']);
    const end = await controller.waitForEnd(job.id);
    assert.equal(end.state, 'succeeded', end.error);
    assert.equal(end.restarts, 1, `the requeue counts as a restart: ${JSON.stringify(end.history)}\n${(await logText(job.id, 0)).slice(-3000)}`);
    assert.ok(end.lostGpuSeconds > 0, 'the work since the last checkpoint counts as lost');
    assert.equal(end.attempt, 1, 'no new sbatch: Slurm ran the same submission again');
    assert.deepEqual(Object.keys(submissions(end)), ['1']);
    const states = end.history.map((h) => h.state);
    const r = states.indexOf('restarting');
    assert.ok(r > 0 && /requeued by slurm/.test(end.history[r]!.reason ?? ''), states.join(' '));
    assert.deepEqual(states.slice(r, r + 5), ['restarting', 'queued', 'placed', 'starting', 'running']);
    const rank0 = await logText(job.id, 0);
    const resumed = /rank 0 of 2 starting at step (\d+) \(pid \d+, attempt 2\)/.exec(rank0);
    assert.ok(resumed, `the second run says where it started:\n${rank0.slice(-2000)}`);
    assert.ok(Number(resumed[1]) >= 20, 'it resumed from a checkpoint, not from step 0');
    assert.match(rank0, /done: 120 steps/);
  });

  it('shows a job Slurm holds pending as queued with Slurm\'s reason, placed only once Slurm places it', async () => {
    const busy: string[] = [];
    let second: Controller | undefined;
    try {
      const cpus = Number(sh(['sinfo', '-h', '-N', '-n', 'oc-n1', '-o', '%c']).out.trim());
      for (let i = 0; i < 2 * cpus; i++) busy.push(sh(['sbatch', '--parsable', '-o', '/dev/null', '-c', '1', '-t', '2', '--wrap', 'sleep 60']).out.trim());
      await until('the cluster to fill', () => sh(['squeue', '-h', '-t', 'RUNNING', '-j', busy.join(','), '-o', '%i']).out.trim().split('\n').length === busy.length);
      const options = { stateDir: join(tmp, 'state-held'), slurm: { rankBundle, minPollMs: 200, maxPollMs: 1000 } };
      const first = await createController(cluster(), options);
      const job = await first.submit(plain('held', 'echo ran'));
      const waiting = await until('Slurm\'s reason', () => {
        const j = first.job(job.id)!;
        return /Slurm: (Resources|Priority)/.test(j.waitReason ?? '') ? j : undefined;
      });
      assert.equal(waiting.state, 'queued');
      assert.equal(waiting.attempt, 1, 'submitted once');
      assert.deepEqual(waiting.history.map((h) => h.state), ['queued'], 'not placed while Slurm holds it');
      // A manager started meanwhile finds it in Slurm's queue, and submits nothing again.
      await first.dispose();
      second = await createController(cluster(), options);
      const s = second;
      assert.equal(s.job(job.id)?.state, 'queued');
      await until('Slurm\'s reason again', () => /Slurm: (Resources|Priority)/.test(s.job(job.id)!.waitReason ?? ''));
      sh(['scancel', ...busy.splice(0)]);
      const end = await s.waitForEnd(job.id);
      assert.equal(end.state, 'succeeded', end.error);
      assert.deepEqual(end.history.map((h) => h.state), ['queued', 'placed', 'starting', 'running', 'succeeded']);
      assert.match(end.history[1]!.reason ?? '', /placed by slurm on oc-n/);
      assert.equal(end.waitReason, undefined);
      assert.deepEqual(Object.keys(submissions(end)), ['1'], 'one sbatch only');
    } finally {
      if (busy.length) sh(['scancel', ...busy]);
      await second?.dispose();
    }
  });

  it('reports a job Slurm holds pending with Slurm\'s reason, and cancels it there', async () => {
    const backend = new SlurmBackend(cluster(), { rankBundle, minPollMs: 200, maxPollMs: 500 });
    const events: BackendEvent[] = [];
    await backend.start((e) => events.push(e));
    const busy: string[] = [];
    try {
      // Both nodes full for a while: the next job has to wait.
      const cpus = Number(sh(['sinfo', '-h', '-N', '-n', 'oc-n1', '-o', '%c']).out.trim());
      for (let i = 0; i < 2 * cpus; i++) busy.push(sh(['sbatch', '--parsable', '-o', '/dev/null', '-c', '1', '-t', '2', '--wrap', 'sleep 60']).out.trim());
      await until('the cluster to fill', () => sh(['squeue', '-h', '-t', 'RUNNING', '-j', busy.join(','), '-o', '%i']).out.trim().split('\n').length === busy.length);
      const spec = JobSpec.parse({ name: 'waits', command: ['true'], launcher: 'plain', workdir: tmp });
      const job = { id: 'waits-1', spec, state: 'starting', history: [{ state: 'queued', at: Date.now() }], placement: [], restarts: 0, lostGpuSeconds: 0, backend: 'slurm', attempt: 1 } as unknown as JobRecord;
      await backend.launch(job, [], { attempt: 1 });
      // Slurm says "None" until its scheduler has looked at the job, then why it waits.
      const reasons = () => events.flatMap((e) => (e.kind === 'waiting' && e.jobId === 'waits-1' ? [e.reason] : []));
      await until('Slurm\'s reason', () => reasons().some((r) => /Slurm: (Resources|Priority)/.test(r)));
      assert.equal(backend.nodes().length, 2);
      await backend.kill('waits-1', 'test');
      const exited = await until('the exit', () => events.find((e) => e.kind === 'exited' && e.jobId === 'waits-1'));
      assert.equal((exited as { signal?: string }).signal, 'SIGTERM');
      assert.ok(!events.some((e) => e.kind === 'started' && e.jobId === 'waits-1'), 'it never ran');
    } finally {
      if (busy.length) sh(['scancel', ...busy]);
      await backend.dispose();
    }
  });

  it('refuses a bad partition with Slurm\'s own message', async () => {
    const bad = await createController(cluster({ partition: 'no-such-partition' }), { stateDir: join(tmp, 'state-bad'), slurm: { rankBundle, minPollMs: 200 } });
    try {
      const job = await bad.submit(plain('bad-partition', 'true'));
      const end = await bad.waitForEnd(job.id);
      assert.equal(end.state, 'failed');
      assert.match(end.error ?? '', /Invalid partition name specified/);
    } finally {
      await bad.dispose();
    }
  });

  it('writes batch scripts that Slurm\'s own parser accepts (sbatch --test-only)', () => {
    const cases: JobSpec[] = [
      loadJobSpec(join(ddpDir, 'train.claw.yaml')),
      JobSpec.parse({ name: 'one-node', command: ['true'], resources: { nodes: 1, processesPerNode: 2, cpusPerProcess: 1, memoryGiB: 1 }, timeLimit: '90m' }),
      JobSpec.parse({ name: 'torchrun', command: ['/usr/bin/python3', 'train.py'], launcher: 'torchrun', resources: { nodes: 2, processesPerNode: 1 }, timeLimit: '2h' }),
    ];
    for (const [i, spec] of cases.entries()) {
      const jobDir = join(shared, 'test-only', String(i));
      const script = batchScript({ jobId: `t${i}`, spec, partition: 'debug', jobDir, workdir: tmp, node: process.execPath, rankScript: rankBundle, defaultTimeLimit: '1h' });
      const path = join(tmp, `test-only-${i}.sh`);
      writeFileSync(path, script);
      const r = sh(['sbatch', '--test-only', path]);
      assert.equal(r.code, 0, `${spec.name}: ${r.err}`);
      assert.match(r.err, /to start at .* in partition debug/, spec.name);
    }
    // And Slurm's parser does read the options: a request it cannot meet is refused.
    const tooBig = batchScript({ jobId: 'big', spec: JobSpec.parse({ name: 'big', command: ['true'], resources: { nodes: 3 } }), partition: 'debug', jobDir: join(shared, 'big'), workdir: tmp, node: process.execPath, rankScript: rankBundle });
    writeFileSync(join(tmp, 'big.sh'), tooBig);
    const r = sh(['sbatch', '--test-only', join(tmp, 'big.sh')]);
    assert.notEqual(r.code, 0);
    assert.match(r.err, /node count specification invalid|Requested node configuration is not available/);
  });
});

describe('Simulate this Slurm cluster (real Slurm)', function () {
  this.timeout(60_000);
  const submitted: string[] = [];

  before(function () {
    const why = slurmUp();
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
  });
  after(() => {
    if (submitted.length) sh(['scancel', ...submitted]);
  });

  it('predicts the start of every pending job, as Slurm\'s own backfill estimates it', async () => {
    const sbatch = (args: string[]) => {
      const r = sh(['sbatch', '--parsable', '-o', '/dev/null', ...args, '--wrap', 'sleep 120']);
      assert.equal(r.code, 0, r.err);
      submitted.push(r.out.trim());
      return r.out.trim();
    };
    // Every CPU of both nodes busy for 5 minutes, then three jobs queued behind them.
    const cpus = Number(sh(['sinfo', '-h', '-N', '-n', 'oc-n1', '-o', '%c']).out.trim());
    for (let i = 0; i < 2 * cpus; i++) sbatch(['-c', '1', '-t', '5', '-J', `busy${i}`]);
    const wide = sbatch(['-c', String(cpus), '-t', '10', '-J', 'wide']);
    const twoNode = sbatch(['-N', '2', '-c', String(cpus), '-t', '3', '-J', 'two-node']);
    const tiny = sbatch(['-c', '1', '-t', '1', '-J', 'tiny']);
    const pendingIds = [wide, twoNode, tiny];
    // Slurm's backfill pass (every second here) writes its estimates.
    const estimates = await until('Slurm\'s estimates', () => {
      const lines = sh(['squeue', '-h', '-t', 'PENDING', '-j', pendingIds.join(','), '-o', '%i %S']).out.trim().split('\n');
      const m = new Map(lines.map((l) => l.split(' ') as [string, string]).filter(([, s]) => /^\d{4}-/.test(s ?? '')).map(([i, s]) => [i, new Date(s).getTime()]));
      return m.size === 3 ? m : undefined;
    }, 20_000);
    const sim = await simulateSlurmCluster({ partition: 'debug' });
    assert.equal(sim.policy, 'backfill', 'the cluster runs sched/backfill');
    assert.equal(sim.running, 2 * cpus);
    assert.deepEqual(sim.pending.map((p) => p.slurmId).sort(), [...pendingIds].sort());
    for (const p of sim.pending) {
      assert.ok(p.predictedStart !== null, `${p.name} fits the cluster`);
      const slurm = estimates.get(p.slurmId)!;
      assert.ok(Math.abs(p.predictedStart - slurm) <= 60_000, `${p.name}: predicted ${new Date(p.predictedStart).toISOString()}, Slurm says ${new Date(slurm).toISOString()}`);
    }
    const byName = new Map(sim.pending.map((p) => [p.name, p]));
    assert.ok(byName.get('two-node')!.predictedStart! >= byName.get('wide')!.predictedStart! + 9 * 60_000, 'the two-node job waits for the wide one');
  });
});
