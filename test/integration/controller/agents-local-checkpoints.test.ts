import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createControllerFromFile } from '../../../src/controller/factory';
import { loadJobSpec } from '../../../src/controller/spec-loader';
import type { JobRecord } from '../../../src/core/job';
import { agentsTestState, agentsWithOwnDisks, killGroup, recordedRankPids, waitFor, workspace } from './agents-harness';

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('agents: checkpoints on each node\'s own disk follow the job', function () {
  this.timeout(240000);
  const s = agentsTestState();

  it('the new attempt\'s node that lacks the checkpoint gets a checked copy before it starts, and the job resumes from it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openclaw-local-ckpt-'));
    // The same path on every node, a different disk behind it on each.
    const own = await agentsWithOwnDisks(dir, ['n1', 'n2', 'n3']);
    s.agents = own.agents;
    const { ckpt, disk } = own;
    const ws = workspace(s.agents, { intervalSeconds: 0.5, deadAfterSeconds: 2 });
    const spec = join(ws.specDir, 'ddp-local.claw.yaml');
    writeFileSync(spec, `name: ddp-local\ncommand: [/usr/bin/python3, train.py, --steps, "60", --checkpoint-every, "20", --step-seconds, "0.05"]\nresources: {nodes: 2, processesPerNode: 1}\nlauncher: pytorch\ncheckpoint: {dir: ${ckpt}}\nmaxRestarts: 2\n`);
    const stateDir = join(ws.dir, 'state');
    s.controller = await createControllerFromFile(ws.clusterFile, { stateDir });
    const c = s.controller;
    const transfers: NonNullable<JobRecord['transfer']>[] = [];
    c.onChange((ch) => {
      if (ch.kind === 'log') s.logs += `${ch.line}\n`;
      if (ch.kind === 'job' && ch.job.transfer) transfers.push(ch.job.transfer);
    });
    const job = await c.submit(loadJobSpec(spec), spec);

    // Rank 0's node writes step 20 on its own disk; then rank 1's node is lost.
    await waitFor(() => (c.job(job.id)?.placement.length ?? 0) === 2, 60000, 'placed');
    const first = c.job(job.id)!.placement;
    const holder = first.find((r) => r.rank === 0)!.node;
    const lost = first.find((r) => r.rank === 1)!.node;
    const third = ['n1', 'n2', 'n3'].find((n) => n !== holder && n !== lost)!;
    await waitFor(() => existsSync(join(disk(holder), 'step-000020.pt')), 120000, 'the first checkpoint', 10);
    assert.equal(existsSync(join(disk(third), 'step-000020.pt')), false);
    const pids = recordedRankPids(dir, lost);
    s.agents.find((a) => a.name === lost)!.proc.kill('SIGKILL');
    for (const pid of pids.values()) killGroup(pid);

    const end = await c.waitForEnd(job.id);
    assert.equal(end.state, 'succeeded', end.error);
    assert.equal(end.restarts, 1);
    assert.deepEqual(end.placement.map((r) => [r.rank, r.node]), [[0, holder], [1, third]], 'rank 0 stays with the checkpoint');
    assert.match(c.report(job.id)!.attempts[1]!.resumeFrom ?? '', /step-000020\.pt$/);
    for (const r of [0, 1]) assert.match(readFileSync(join(stateDir, 'jobs', job.id, 'logs', `a2-r${r}.log`), 'utf8'), /starting at step 20 /);
    // The copy: shown while it ran, whole, and identical to the original.
    assert.ok(transfers.some((t) => t.path === 'step-000020.pt' && t.from === holder && t.to === third && t.bytes === t.total && t.total > 0), JSON.stringify(transfers));
    assert.equal(sha(join(disk(third), 'step-000020.pt')), sha(join(disk(holder), 'step-000020.pt')));
    assert.equal(c.job(job.id)!.transfer, undefined, 'no transfer shown once it is done');
  });
});
