import * as grpc from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startAgent, type RunningAgent } from '../../../agent/server';
import { agentPackage } from '../../../proto/load';
import { AgentClient, AgentStatus, type AgentRankStatus, type LaunchRequest } from '../../../src/controller/agent-client';
import { DDP_TINY, freePort, livePidsInGroups, pidAlive, PYTHON, ranksEnded, tempDir, until } from './helpers';

async function rejectsWith(p: Promise<unknown>, code: number, message?: RegExp): Promise<void> {
  await assert.rejects(p, (err: Error & { code?: number }) => {
    assert.equal(err.code, code, `expected gRPC status ${code}, got ${err.code}: ${err.message}`);
    if (message) assert.match(err.message, message);
    return true;
  });
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('node agent (real gRPC on loopback, real processes)', function () {
  this.timeout(180_000);
  let dir: string;
  let agent: RunningAgent;
  let client: AgentClient;

  before(async () => {
    dir = tempDir('agent');
    agent = await startAgent({ listen: '127.0.0.1:0', workdir: join(dir, 'agent'), checkpointSettleMs: 300 });
    client = await AgentClient.connect({ address: agent.address, token: agent.config.token });
  });
  after(async () => {
    client?.close();
    await agent?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function ddpRequest(jobId: string, extra: string[] = []): Promise<LaunchRequest> {
    const cwd = join(dir, jobId);
    return {
      jobId,
      attempt: 1,
      launcher: 'pytorch',
      command: [PYTHON, DDP_TINY, ...extra],
      cwd,
      checkpointDir: 'ckpt',
      rendezvous: { masterAddr: '127.0.0.1', masterPort: await freePort(), worldSize: 2, nodes: 1, nodeRank: 0, processesPerNode: 2, hosts: ['127.0.0.1'] },
      ranks: [{ rank: 0, localRank: 0 }, { rank: 1, localRank: 1 }],
      deviceVendor: 'cpu',
    };
  }

  it('reports its version and API level, and the machine with CPUs as devices when it has no GPU', async () => {
    assert.equal(client.agentVersion.api, 1);
    assert.ok(client.agentVersion.instanceId);
    const node = await client.nodeInfo();
    assert.ok(node.cpus >= 1);
    assert.ok(node.memoryGib > 0);
    assert.ok(node.devices.length >= 1);
    const hb = await client.heartbeat(7);
    assert.equal(hb.seq, 7);
    assert.equal(hb.instanceId, client.agentVersion.instanceId);
  });

  it('pushes heartbeats on one stream at the interval asked, and stops when the client cancels', async () => {
    const stub = new (agentPackage().Agent)(agent.address, grpc.credentials.createInsecure());
    const md = new grpc.Metadata();
    md.set('authorization', `Bearer ${agent.config.token}`);
    const call = stub.WatchHeartbeat({ intervalMs: 100 }, md);
    const t0 = Date.now();
    const seqs: number[] = [];
    for await (const beat of call) {
      seqs.push(beat.seq);
      assert.equal(beat.instanceId, client.agentVersion.instanceId);
      if (seqs.length === 4) break;
    }
    assert.deepEqual(seqs, [1, 2, 3, 4]);
    assert.ok(Date.now() - t0 >= 250, 'about 100 ms between beats');
    call.cancel();
    const bad = new grpc.Metadata();
    bad.set('authorization', 'Bearer nope');
    await rejectsWith(collect(stub.WatchHeartbeat({ intervalMs: 100 }, bad)), AgentStatus.UNAUTHENTICATED);
    stub.close();
  });

  it('runs a 2-rank PyTorch DDP job through the pytorch launcher: logs stream live, metrics parsed, checkpoints listed, output fetched', async () => {
    const req = await ddpRequest('ddp-1');
    const launched = await client.launch(req);
    assert.equal(launched.alreadyLaunched, false);
    assert.deepEqual(launched.ranks.map((r) => r.rank), [0, 1]);
    assert.ok(launched.ranks.every((r) => r.pid > 0 && r.state === 'RANK_STATE_RUNNING'));

    // Follow rank 0's log from the start while it runs: the stream ends with eof when the rank exits.
    const live = collect(client.logs({ jobId: 'ddp-1', attempt: 1, rank: 0, offset: 0, follow: true }));

    // Asking again for the same attempt launches nothing (a restarted manager re-attaching).
    const again = await client.launch(req);
    assert.equal(again.alreadyLaunched, true);
    assert.deepEqual(again.ranks.map((r) => r.pid), launched.ranks.map((r) => r.pid));

    const ended = await ranksEnded(client, 'ddp-1', 2);
    assert.deepEqual(ended.map((r) => [r.rank, r.state, r.exitCode]), [[0, 'RANK_STATE_EXITED', 0], [1, 'RANK_STATE_EXITED', 0]], readFileSync(join(dir, 'agent/jobs/ddp-1/a1/rank-1.log'), 'utf8'));

    const chunks = await live;
    assert.equal(chunks[chunks.length - 1]!.eof, true);
    const text = Buffer.concat(chunks.map((c) => c.data)).toString('utf8');
    assert.match(text, /rank 0\/2 local 0 job ddp-1/);
    assert.match(text, /@openclaw \{"step": 6/);
    assert.match(text, /rank 0 done/);
    // Offsets are contiguous, so a client can resume from any of them.
    let expect = 0;
    for (const c of chunks) {
      assert.equal(c.offset, expect);
      expect += c.data.length;
    }
    const fromMiddle = await collect(client.logs({ jobId: 'ddp-1', attempt: 1, rank: 0, offset: 10 }));
    assert.equal(Buffer.concat(fromMiddle.map((c) => c.data)).toString('utf8'), text.slice(10));
    const tail = await collect(client.logs({ jobId: 'ddp-1', attempt: 1, rank: 0, tailBytes: 12 }));
    assert.equal(Buffer.concat(tail.map((c) => c.data)).toString('utf8'), text.slice(-12));

    const m = await client.metrics({ jobId: 'ddp-1', sinceSeq: 0 });
    assert.deepEqual(m.samples.map((s) => s.values.step), [1, 2, 3, 4, 5, 6]);
    assert.ok(m.samples.every((s) => s.rank === 0 && s.attempt === 1 && s.values.totalSteps === 6 && typeof s.values.loss === 'number'));
    const later = await client.metrics({ jobId: 'ddp-1', sinceSeq: m.samples[3]!.seq });
    assert.deepEqual(later.samples.map((s) => s.values.step), [5, 6]);

    await new Promise((r) => setTimeout(r, 400)); // past the settle time
    const cps = await client.checkpoints('ddp-1');
    assert.equal(cps.root, join(dir, 'ddp-1/ckpt'));
    assert.deepEqual(cps.checkpoints.map((c) => [c.path, c.format, c.step, c.complete]), [['step-3.pt', 'pytorch', 3, true], ['step-6.pt', 'pytorch', 6, true]]);
    // What is inside, read on the agent's node without loading it.
    const inside = await client.inspectCheckpoint('ddp-1', 'step-6.pt');
    assert.equal(inside.format, 'pytorch');
    assert.equal(inside.state.step, 6);
    assert.ok(inside.tensors.length > 0 && inside.tensors.every((t) => t.name.startsWith('model.') && t.dtype === 'float32' && t.bytes > 0), JSON.stringify(inside.tensors));

    const dest = join(dir, 'model-fetched.pt');
    const got = await client.fetchFileTo({ jobId: 'ddp-1', path: 'model.pt' }, dest);
    const local = readFileSync(join(dir, 'ddp-1/model.pt'));
    assert.equal(got.size, local.length);
    assert.equal(got.sha256, createHash('sha256').update(local).digest('hex'));
    assert.deepEqual(readFileSync(dest), local);
  });

  it('kill reaches the whole process group: no rank and no child of a rank is left', async () => {
    const req = await ddpRequest('hold-1', ['--hold']);
    const { ranks } = await client.launch(req);
    const pgids = ranks.map((r) => r.pid);
    // Wait until both ranks have started their own child process.
    const log = (rank: number) => join(dir, `agent/jobs/hold-1/a1/rank-${rank}.log`);
    const childPids = await until('both ranks to start a child', () => {
      const pids = [0, 1].map((r) => /holding with child (\d+)/.exec(safeRead(log(r)))?.[1]).filter(Boolean).map(Number);
      return pids.length === 2 ? pids : undefined;
    }, 120_000);
    assert.ok(livePidsInGroups(pgids).length >= 4, 'two ranks and their two children run');
    assert.ok(childPids.every(pidAlive));
    // Process usage covers each rank's whole group (the rank and its child).
    await client.metrics({ jobId: 'hold-1' });
    await new Promise((r) => setTimeout(r, 300));
    const usage = (await client.metrics({ jobId: 'hold-1' })).processes;
    assert.deepEqual(usage.map((u) => u.rank).sort(), [0, 1]);
    assert.ok(usage.every((u) => u.rssBytes > 50 * 2 ** 20 && u.cpuPercent >= 0), JSON.stringify(usage));

    const reply = await client.kill('hold-1', 2_000);
    assert.equal(reply.signalled, 2);
    const ended: AgentRankStatus[] = await ranksEnded(client, 'hold-1', 2, 10_000);
    assert.ok(ended.every((r) => r.state === 'RANK_STATE_EXITED' && r.signal !== ''), JSON.stringify(ended));
    await until('no process left in the ranks\' groups', () => (livePidsInGroups(pgids).length === 0 ? true : undefined), 10_000);
    assert.ok(!childPids.some(pidAlive), 'the ranks\' children are gone too');
    assert.equal(await client.forgetJob('hold-1'), 2);
    assert.equal((await client.ranks('hold-1')).ranks.length, 0);
    // A key the agent does not know (any more) is refused, not taken for done; the client reads that as nothing there.
    const raw = new (agentPackage().Agent)(agent.address, grpc.credentials.createInsecure());
    const md = new grpc.Metadata();
    md.set('authorization', `Bearer ${agent.config.token}`);
    for (const call of ['Signal', 'ForgetJob'] as const) {
      const err = await new Promise<grpc.ServiceError | null>((res) => (raw[call] as (r: object, m: grpc.Metadata, cb: (e: grpc.ServiceError | null) => void) => void).call(raw, { jobId: 'hold-1', signal: 'SIGTERM' }, md, (e) => res(e)));
      assert.equal(err?.code, grpc.status.NOT_FOUND, call);
      assert.match(err?.details ?? '', /refused on .*: no job "hold-1" here \(never launched here, or forgotten\)/);
    }
    raw.close();
    assert.equal(await client.forgetJob('hold-1'), 0);
    assert.equal((await client.kill('hold-1', 0)).signalled, 0);
  });

  it('chooses a free rendezvous port on node rank 0 when asked with port 0, and tells the caller', async () => {
    // The port a fixed default would take is busy here (another job's rendezvous, say).
    const busy = createServer();
    await new Promise<void>((res) => busy.once('error', () => res()).listen(29500, '0.0.0.0', () => res()));
    try {
      const req = await ddpRequest('ddp-port');
      req.rendezvous = { ...req.rendezvous, masterPort: 0 };
      const launched = await client.launch(req);
      assert.ok(launched.masterPort > 0 && launched.masterPort !== 29500, String(launched.masterPort));
      assert.equal((await client.launch(req)).masterPort, launched.masterPort, 'asked again: the same port');
      const ended = await ranksEnded(client, 'ddp-port', 2);
      assert.deepEqual(ended.map((r) => r.exitCode), [0, 0], readFileSync(join(dir, 'agent/jobs/ddp-port/a1/rank-0.log'), 'utf8'));
      // Another node cannot choose: it must meet rank 0 where rank 0's agent said.
      await rejectsWith(client.launch({ ...req, jobId: 'ddp-port-n1', rendezvous: { ...req.rendezvous, nodeRank: 1 } }), AgentStatus.INVALID_ARGUMENT, /rendezvous\.masterPort/);
    } finally {
      busy.close();
    }
  });

  it('a command that cannot start ends at once with exit code 127 and says why in its log', async () => {
    const { ranks } = await client.launch({ jobId: 'missing-1', attempt: 1, launcher: 'plain', command: ['/nonexistent/trainer'], cwd: join(dir, 'missing-1'), ranks: [{ rank: 0 }] });
    assert.equal(ranks[0]!.state, 'RANK_STATE_EXITED');
    assert.equal(ranks[0]!.exitCode, 127);
    const log = await collect(client.logs({ jobId: 'missing-1', attempt: 1, rank: 0 }));
    assert.match(Buffer.concat(log.map((c) => c.data)).toString(), /cannot start "\/nonexistent\/trainer"/);
  });

  it('the tensorflow, jax, plain and torchrun launchers hand each process its rendezvous', async () => {
    const show = [PYTHON, '-c', 'import os, json, sys; print(json.dumps({k: v for k, v in os.environ.items() if k.startswith(("TF_", "JAX_", "RANK", "WORLD", "OPENCLAW_", "MASTER"))})); print(json.dumps(sys.argv))'];
    const rendezvous = { masterAddr: '127.0.0.1', masterPort: 29600, worldSize: 2, nodes: 1, nodeRank: 0, processesPerNode: 2, hosts: ['127.0.0.1'] };
    const ranks = [{ rank: 0, localRank: 0 }, { rank: 1, localRank: 1 }];
    const envOf = async (jobId: string, rank: number) => {
      const chunks = await collect(client.logs({ jobId, attempt: 1, rank, follow: true }));
      return JSON.parse(Buffer.concat(chunks.map((c) => c.data)).toString().split('\n')[0]!) as Record<string, string>;
    };
    for (const launcher of ['tensorflow', 'jax', 'plain']) {
      await client.launch({ jobId: `env-${launcher}`, attempt: 1, launcher, command: show, cwd: join(dir, 'env'), rendezvous, ranks, resumeFrom: '/ckpt/step-5.pt' });
    }
    const tf = await envOf('env-tensorflow', 1);
    assert.deepEqual(JSON.parse(tf.TF_CONFIG!), { cluster: { worker: ['127.0.0.1:29600', '127.0.0.1:29601'] }, task: { type: 'worker', index: 1 } });
    const jax = await envOf('env-jax', 0);
    assert.deepEqual([jax.JAX_COORDINATOR_ADDRESS, jax.JAX_NUM_PROCESSES, jax.JAX_PROCESS_ID], ['127.0.0.1:29600', '2', '0']);
    const plain = await envOf('env-plain', 1);
    assert.deepEqual([plain.RANK, plain.WORLD_SIZE, plain.MASTER_ADDR], ['1', '2', undefined]);
    assert.equal(plain.OPENCLAW_JOB_ID, 'env-plain');
    assert.equal(plain.OPENCLAW_RESUME_FROM, '/ckpt/step-5.pt');
    assert.equal(plain.OPENCLAW_CHECKPOINT_DIR, join(dir, 'env/checkpoints'));
    // torchrun: one process for the node's two ranks, wrapping the command.
    const tr = await client.launch({ jobId: 'env-torchrun', attempt: 1, launcher: 'torchrun', command: [PYTHON, 'train.py', '--x'], cwd: join(dir, 'env'), rendezvous, ranks });
    assert.equal(tr.ranks.length, 1);
    assert.deepEqual(tr.ranks[0]!.argv.slice(0, 3), [PYTHON, '-m', 'torch.distributed.run']);
    assert.deepEqual(tr.ranks[0]!.argv.slice(-2), ['train.py', '--x']);
    await client.kill('env-torchrun', 500);
  });

  it('bad launch requests are INVALID_ARGUMENT with the field named', async () => {
    const base = { jobId: 'bad-1', attempt: 1, command: ['true'], cwd: join(dir, 'bad-1'), ranks: [{ rank: 0 }] };
    await rejectsWith(client.launch({ ...base, launcher: 'mpi' }), AgentStatus.INVALID_ARGUMENT, /launcher "mpi"/);
    await rejectsWith(client.launch({ ...base, command: [] }), AgentStatus.INVALID_ARGUMENT, /command/);
    await rejectsWith(client.launch({ ...base, cwd: 'relative' }), AgentStatus.INVALID_ARGUMENT, /cwd/);
    await rejectsWith(client.launch({ ...base, jobId: 'a b' }), AgentStatus.INVALID_ARGUMENT, /job id/);
  });

  it('refuses a wrong or missing token with UNAUTHENTICATED, on every call', async () => {
    await rejectsWith(AgentClient.connect({ address: agent.address, token: 'f'.repeat(64) }), AgentStatus.UNAUTHENTICATED);
    await rejectsWith(AgentClient.connect({ address: agent.address }), AgentStatus.UNAUTHENTICATED);
    // Past connect, a stream is refused the same way.
    const almost = agent.config.token.slice(0, -1) + (agent.config.token.endsWith('0') ? '1' : '0');
    const stub = new (agentPackage().Agent)(agent.address, grpc.credentials.createInsecure());
    const md = new grpc.Metadata();
    md.set('authorization', `Bearer ${almost}`);
    await rejectsWith(collect(stub.StreamLogs({ jobId: 'ddp-1', rank: 0 }, md)), AgentStatus.UNAUTHENTICATED);
    await rejectsWith(new Promise((res, rej) => stub.Heartbeat({ seq: 1 }, md, (e, r) => (e ? rej(e) : res(r)))), AgentStatus.UNAUTHENTICATED);
    stub.close();
  });

  it('refuses traversal out of the log, checkpoint and file roots', async () => {
    const outside = join(dir, 'outside');
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'ddp-1/link-out.txt'));
    symlinkSync(outside, join(dir, 'ddp-1/dir-out'));
    mkdirSync(join(dir, 'ddp-1/sub'), { recursive: true });
    writeFileSync(join(dir, 'ddp-1/sub/ok.txt'), 'fine');

    const denied = AgentStatus.PERMISSION_DENIED;
    await rejectsWith(collect(client.logs({ jobId: '../../etc', rank: 0 })), denied);
    await rejectsWith(collect(client.logs({ jobId: '..', rank: 0 })), denied);
    await rejectsWith(client.checkpoints('../ddp-1'), denied);
    await rejectsWith(client.checkpoints('ddp-1/../../x'), denied);
    for (const path of ['../../outside', '/etc', '../step-3.pt']) await rejectsWith(client.inspectCheckpoint('ddp-1', path), denied);
    for (const path of ['../outside/secret.txt', '/etc/passwd', 'sub/../../outside/secret.txt', 'model.pt\0.txt', 'link-out.txt', 'dir-out/secret.txt']) {
      await rejectsWith(collect(client.fetchFile({ jobId: 'ddp-1', path })), denied, undefined);
    }
    await rejectsWith(collect(client.fetchFile({ jobId: 'ddp-1', path: '../../outside/secret.txt', root: 'FILE_ROOT_CHECKPOINT_DIR' })), denied);
    // Inside the root all is well, and a read above its size cap is refused.
    const ok = await collect(client.fetchFile({ jobId: 'ddp-1', path: 'sub/ok.txt' }));
    assert.equal(Buffer.concat(ok.map((c) => c.data)).toString(), 'fine');
    await rejectsWith(collect(client.fetchFile({ jobId: 'ddp-1', path: 'model.pt', maxBytes: 10 })), AgentStatus.RESOURCE_EXHAUSTED, /limit/);
    const ck = await collect(client.fetchFile({ jobId: 'ddp-1', path: 'step-3.pt', root: 'FILE_ROOT_CHECKPOINT_DIR' }));
    assert.ok(ck[ck.length - 1]!.last && ck[ck.length - 1]!.sha256.length === 64);
  });

  it("keeps rank logs and records its owner's only: files 0600, folders 0700", async () => {
    await client.launch({ jobId: 'private-1', attempt: 1, launcher: 'plain', command: ['/bin/echo', 'a secret result'], cwd: join(dir, 'private-1'), ranks: [{ rank: 0 }] });
    await ranksEnded(client, 'private-1', 1, 10_000);
    const jobs = join(dir, 'agent', 'jobs');
    const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
    for (const folder of [jobs, join(jobs, 'private-1'), join(jobs, 'private-1', 'a1')]) assert.equal(mode(folder), '700', folder);
    for (const file of ['job.json', 'a1/rank-0.log', 'a1/rank-0.json', 'a1/rank-0.exit'].map((f) => join(jobs, 'private-1', f)).filter(existsSync)) {
      assert.equal(mode(file), '600', file);
    }
    assert.equal(readFileSync(join(jobs, 'private-1', 'a1', 'rank-0.log'), 'utf8'), 'a secret result\n');
  });

  it('refuses to start on a non-loopback address without TLS and a token', async () => {
    await assert.rejects(startAgent({ listen: '0.0.0.0:0', workdir: join(dir, 'x') }), /refusing to listen on 0\.0\.0\.0: .*TLS.*token/);
    await assert.rejects(startAgent({ listen: '192.0.2.10:7101', workdir: join(dir, 'x'), tokenFile: join(dir, 'nope') }), /refusing to listen/);
    const tokenFile = join(dir, 'short.token');
    writeFileSync(tokenFile, 'abc\n', { mode: 0o600 });
    await assert.rejects(startAgent({ listen: '127.0.0.1:0', workdir: join(dir, 'x'), tokenFile }), /at least 32/);
  });
});

function safeRead(p: string): string {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return '';
  }
}
