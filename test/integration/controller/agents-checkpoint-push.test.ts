import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Controller } from '../../../src/controller/api';
import { createControllerFromFile } from '../../../src/controller/factory';
import { loadJobSpec } from '../../../src/controller/spec-loader';
import { startAgent, stopAgent, waitFor, workspace, type RunningAgent } from './agents-harness';

describe('agents: a checkpoint reaches the manager when it is renamed into place', function () {
  this.timeout(120000);
  let agents: RunningAgent[] = [];
  let controller: Controller | undefined;

  after(async () => {
    await controller?.dispose();
    await Promise.all(agents.map((a) => stopAgent(a)));
  });

  it('within 200 ms of each rename, not at the next 2 s poll', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openclaw-push-'));
    agents = [await startAgent(dir, 'n1')];
    const ws = workspace(agents, { intervalSeconds: 0.5, deadAfterSeconds: 5 });
    const ckpt = join(ws.specDir, 'ckpt');
    const spec = join(ws.specDir, 'push.claw.yaml');
    writeFileSync(spec, 'name: push\ncommand: [/usr/bin/python3, -c, "import time; time.sleep(60)"]\nresources: {nodes: 1, processesPerNode: 1}\nlauncher: plain\ncheckpoint: {dir: ckpt}\n');
    // A real torch.save file, written once and copied under temporary names.
    mkdirSync(ckpt, { recursive: true });
    const py = spawnSync('/usr/bin/python3', ['-c', 'import torch, sys; torch.save({"w": torch.zeros(4096)}, sys.argv[1])', join(dir, 'model.pt')], { encoding: 'utf8' });
    assert.equal(py.status, 0, py.stderr);
    controller = await createControllerFromFile(ws.clusterFile, { stateDir: join(ws.dir, 'state') });
    const c = controller;
    const job = await c.submit(loadJobSpec(spec), spec);
    await waitFor(() => c.job(job.id)?.state === 'running', 30000, 'running');
    const seenAt = new Map<string, number>();
    c.onChange((ch) => {
      const p = ch.kind === 'job' && ch.job.id === job.id ? ch.job.lastCheckpoint?.path : undefined;
      if (p && !seenAt.has(p)) seenAt.set(p, Date.now());
    });

    const delays: number[] = [];
    for (let step = 10; step <= 60; step += 10) {
      const name = `step-${String(step).padStart(6, '0')}.pt`;
      const tmp = join(ckpt, `${name}.tmp`);
      writeFileSync(tmp, readFileSync(join(dir, 'model.pt')));
      await new Promise((r) => setTimeout(r, 150)); // the temporary file is seen first, as in a real save
      const renamedAt = Date.now();
      renameSync(tmp, join(ckpt, name));
      await waitFor(() => seenAt.has(name), 5000, `${name} reported`, 5);
      delays.push(seenAt.get(name)! - renamedAt);
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 400));
    }
    console.log(`      rename to manager: ${delays.map((d) => `${d} ms`).join(', ')}`);
    assert.ok(Math.max(...delays) <= 200, `every checkpoint within 200 ms: ${delays.join(', ')}`);
    assert.equal(c.job(job.id)!.lastCheckpoint?.step, 60);
    await c.cancel(job.id);
  });
});
