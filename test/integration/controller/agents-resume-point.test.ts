import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createControllerFromFile } from '../../../src/controller/factory';
import { Journal } from '../../../src/controller/journal';
import { loadJobSpec } from '../../../src/controller/spec-loader';
import { agentsTestState, killGroup, recordedRankPids, startAgent, waitFor, workspace, writeSpec } from './agents-harness';

describe('agents: a node lost right after the first checkpoint', function () {
  this.timeout(240000);
  const s = agentsTestState();

  it('resumes from that checkpoint, not from the start, and the journal says why it was chosen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openclaw-resume-point-'));
    s.agents = await Promise.all(['n1', 'n2', 'n3'].map((n) => startAgent(dir, n)));
    const ws = workspace(s.agents, { intervalSeconds: 0.5, deadAfterSeconds: 2 });
    const spec = writeSpec(ws.specDir, 'ddp-first-ckpt', ['--steps', '60', '--checkpoint-every', '20', '--step-seconds', '0.05']);
    const stateDir = join(ws.dir, 'state');
    // The manager's default checkpoint poll (2 s): a checkpoint must not depend on being polled in time.
    s.controller = await createControllerFromFile(ws.clusterFile, { stateDir });
    const c = s.controller;
    c.onChange((ch) => ch.kind === 'log' && (s.logs += `${ch.line}\n`));
    const job = await c.submit(loadJobSpec(spec), spec);

    // The moment step-000020.pt is renamed into place, the node of rank 1 loses its agent and its rank.
    const first = join(ws.specDir, 'ckpt', 'step-000020.pt');
    await waitFor(() => existsSync(first), 120000, 'the first checkpoint', 10);
    const victim = c.job(job.id)!.placement.find((r) => r.rank === 1)!.node;
    const pids = recordedRankPids(dir, victim);
    s.agents.find((a) => a.name === victim)!.proc.kill('SIGKILL');
    for (const pid of pids.values()) killGroup(pid);

    const end = await c.waitForEnd(job.id);
    assert.equal(end.state, 'succeeded', end.error);
    assert.equal(end.restarts, 1);
    const report = c.report(job.id)!;
    assert.match(report.attempts[1]!.resumeFrom ?? 'the start', /ckpt\/step-000020\.pt$/, 'resumed from the checkpoint complete before the kill');
    const a2 = readFileSync(join(stateDir, 'jobs', job.id, 'logs', 'a2-r0.log'), 'utf8');
    assert.match(a2, /starting at step 20 /);

    const restart = Journal.read(join(stateDir, 'journal.jsonl')).find((e) => e.t === 'restart');
    assert.ok(restart?.t === 'restart');
    assert.match(restart.resumeWhy ?? '', /step-000020\.pt/, `the journal explains the choice: ${JSON.stringify(restart)}`);
    assert.match(restart.resumeWhy ?? '', new RegExp(`listed on`), restart.resumeWhy);
  });
});
