/**
 * A lab's control plane, as its members meet it: `openclaw serve` (a real process) in front of three
 * real agents, three users submitting ten jobs each from three CLI processes at once. Checked from
 * the agents' own rank records: no device slot ever held by two jobs, no user over their quota; each
 * job's output is its own; a cancel by the wrong user is refused; a second control plane, and a
 * bundled manager, are refused by the agents.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentClient } from '../../../src/controller/agent-client';
import type { JobRecord } from '../../../src/core/job';
import { cli, CLI_JS, freePort, startAgent, stopAgent, waitFor, workspace, type Cli, type RunningAgent } from './agents-harness';

const USERS = ['alice', 'bob', 'carol'] as const;
const QUOTA = 2;

function openclaw(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI_JS, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A one-slot job that prints its own name and sleeps. */
function jobSpec(dir: string, name: string, seconds = 2.5, slots = 1): string {
  const path = join(dir, `${name}.claw.yaml`);
  const script = 'import sys, time; print("output of", sys.argv[1], flush=True); time.sleep(float(sys.argv[2]))';
  writeFileSync(path, `name: ${name}\ncommand: [/usr/bin/python3, -c, ${JSON.stringify(script)}, ${name}, "${seconds}"]\nresources: {nodes: 1, processesPerNode: ${slots}, gpusPerProcess: 1}\nlauncher: plain\n`);
  return path;
}

interface Held {
  agent: string;
  key: string;
  devices: number[];
  from: number;
  to: number;
}

describe('control plane: one `openclaw serve`, three agents, three users at once', function () {
  this.timeout(240_000);
  const agents: RunningAgent[] = [];
  const procs: Cli[] = [];
  const clients: AgentClient[] = [];

  after(async () => {
    for (const c of clients) c.close();
    for (const p of procs) if (p.proc.exitCode === null) p.proc.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.exit));
    await Promise.all(agents.map((a) => stopAgent(a)));
  });

  it('gives no device twice, keeps quotas and owners, and refuses a second control plane and a bundled manager', async () => {
    const agentsDir = mkdtempSync(join(tmpdir(), 'openclaw-cp-agents-'));
    for (const n of ['n1', 'n2', 'n3']) agents.push(await startAgent(agentsDir, n));
    const ws = workspace(agents);
    const dir = ws.dir;
    for (const u of USERS) assert.equal(openclaw(['serve', 'add-user', u, '-u', 'users.yaml', '--devices', String(QUOTA)], dir).code, 0);
    assert.equal(openclaw(['serve', 'add-user', 'admin', '-u', 'users.yaml', '--role', 'admin'], dir).code, 0);
    const port = await freePort();
    for (const u of [...USERS, 'admin']) writeFileSync(join(dir, `${u}.cluster.yaml`), `backend: server\naddress: 127.0.0.1:${port}\ntokenFile: ${u}.token\n`);

    const check = openclaw(['serve', '-c', ws.clusterFile, '-u', 'users.yaml', '--listen', `127.0.0.1:${port}`, '--check'], dir);
    assert.equal(check.code, 0, check.stderr);
    assert.match(check.stdout, /configuration is valid: agents backend, 4 users/);

    const serve = cli(['serve', '-c', ws.clusterFile, '-u', 'users.yaml', '--listen', `127.0.0.1:${port}`, '--state-dir', join(dir, 'serve-state')], dir);
    procs.push(serve);
    await waitFor(() => serve.stderr.join('').includes('listening on'), 30_000, `the control plane listening (${serve.stderr.join('')})`);

    // The agents' own records, polled: every slot a running rank holds, and when.
    const held = new Map<string, Held>();
    for (const a of agents) clients.push(await AgentClient.connect({ address: `127.0.0.1:${a.port}`, token: readFileSync(a.tokenFile, 'utf8').trim() }));
    let polling = true;
    const overQuota: string[] = [];
    const poll = (async () => {
      while (polling) {
        const now = Date.now();
        const byUser = new Map<string, number>();
        await Promise.all(
          clients.map(async (c, i) => {
            for (const r of (await c.ranks()).ranks) {
              // A rank's record says when it started and, once it exited, when it ended.
              const k = `${agents[i]!.name}/${r.jobId}/${r.attempt}/${r.rank}`;
              const h = held.get(k) ?? { agent: agents[i]!.name, key: r.jobId, devices: [...r.heldDevices], from: Number(r.startedMs) || now, to: now };
              h.to = r.state === 'RANK_STATE_RUNNING' ? now : Number(r.endedMs) || h.to;
              held.set(k, h);
              if (r.state !== 'RANK_STATE_RUNNING') continue;
              // Job keys begin with the job's name, and the names here with their user's.
              const owner = r.jobId.split('-')[0]!;
              byUser.set(owner, (byUser.get(owner) ?? 0) + r.heldDevices.length);
            }
          }),
        );
        for (const [u, n] of byUser) if (n > QUOTA) overQuota.push(`${u} held ${n} slots at ${now}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const jobsNow = (): JobRecord[] => {
      const r = openclaw(['jobs', '-c', 'admin.cluster.yaml', '--json'], dir);
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout) as JobRecord[];
    };

    // Three users, ten jobs each, from three CLI processes at the same moment.
    const submits = USERS.map((u) => cli(['submit', ...Array.from({ length: 10 }, (_, i) => jobSpec(dir, `${u}-${i}`)), '-c', `${u}.cluster.yaml`], dir));
    procs.push(...submits);
    const codes = await Promise.all(submits.map((s) => s.exit));
    assert.deepEqual(codes, [0, 0, 0], submits.map((s) => s.stderr.join('')).join('\n'));
    assert.equal(submits.map((s) => s.stdout.join('').match(/submitted job/g)?.length).join(','), '10,10,10');

    // While they run: a bundled manager on the same agents is refused, and so is a second control plane.
    const bundled = openclaw(['run', jobSpec(dir, 'stray'), '-c', ws.clusterFile, '--state-dir', join(dir, 'stray-state')], dir);
    assert.notEqual(bundled.code, 0);
    assert.match(bundled.stderr, /is managed by control-plane:.*submit jobs through that control plane/, bundled.stderr);
    const second = openclaw(['serve', '-c', ws.clusterFile, '-u', 'users.yaml', '--listen', '127.0.0.1:0', '--state-dir', join(dir, 'second-state')], dir);
    assert.notEqual(second.code, 0);
    assert.match(second.stderr, /n\d is already claimed by another control plane, manager control-plane:.*one control plane per agent/, second.stderr);

    let jobs: JobRecord[] = [];
    await waitFor(() => (jobs = jobsNow()).length === 30 && jobs.every((j) => j.state === 'succeeded' || j.state === 'failed'), 180_000, 'all thirty jobs ended', 1000);
    polling = false;
    await poll;
    assert.deepEqual(jobs.filter((j) => j.state !== 'succeeded').map((j) => `${j.id}: ${j.error}`), []);
    for (const u of USERS) assert.equal(jobs.filter((j) => j.spec.user === u).length, 10, `${u} owns ten jobs`);

    // No slot of any agent held by two jobs at one time, from the agents' records.
    const spans = [...held.values()];
    assert.ok(spans.length >= 30, `the polls saw the ranks run (${spans.length})`);
    for (const a of spans) {
      for (const b of spans) {
        if (a === b || a.agent !== b.agent || a.key === b.key) continue;
        const shared = a.devices.filter((d) => b.devices.includes(d));
        if (shared.length > 0) assert.ok(a.to < b.from || b.to < a.from, `slot ${shared} of ${a.agent} held by ${a.key} and ${b.key} at once`);
      }
    }
    assert.deepEqual(overQuota, [], 'no user ever held more than their quota');

    // Each job's output is its own.
    for (const j of jobs.filter((_, i) => i % 5 === 0)) {
      const logs = openclaw(['logs', j.id, '-c', `${j.spec.user}.cluster.yaml`], dir);
      assert.equal(logs.code, 0, logs.stderr);
      assert.equal(logs.stdout.trim(), `[rank 0] output of ${j.spec.name}`);
    }

    // Each user's use against their quota, as an admin or anyone sees it.
    const usage = openclaw(['usage', '-c', 'bob.cluster.yaml'], dir);
    assert.equal(usage.code, 0, usage.stderr);
    assert.match(usage.stdout, /^alice\s+0\s+2\s+\d+\.\d\s+-$/m, usage.stdout);

    // A job larger than the user's quota is refused at submission, naming the quota.
    const big = openclaw(['submit', jobSpec(dir, 'alice-big', 1, QUOTA + 1), '-c', 'alice.cluster.yaml'], dir);
    assert.notEqual(big.code, 0);
    assert.match(big.stderr, /asks for 3 devices, more than alice's quota of 2/);

    // Cancels: the wrong user is refused; the owner is not.
    const long = openclaw(['submit', jobSpec(dir, 'alice-long', 120), '-c', 'alice.cluster.yaml', '--json'], dir);
    const [longJob] = JSON.parse(long.stdout) as JobRecord[];
    const wrong = openclaw(['cancel', longJob!.id, '-c', 'bob.cluster.yaml'], dir);
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /belongs to alice; only alice or an admin may cancel it/);
    assert.notEqual(jobsNow().find((j) => j.id === longJob!.id)?.state, 'cancelled');
    const right = openclaw(['cancel', longJob!.id, '-c', 'alice.cluster.yaml'], dir);
    assert.equal(right.code, 0, right.stderr);
    assert.match(right.stdout, /cancelled/);
  });
});
