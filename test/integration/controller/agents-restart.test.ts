import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Controller } from '../../../src/controller/api';
import { createControllerFromFile } from '../../../src/controller/factory';
import { loadJobSpec } from '../../../src/controller/spec-loader';
import { killLeftovers, startAgent, stopAgent, waitFor, workspace, writeSpec, type RunningAgent } from './agents-harness';

describe('agents: an agent restarted within the grace period', function () {
  this.timeout(240000);
  let agents: RunningAgent[] = [];
  let controller: Controller | undefined;
  let logs = '';

  after(async () => {
    await controller?.dispose();
    await Promise.all(agents.map((a) => stopAgent(a)));
    killLeftovers(logs);
  });

  it('keeps the job running: its ranks are found again, their output resumes where it stopped, and their exit codes count', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openclaw-restart-'));
    agents = await Promise.all(['n1', 'n2'].map((n) => startAgent(dir, n)));
    const ws = workspace(agents, { intervalSeconds: 0.5, deadAfterSeconds: 20 });
    const spec = writeSpec(ws.specDir, 'ddp-agent-restart', ['--steps', '500', '--step-seconds', '0.04']);
    controller = await createControllerFromFile(ws.clusterFile, { stateDir: join(ws.dir, 'state') });
    const c = controller;
    c.onChange((ch) => ch.kind === 'log' && (logs += `[${ch.rank}] ${ch.line}\n`));
    const job = await c.submit(loadJobSpec(spec), spec);
    await waitFor(() => (c.job(job.id)?.step ?? 0) >= 60, 120000, 'step 60');

    // The agent of rank 0 dies and comes back on the same port and folder; its rank lives on.
    const i = agents.findIndex((a) => a.name === c.job(job.id)!.placement[0]!.node);
    const old = agents[i];
    old!.proc.kill('SIGKILL');
    await stopAgent(old!);
    const stepAtKill = c.job(job.id)!.step!;
    agents[i] = await startAgent(dir, old!.name, old!.port, false);
    await waitFor(() => (c.job(job.id)?.step ?? 0) >= stepAtKill + 100, 120000, '100 more steps');

    const now = c.job(job.id)!;
    assert.equal(now.state === 'running' || now.state === 'checkpointing', true, now.state);
    assert.equal(now.restarts, 0);
    assert.equal(now.attempt, 1);
    assert.equal(c.nodes().find((n) => n.name === old!.name)?.state, 'ready');
    // Rank 0's output went on being streamed through the new agent, nothing lost or repeated.
    const steps = [...logs.matchAll(/^\[0\] @openclaw \{"step": (\d+),/gm)].map((m) => Number(m[1]));
    assert.deepEqual(steps, Array.from({ length: steps.length }, (_, k) => k + 1));
    assert.ok(steps.length >= stepAtKill + 100);

    // The ranks end under the new agent, which did not start them: their real exit codes (0) reach
    // the manager, and the job succeeds without another run.
    const end = await c.waitForEnd(job.id);
    assert.equal(end.state, 'succeeded', end.error);
    assert.equal(end.restarts, 0);
    assert.equal(end.attempt, 1);
    const all = [...logs.matchAll(/^\[0\] @openclaw \{"step": (\d+),/gm)].map((m) => Number(m[1]));
    assert.deepEqual(all, Array.from({ length: 500 }, (_, k) => k + 1), 'every step once');
  });
});
