import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentClient } from '../../../src/controller/agent-client';
import type { Controller } from '../../../src/controller/api';
import { createControllerFromFile } from '../../../src/controller/factory';
import { loadJobSpec } from '../../../src/controller/spec-loader';
import { startAgent, stopAgent, waitFor, workspace, type RunningAgent } from './agents-harness';

describe('agents: two managers, one agent, the same job name', function () {
  this.timeout(120000);
  let agent: RunningAgent | undefined;
  const controllers: Controller[] = [];

  after(async () => {
    await Promise.all(controllers.map((c) => c.dispose()));
    if (agent) await stopAgent(agent);
  });

  it('each runs its own ranks, and one cancelling its job leaves the other running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openclaw-identity-'));
    agent = await startAgent(dir, 'n1');
    const ws = workspace([agent], { intervalSeconds: 0.5, deadAfterSeconds: 5 });
    const spec = join(ws.specDir, 'train.claw.yaml');
    writeFileSync(spec, 'name: train\ncommand: [/usr/bin/python3, -c, "import time; time.sleep(60)"]\nresources: {nodes: 1, processesPerNode: 1}\nlauncher: plain\n');
    const [a, b] = await Promise.all(['state-a', 'state-b'].map((s) => createControllerFromFile(ws.clusterFile, { stateDir: join(ws.dir, s) })));
    controllers.push(a!, b!);
    const [ja, jb] = await Promise.all([a!.submit(loadJobSpec(spec), spec), b!.submit(loadJobSpec(spec), spec)]);
    assert.equal(ja.id, 'train-1');
    assert.equal(jb.id, 'train-1', 'the same id in two state folders');
    assert.notEqual(ja.key, jb.key);
    await waitFor(() => a!.job(ja.id)?.state === 'running' && b!.job(jb.id)?.state === 'running', 30000, 'both running');

    const client = await AgentClient.connect({ address: `127.0.0.1:${agent.port}`, token: readFileSync(agent.tokenFile, 'utf8').trim() });
    try {
      const running = (await client.ranks()).ranks.filter((r) => r.state === 'RANK_STATE_RUNNING');
      assert.deepEqual(running.map((r) => r.jobId).sort(), [ja.key, jb.key].sort(), 'two launches, one per manager');
      const pidB = running.find((r) => r.jobId === jb.key)!.pid;

      await a!.cancel(ja.id);
      const after = (await client.ranks()).ranks;
      assert.deepEqual(after.filter((r) => r.state === 'RANK_STATE_RUNNING').map((r) => [r.jobId, r.pid]), [[jb.key, pidB]], 'the other manager\'s rank lives on');
      assert.equal(after.some((r) => r.jobId === ja.key), false, 'the cancelled job is forgotten');
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(b!.job(jb.id)?.state, 'running');
    } finally {
      client.close();
    }
    await b!.cancel(jb.id);
  });
});
