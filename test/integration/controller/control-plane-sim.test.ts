/**
 * The control plane on the built-in simulator, over real gRPC on loopback: fair share across three
 * users (drf), several clients seeing each other's jobs live, node draining by an admin only, and
 * clients that carry on when the control plane restarts.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createControllerFromFile } from '../../../src/controller/factory';
import { RemoteController, ServerError } from '../../../src/controller/remote-controller';
import { loadClusterFile } from '../../../src/controller/spec-loader';
import type { JobRecord } from '../../../src/core/job';
import { JobSpec } from '../../../src/core/job-spec';
import { startControlPlane, type RunningControlPlane } from '../../../src/server/serve';
import { tokenSha256 } from '../../../src/server/users';
import { freePort, waitFor } from './agents-harness';

interface Lab {
  dir: string;
  port: number;
  start(): Promise<RunningControlPlane>;
  connect(user: string): Promise<RemoteController>;
}

/** A simulated cluster, a users file with these users, and a way to start the control plane on it. */
async function lab(users: Record<string, 'user' | 'admin'>, cluster: string): Promise<Lab> {
  const dir = mkdtempSync(join(tmpdir(), 'openclaw-cp-sim-'));
  const port = await freePort();
  const entries = Object.entries(users).map(([name, role]) => {
    const token = randomBytes(32).toString('hex');
    writeFileSync(join(dir, `${name}.token`), token, { mode: 0o600 });
    return `  - {name: ${name}, role: ${role}, tokenSha256: ${tokenSha256(token)}}`;
  });
  writeFileSync(join(dir, 'users.yaml'), `users:\n${entries.join('\n')}\n`);
  writeFileSync(join(dir, 'sim.cluster.yaml'), cluster);
  return {
    dir,
    port,
    start: () => startControlPlane({ cluster: join(dir, 'sim.cluster.yaml'), users: join(dir, 'users.yaml'), listen: `127.0.0.1:${port}`, stateDir: join(dir, 'state') }),
    connect: (user) => RemoteController.connect({ backend: 'server', address: `127.0.0.1:${port}`, tokenFile: join(dir, `${user}.token`) }),
  };
}

const spec = (name: string, seconds: number, gpus = 1): JobSpec =>
  JobSpec.parse({ name, command: ['python3', 'train.py'], resources: { nodes: 1, processesPerNode: gpus, gpusPerProcess: 1 }, simulation: { durationSeconds: seconds } });

const startedAt = (j: JobRecord | undefined): number => j?.history.find((t) => t.state === 'running')?.at ?? Infinity;

describe('control plane on the simulator', function () {
  this.timeout(120_000);
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f().catch(() => undefined);
  });

  it('shares the cluster fairly between three users under drf: a late user does not wait behind an early user\'s queue', async () => {
    const l = await lab({ alice: 'user', bob: 'user', carol: 'user' }, 'backend: simulator\nnodes: [{name: box, count: 1, devices: {model: a100, count: 4, memoryGiB: 80}}]\nspeedup: 600\npolicy: drf\n');
    const cp = await l.start();
    cleanup.push(() => cp.close());
    const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((u) => l.connect(u)));
    cleanup.push(() => alice!.dispose(), () => bob!.dispose(), () => carol!.dispose());
    const aliceJobs: JobRecord[] = [];
    for (let i = 0; i < 8; i++) aliceJobs.push(await alice!.submit(spec(`a${i}`, 600)));
    const others = [...(await Promise.all([0, 1].map((i) => bob!.submit(spec(`b${i}`, 600))))), ...(await Promise.all([0, 1].map((i) => carol!.submit(spec(`c${i}`, 600)))))];
    const all = [...aliceJobs, ...others];
    await waitFor(() => all.every((j) => alice!.job(j.id)?.state === 'succeeded'), 60_000, 'every job done');
    // Under fifo every one of alice's eight would start first; under drf each late user's first job
    // starts in the round after alice's first four end, no later than the sixth of hers (ties
    // between shares go to the oldest job, so two of alice's start in that round too).
    const aliceStarts = aliceJobs.map((j) => startedAt(alice!.job(j.id))).sort((a, b) => a - b);
    for (const user of ['bob', 'carol']) {
      const first = Math.min(...others.filter((j) => j.spec.user === user).map((j) => startedAt(alice!.job(j.id))));
      assert.ok(first <= aliceStarts[5]!, `${user}'s first job started no later than the sixth of alice's (${first} vs ${aliceStarts.join(', ')})`);
    }
    assert.deepEqual([...new Set(others.map((j) => alice!.job(j.id)?.spec.user))], ['bob', 'carol'], 'each job is its submitter\'s');
    // Each client's records, built from a first record and then patches, are the control plane's own.
    await new Promise((r) => setTimeout(r, 500));
    // (As JSON: a field the server holds as undefined is simply absent on the wire.)
    const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;
    for (const c of [alice, bob, carol]) for (const j of all) assert.deepEqual(plain(c!.job(j.id)), plain(cp.controller.job(j.id)), `${j.id} as ${c!.user} holds it`);
  });

  it('shows every client the jobs of the others live, and drains nodes for admins only', async () => {
    const l = await lab({ alice: 'user', bob: 'user', ops: 'admin' }, 'backend: simulator\nnodes: [{name: box, count: 2, devices: {model: a100, count: 2, memoryGiB: 80}}]\nspeedup: 60\n');
    const cp = await l.start();
    cleanup.push(() => cp.close());
    const [alice, bob, ops] = await Promise.all(['alice', 'bob', 'ops'].map((u) => l.connect(u)));
    cleanup.push(() => alice!.dispose(), () => bob!.dispose(), () => ops!.dispose());

    let seenAt = 0;
    bob!.onChange((ch) => void (ch.kind === 'job' && ch.job.spec.name === 'seen' && !seenAt && (seenAt = Date.now())));
    const before = Date.now();
    const job = await alice!.submit(spec('seen', 3600));
    await waitFor(() => seenAt > 0, 5000, "alice's job in bob's view");
    assert.ok(seenAt - before < 1000, `seen after ${seenAt - before} ms`);
    await waitFor(() => bob!.job(job.id)?.state === 'running', 10_000, "alice's job running in bob's view");

    await assert.rejects(bob!.drainNode('box-0', true), (err: ServerError) => err.message.includes('draining a node is for admins; bob is a user'));
    await assert.rejects(ops!.drainNode('nowhere', true), /no node "nowhere"/);
    const busy = bob!.job(job.id)!.placement[0]!.node;
    const free = busy === 'box-0' ? 'box-1' : 'box-0';
    assert.equal(await ops!.drainNode(free, true), 'draining');
    await waitFor(() => alice!.nodes().find((n) => n.name === free)?.state === 'draining', 5000, 'the drained node shown draining');
    const waiting = await bob!.submit(spec('waits', 60, 2));
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(bob!.job(waiting.id)?.state, 'queued', 'nothing new goes to a drained node');
    assert.equal(bob!.job(job.id)?.state, 'running', 'what runs elsewhere runs on');
    assert.equal(await ops!.drainNode(free, false), 'ready');
    await waitFor(() => ['running', 'succeeded'].includes(bob!.job(waiting.id)?.state ?? ''), 10_000, 'the job placed once the node is back');
    assert.equal(bob!.job(waiting.id)!.placement[0]!.node, free);
  });

  it('streams a job\'s metrics to a client as the job reports them, the same samples the control plane keeps', async () => {
    const l = await lab({ alice: 'user', bob: 'user' }, 'backend: simulator\nnodes: [{name: box, count: 1, devices: {model: a100, count: 2, memoryGiB: 80}}]\nspeedup: 120\n');
    const cp = await l.start();
    cleanup.push(() => cp.close());
    const [alice, bob] = await Promise.all([l.connect('alice'), l.connect('bob')]);
    cleanup.push(() => alice.dispose(), () => bob.dispose());
    const job = await alice.submit(spec('charted', 600));
    let batches = 0;
    bob.onChange((ch) => void (ch.kind === 'job' && ch.job.id === job.id && batches++));
    assert.deepEqual(bob.metrics(job.id), [], 'nothing yet');
    await waitFor(() => bob.metrics(job.id).length > 3, 20_000, 'samples arriving while the job runs');
    const early = bob.metrics(job.id)[0];
    assert.equal(bob.job(job.id)?.state, 'running', 'streamed while it runs, not after');
    await waitFor(() => bob.job(job.id)?.state === 'succeeded', 30_000, 'the job done');
    await waitFor(() => bob.metrics(job.id).length === cp.controller.metrics(job.id).length, 5000, 'every sample streamed');
    const theirs = bob.metrics(job.id);
    assert.deepEqual(theirs, [...cp.controller.metrics(job.id)]);
    assert.equal(theirs[0], early, 'samples already handed out stay the same objects');
    assert.ok(theirs.some((s) => s.values.loss !== undefined), 'the loss is among them');
    assert.ok(batches > 2);
  });

  it('forecasts when a job would start from the live queue: after the running jobs that hold what it needs', async () => {
    const l = await lab({ alice: 'user', bob: 'user' }, 'backend: simulator\nnodes: [{name: box, count: 1, devices: {model: a100, count: 4, memoryGiB: 80}}]\nspeedup: 60\n');
    const cp = await l.start();
    cleanup.push(() => cp.close());
    const [alice, bob] = await Promise.all([l.connect('alice'), l.connect('bob')]);
    cleanup.push(() => alice.dispose(), () => bob.dispose());
    const empty = await bob.forecast(spec('mine', 600, 4));
    assert.ok(empty.startInSeconds !== undefined && empty.startInSeconds < 60, `at once on an empty cluster (${empty.startInSeconds})`);
    const first = await alice.submit(spec('long', 7200, 3));
    await waitFor(() => alice.job(first.id)?.state === 'running', 10_000, 'running');
    await alice.submit(spec('next', 3600, 4));
    const f = await bob.forecast(spec('mine', 600, 4));
    // Behind the running two hours and the waiting hour that needs the whole box: about three hours.
    assert.ok(f.startInSeconds !== undefined && Math.abs(f.startInSeconds - 3 * 3600) < 600, `about 3 h, got ${f.startInSeconds} s`);
    assert.match(f.basis, /the fifo policy over 1 running and 1 waiting job; lengths from progress for 0, from specs for 2/);
    const never = await bob.forecast(spec('huge', 600, 8));
    assert.equal(never.startInSeconds, undefined, 'a job larger than the cluster would not start');
  });

  it('refuses unknown tokens, a non-loopback address without TLS, and a users file with a bad field', async () => {
    const l = await lab({ alice: 'user' }, 'backend: simulator\npreset: dgx-a100\n');
    const cp = await l.start();
    cleanup.push(() => cp.close());
    const token = randomBytes(32).toString('hex');
    writeFileSync(join(l.dir, 'stranger.token'), token, { mode: 0o600 });
    await assert.rejects(l.connect('stranger'), (err: ServerError) => err.code === 16 && /missing or unknown token/.test(err.message));
    // Added to the users file while the control plane runs: let in without a restart.
    appendFileSync(join(l.dir, 'users.yaml'), `  - {name: stranger, tokenSha256: ${tokenSha256(token)}}\n`);
    let welcomed: RemoteController | undefined;
    for (let i = 0; i < 20 && !welcomed; i++) welcomed = await l.connect('stranger').catch(() => new Promise<undefined>((r) => setTimeout(() => r(undefined), 500)));
    assert.equal(welcomed?.user, 'stranger', 'the new user let in within seconds');
    await welcomed.dispose();
    const args = { cluster: join(l.dir, 'sim.cluster.yaml'), users: join(l.dir, 'users.yaml') };
    await assert.rejects(startControlPlane({ ...args, listen: '0.0.0.0:0' }), /refusing to listen on 0\.0\.0\.0: a non-loopback address needs TLS/);
    writeFileSync(join(l.dir, 'bad-users.yaml'), 'users:\n  - name: bob\n    tokenSha256: nothex\n');
    await assert.rejects(startControlPlane({ ...args, users: join(l.dir, 'bad-users.yaml'), listen: '127.0.0.1:0' }), /bad-users\.yaml:3:18.*users\[0\]\.tokenSha256: expected the SHA-256/s);
  });

  it('listens beyond loopback only with TLS, and clients check its certificate against their CA', async () => {
    const l = await lab({ alice: 'user' }, 'backend: simulator\npreset: dgx-a100\n');
    const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', join(l.dir, 'key.pem'), '-out', join(l.dir, 'cert.pem')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const cp = await startControlPlane({ cluster: join(l.dir, 'sim.cluster.yaml'), users: join(l.dir, 'users.yaml'), listen: `0.0.0.0:${l.port}`, stateDir: join(l.dir, 'state'), tlsCert: join(l.dir, 'cert.pem'), tlsKey: join(l.dir, 'key.pem') });
    cleanup.push(() => cp.close());
    // The member's file, its paths relative to its own folder.
    writeFileSync(join(l.dir, 'team.cluster.yaml'), `backend: server\naddress: 127.0.0.1:${l.port}\ntokenFile: alice.token\ntls: {ca: cert.pem}\n`);
    const c = await createControllerFromFile(join(l.dir, 'team.cluster.yaml'));
    cleanup.push(() => c.dispose());
    assert.ok(c instanceof RemoteController && c.user === 'alice');
    await assert.rejects(l.connect('alice'), /does not answer|unavailable|Connection dropped|not answer/i, 'a client without TLS gets nowhere');
    writeFileSync(join(l.dir, 'chmod.cluster.yaml'), `backend: server\naddress: 127.0.0.1:${l.port}\ntokenFile: loose.token\n`);
    writeFileSync(join(l.dir, 'loose.token'), 'ab'.repeat(32), { mode: 0o644 });
    assert.throws(() => loadClusterFile(join(l.dir, 'chmod.cluster.yaml')), /chmod\.cluster\.yaml:3:\d+: tokenFile: .*loose\.token can be read by other users/);
  });

  it('keeps a client going across a control plane restart: the jobs come back in its view', async () => {
    const l = await lab({ alice: 'user' }, 'backend: simulator\nnodes: [{name: box, count: 1, devices: {model: a100, count: 2, memoryGiB: 80}}]\nspeedup: 60\n');
    let cp = await l.start();
    const alice = await l.connect('alice');
    cleanup.push(() => alice.dispose());
    const job = await alice.submit(spec('survivor', 36_000));
    await waitFor(() => alice.job(job.id)?.state === 'running', 10_000, 'running');
    await cp.close();
    cp = await l.start();
    cleanup.push(() => cp.close());
    let changes = 0;
    alice.onChange(() => changes++);
    await waitFor(() => changes > 0 && alice.job(job.id) !== undefined, 15_000, 'the view back after the restart');
    const other = await l.connect('alice');
    cleanup.push(() => other.dispose());
    assert.equal(other.job(job.id)?.spec.user, 'alice');
  });
});
