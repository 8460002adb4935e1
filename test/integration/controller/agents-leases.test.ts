import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentClient, AgentStatus } from '../../../src/controller/agent-client';
import type { Controller } from '../../../src/controller/api';
import { createControllerFromFile } from '../../../src/controller/factory';
import { loadJobSpec } from '../../../src/controller/spec-loader';
import { agentJobId } from '../../../src/core/job';
import { startAgent, stopAgent, waitFor, workspace, type RunningAgent } from './agents-harness';

const GRACE_MS = 2500;

describe('agents: two managers on the same agents are refused, never mixed', function () {
  this.timeout(120000);
  let agent: RunningAgent | undefined;
  const controllers: Controller[] = [];
  const clients: AgentClient[] = [];

  after(async () => {
    await Promise.all(controllers.map((c) => c.dispose()));
    for (const c of clients) c.close();
    if (agent) await stopAgent(agent);
  });

  it('a device held by one manager\'s job is refused to the other, whose kill and forget are refused until the holder\'s lease lapses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openclaw-leases-'));
    agent = await startAgent(dir, 'n1', undefined, true, undefined, { extraArgs: ['--lease-grace-ms', String(GRACE_MS)] });
    const ws = workspace([agent], { intervalSeconds: 0.5, deadAfterSeconds: 5 });
    const spec = join(ws.specDir, 'hold.claw.yaml');
    // One device slot (a CPU slot on this machine): both managers' first fit is slot 0.
    writeFileSync(spec, 'name: hold\ncommand: [/usr/bin/python3, -c, "import time; time.sleep(60)"]\nresources: {nodes: 1, processesPerNode: 1, gpusPerProcess: 1}\nlauncher: plain\n');
    const a = await createControllerFromFile(ws.clusterFile, { stateDir: join(ws.dir, 'state-a') });
    controllers.push(a);
    const ja = await a.submit(loadJobSpec(spec), spec);
    await waitFor(() => a.job(ja.id)?.state === 'running', 30000, 'the first manager\'s job running');
    const keyA = agentJobId(ja);
    const idA = readFileSync(join(ws.dir, 'state-a', 'manager-id'), 'utf8').trim();

    const b = await createControllerFromFile(ws.clusterFile, { stateDir: join(ws.dir, 'state-b') });
    controllers.push(b);
    const jb = await b.submit(loadJobSpec(spec), spec);
    await waitFor(() => b.job(jb.id)?.state === 'failed', 30000, 'the second manager\'s launch refused');
    const error = b.job(jb.id)?.error ?? '';
    assert.match(error, /device 0 is held by job/, error);
    assert.ok(error.includes(keyA) && error.includes(idA), `the refusal names the holder's job and manager: ${error}`);

    const token = readFileSync(agent.tokenFile, 'utf8').trim();
    const intruder = await AgentClient.connect({ address: `127.0.0.1:${agent.port}`, token, managerId: 'someone@else/0000' });
    clients.push(intruder);
    const running = () => intruder.ranks(keyA).then((l) => l.ranks.filter((r) => r.state === 'RANK_STATE_RUNNING'));
    const [rank] = await running();
    assert.equal(rank?.managerId, idA, 'the agent records which manager holds the job');
    assert.deepEqual(rank?.heldDevices, [0]);

    for (const attempt of [() => intruder.kill(keyA, 0), () => intruder.forgetJob(keyA)]) {
      await assert.rejects(attempt(), (err: { code?: number; details?: string }) => {
        assert.equal(err.code, AgentStatus.FAILED_PRECONDITION);
        assert.match(err.details ?? '', new RegExp(`held by manager ${idA.replace(/[.\\/]/g, '\\$&')} \\(last heard`));
        return true;
      });
    }
    assert.equal((await running()).length, 1, 'the holder\'s rank still runs');
    assert.equal(a.job(ja.id)?.state, 'running');

    // The holder goes away without a word (its ranks keep running, as after a crash): once its
    // lease lapses, the job is anyone's to clean up.
    await a.dispose();
    controllers.splice(controllers.indexOf(a), 1);
    await new Promise((r) => setTimeout(r, GRACE_MS + 1000));
    const killed = await intruder.kill(keyA, 0);
    assert.equal(killed.signalled, 1);
    assert.equal(await intruder.forgetJob(keyA), 1);
  });
});
