import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Controller } from '../../../src/controller/api';
import { createControllerFromFile } from '../../../src/controller/factory';
import { Journal } from '../../../src/controller/journal';
import { loadJobSpec } from '../../../src/controller/spec-loader';
import { killLeftovers, startAgent, stopAgent, waitFor, workspace, writeSpec, type RunningAgent } from './agents-harness';

describe('agents: a node dies in the middle of a DDP job', function () {
  this.timeout(240000);
  let agents: RunningAgent[] = [];
  let controller: Controller | undefined;
  let logs = '';

  after(async () => {
    await controller?.dispose();
    await Promise.all(agents.map((a) => stopAgent(a)));
    killLeftovers(logs);
  });

  it('fences the dead node and resumes from the last checkpoint on the two agents left, completing every step', async () => {
    const dir0 = mkdtempSync(join(tmpdir(), 'openclaw-agents-'));
    agents = await Promise.all(['n1', 'n2', 'n3'].map((n) => startAgent(dir0, n)));
    const ws = workspace(agents, { intervalSeconds: 0.5, deadAfterSeconds: 2 });
    const specPath = writeSpec(ws.specDir, 'ddp-failover', ['--steps', '300', '--checkpoint-every', '20', '--step-seconds', '0.04']);
    const stateDir = join(ws.dir, 'state');
    controller = await createControllerFromFile(ws.clusterFile, { stateDir, agents: { checkpointPollMs: 500 } });
    const c = controller;
    assert.deepEqual(c.nodes().map((n) => [n.name, n.state]), [['n1', 'ready'], ['n2', 'ready'], ['n3', 'ready']]);
    const nodeStates: string[] = [];
    c.onChange((ch) => {
      if (ch.kind === 'log') logs += `${ch.line}\n`;
      if (ch.kind === 'cluster') for (const n of ch.nodes) if (n.state !== 'ready') nodeStates.push(`${n.name}:${n.state}`);
    });
    const job = await c.submit(loadJobSpec(specPath), specPath);

    // Midway, with a complete checkpoint reported: SIGKILL the agent that runs rank 1.
    await waitFor(() => (c.job(job.id)?.step ?? 0) >= 120 && (c.job(job.id)?.lastCheckpoint?.step ?? 0) >= 40, 120000, 'step 120 with a checkpoint');
    const first = c.job(job.id)!;
    assert.equal(first.state === 'running' || first.state === 'checkpointing', true, first.state);
    const victimName = first.placement.find((r) => r.rank === 1)!.node;
    const victim = agents.find((a) => a.name === victimName)!;
    const killedAt = Date.now();
    victim.proc.kill('SIGKILL');

    await waitFor(() => (c.job(job.id)?.restarts ?? 0) >= 1, 15000, 'the restart');
    const detectedIn = Date.now() - killedAt;
    assert.ok(detectedIn < 2000 + 1500, `dead after the 2 s grace (+ a beat), took ${detectedIn} ms`);
    assert.ok(nodeStates.includes(`${victimName}:suspect`), `suspect before dead: ${nodeStates.join(' ')}`);
    assert.ok(nodeStates.includes(`${victimName}:dead`));

    const end = await c.waitForEnd(job.id);
    assert.equal(end.state, 'succeeded', end.error);
    assert.equal(end.step, 300, 'the full step count');
    assert.equal(end.restarts, 1);
    const nodes2 = new Set(end.placement.map((r) => r.node));
    assert.equal(nodes2.size, 2);
    assert.ok(!nodes2.has(victimName), `the second attempt avoids the dead node: ${[...nodes2].join(', ')}`);

    // The report and the journal show one restart and the work lost.
    const report = c.report(job.id)!;
    assert.equal(report.restarts, 1);
    assert.equal(report.attempts.length, 2);
    assert.match(report.attempts[0]!.outcome, new RegExp(`node ${victimName} is dead`));
    const resumedFrom = report.attempts[1]!.resumeFrom!;
    assert.match(resumedFrom, /ckpt\/step-\d{6}\.pt$/);
    const resumedStep = Number(/step-(\d+)\.pt$/.exec(resumedFrom)![1]);
    assert.ok(resumedStep >= 40 && resumedStep < 300, `resumed from step ${resumedStep}`);
    assert.ok(report.lostGpuSeconds > 0, 'lost device-seconds');
    // At most one checkpoint interval (20 steps) plus what ran while the death was detected (3.5 s
    // at 0.04 s a step); none at all when a survivor checkpointed after the kill, which is now counted.
    assert.ok(report.lostSteps >= 0 && report.lostSteps <= 20 + 3.5 / 0.04, `lost steps: ${report.lostSteps}`);
    const entries = Journal.read(join(stateDir, 'journal.jsonl'));
    const restarts = entries.filter((e) => e.t === 'restart');
    assert.equal(restarts.length, 1);
    assert.ok(restarts[0]!.t === 'restart' && restarts[0]!.lostGpuSeconds > 0 && restarts[0]!.resumeFrom === resumedFrom);
    assert.ok(entries.some((e) => e.t === 'node' && e.node === victimName && e.state === 'dead'));
    assert.equal(entries.filter((e) => e.t === 'launch').length, 2);

    // The second attempt really started from the checkpoint (what the script printed).
    const attempt2 = readdirSync(join(stateDir, 'jobs', job.id, 'logs')).filter((f) => f.startsWith('a2-'));
    assert.deepEqual(attempt2.sort(), ['a2-r0.log', 'a2-r1.log']);
    const a2 = readFileSync(join(stateDir, 'jobs', job.id, 'logs', 'a2-r0.log'), 'utf8');
    assert.match(a2, new RegExp(`starting at step ${resumedStep} `));
    assert.match(a2, /done: 300 steps/);

    // The finished job's checkpoints are still listed, the one it resumed from among them.
    const ckpts = await c.checkpoints(job.id);
    assert.deepEqual(ckpts.map((k) => k.step), Array.from({ length: 15 }, (_, i) => 20 * (i + 1)));
    assert.ok(ckpts.find((k) => resumedFrom.endsWith(k.path))?.complete);

    // The final weights came back from rank 0 with their checksum.
    assert.equal(end.outputs.length, 1);
    const out = end.outputs[0];
    assert.equal(out!.path, 'model.pt');
    assert.equal(createHash('sha256').update(readFileSync(out!.localPath)).digest('hex'), out!.sha256);
    assert.equal(out!.localPath, join(ws.specDir, 'outputs', job.id, 'model.pt'));
  });
});
