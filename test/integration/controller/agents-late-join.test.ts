import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Controller } from '../../../src/controller/api';
import { createControllerFromFile } from '../../../src/controller/factory';
import { loadJobSpec } from '../../../src/controller/spec-loader';
import { freePort, startAgent, stopAgent, waitFor, workspace, type RunningAgent } from './agents-harness';

describe('agents: a node that is down when the manager starts', function () {
  this.timeout(60000);
  let agents: RunningAgent[] = [];
  let controller: Controller | undefined;

  after(async () => {
    await controller?.dispose();
    await Promise.all(agents.map((a) => stopAgent(a)));
  });

  it('starts without it, waits with a reason, and places the job once the node answers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openclaw-late-'));
    agents = [await startAgent(dir, 'n1')];
    const latePort = await freePort();
    // The cluster file names n2 before it runs (its token file is written when it starts).
    const ws = workspace([...agents, { name: 'n2', port: latePort, tokenFile: join(dir, 'n2.token') } as RunningAgent], { intervalSeconds: 0.3, deadAfterSeconds: 10 });
    writeFileSync(join(dir, 'n2.token'), 'x'.repeat(32), { mode: 0o600 });
    controller = await createControllerFromFile(ws.clusterFile, { stateDir: join(ws.dir, 'state') });
    const c = controller;
    assert.deepEqual(c.nodes().map((n) => [n.name, n.state]), [['n1', 'ready'], ['n2', 'dead']]);
    const spec = join(ws.specDir, 'two.claw.yaml');
    writeFileSync(spec, 'name: two\ncommand: [/usr/bin/python3, -c, "print(1)"]\nresources: {nodes: 2, processesPerNode: 1}\nlauncher: plain\n');
    const job = await c.submit(loadJobSpec(spec), spec);
    await waitFor(() => c.job(job.id)?.waitReason !== undefined, 5000, 'a wait reason');
    assert.equal(c.job(job.id)?.state, 'queued');
    assert.match(c.job(job.id)!.waitReason!, /node/i);

    agents.push(await startAgent(dir, 'n2', latePort));
    const end = await c.waitForEnd(job.id);
    assert.equal(end.state, 'succeeded', end.error);
    assert.deepEqual([...new Set(end.placement.map((r) => r.node))].sort(), ['n1', 'n2']);
    assert.equal(c.nodes().find((n) => n.name === 'n2')?.state, 'ready');
  });
});
