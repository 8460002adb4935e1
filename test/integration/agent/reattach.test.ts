import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { AgentClient, type LaunchRequest } from '../../../src/controller/agent-client';
import { livePidsInGroups, pidAlive, PYTHON, ranksEnded, ROOT, spawnAgent, tempDir, until, type AgentProcess } from './helpers';

describe('node agent restarts (separate processes)', function () {
  this.timeout(120_000);
  let dir: string;
  const agents: AgentProcess[] = [];
  const clients: AgentClient[] = [];

  before(() => {
    dir = tempDir('reattach');
  });
  after(() => {
    for (const c of clients) c.close();
    for (const a of agents) a.killHard();
    rmSync(dir, { recursive: true, force: true });
  });

  const connect = async (a: AgentProcess) => {
    const c = await AgentClient.connect({ address: `127.0.0.1:${a.port}`, token: a.token });
    clients.push(c);
    return c;
  };
  const sleeper = (jobId: string, seconds: number): LaunchRequest => ({
    jobId,
    attempt: 1,
    launcher: 'plain',
    command: [PYTHON, '-c', `import time; print('@openclaw {"step": 1}', flush=True); time.sleep(${seconds})`],
    cwd: join(dir, jobId),
    ranks: [{ rank: 0 }, { rank: 1, localRank: 1 }],
    rendezvous: { worldSize: 2, nodes: 1, processesPerNode: 2 },
  });

  it('a restarted agent finds the ranks still running, launches nothing twice, and can still kill them', async () => {
    const workdir = join(dir, 'agent');
    const first = await spawnAgent(workdir);
    agents.push(first);
    const c1 = await connect(first);
    const { ranks } = await c1.launch(sleeper('long-1', 600));
    await c1.launch(sleeper('short-1', 1));
    const pids = ranks.map((r) => r.pid);

    // The agent stops (an upgrade, a crash): its ranks go on.
    first.child.kill('SIGTERM');
    await until('the first agent to exit', () => (first.child.exitCode !== null ? true : undefined), 10_000);
    assert.ok(pids.every(pidAlive), 'ranks outlive their agent');
    await new Promise((r) => setTimeout(r, 1500)); // short-1 ends while no agent runs

    const second = await spawnAgent(workdir, [], first.port);
    agents.push(second);
    const c2 = await connect(second);
    assert.notEqual(c2.agentVersion.instanceId, c1.agentVersion.instanceId);
    const listed = await c2.ranks();
    const long = listed.ranks.filter((r) => r.jobId === 'long-1');
    assert.deepEqual(long.map((r) => [r.rank, r.pid, r.state]), [[0, pids[0], 'RANK_STATE_RUNNING'], [1, pids[1], 'RANK_STATE_RUNNING']]);
    const short = listed.ranks.filter((r) => r.jobId === 'short-1');
    // Ended while no agent watched: the exit code their wrapper recorded is reported all the same.
    assert.deepEqual(short.map((r) => [r.state, r.exitCode]), [['RANK_STATE_EXITED', 0], ['RANK_STATE_EXITED', 0]]);

    const relaunch = await c2.launch(sleeper('long-1', 600));
    assert.equal(relaunch.alreadyLaunched, true);
    assert.deepEqual(relaunch.ranks.map((r) => r.pid), pids);
    const m = await c2.metrics({ jobId: 'long-1', sinceSeq: 0 });
    assert.equal(m.samples.length, 2, 'metric lines are read again from the logs');

    await c2.kill('long-1', 1_000);
    const ended = await ranksEnded(c2, 'long-1', 2, 10_000);
    assert.deepEqual(ended.map((r) => [r.state, r.signal]), [['RANK_STATE_EXITED', 'SIGTERM'], ['RANK_STATE_EXITED', 'SIGTERM']], 'killed, and known to be');
    assert.deepEqual(livePidsInGroups(pids), []);
  });

  it('`openclaw agent` refuses a non-loopback listen without TLS at start, with exit code 2 and a one-line reason', () => {
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', join(ROOT, 'agent/main.ts'), '--listen', '0.0.0.0:7199', '--workdir', join(dir, 'x')], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^openclaw agent: refusing to listen on 0\.0\.0\.0: a non-loopback address needs both TLS .* and a token/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
});
