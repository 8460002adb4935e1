import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Controller } from '../../../src/controller/api';
import { createControllerFromFile } from '../../../src/controller/factory';
import { loadJobSpec } from '../../../src/controller/spec-loader';
import { killLeftovers, startAgent, stopAgent, waitFor, workspace, type RunningAgent } from './agents-harness';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('agents: fencing a node that stops answering and comes back', function () {
  this.timeout(90000);
  let agents: RunningAgent[] = [];
  let controller: Controller | undefined;
  let logs = '';

  after(async () => {
    for (const a of agents) a.proc.kill('SIGCONT');
    await controller?.dispose();
    await Promise.all(agents.map((a) => stopAgent(a)));
    killLeftovers(logs);
  });

  it('kills the ranks of the lost attempt as soon as the node answers again, before it takes work', async () => {
    agents = await Promise.all(['n1', 'n2', 'n3'].map((n) => startAgent(mkdtempSync(join(tmpdir(), 'openclaw-fence-')), n)));
    const ws = workspace(agents, { intervalSeconds: 0.5, deadAfterSeconds: 2 });
    // Ranks that do not talk to each other: a rank on a cut-off node keeps running by itself
    // (a minute in the first attempt, so that only fencing ends it in time).
    const spec = join(ws.specDir, 'loop.claw.yaml');
    writeFileSync(
      spec,
      [
        'name: loop',
        'command: [/usr/bin/python3, -c, "import os, time\\nprint(\'rank\', os.environ[\'RANK\'], \'attempt\', os.environ[\'OPENCLAW_ATTEMPT\'], \'(pid %d,\' % os.getpid(), flush=True)\\nfor i in range(600 if os.environ[\'OPENCLAW_ATTEMPT\'] == \'1\' else 20):\\n    time.sleep(0.1)\\n"]',
        'resources: {nodes: 2, processesPerNode: 1}',
        'launcher: plain',
        'maxRestarts: 1',
        '',
      ].join('\n'),
    );
    controller = await createControllerFromFile(ws.clusterFile, { stateDir: join(ws.dir, 'state') });
    const c = controller;
    const pids = new Map<string, number>();
    c.onChange((ch) => {
      if (ch.kind !== 'log') return;
      logs += ch.line + '\n';
      const m = /^rank (\d) attempt (\d) \(pid (\d+),/.exec(ch.line);
      if (m) pids.set(`${m[2]}/${m[1]}`, Number(m[3]));
    });
    const job = await c.submit(loadJobSpec(spec), spec);
    await waitFor(() => pids.has('1/0') && pids.has('1/1'), 20000, 'both ranks of attempt 1');
    const victim = agents.find((a) => a.name === c.job(job.id)!.placement.find((r) => r.rank === 1)!.node)!;
    const cutOff = pids.get('1/1')!;

    victim.proc.kill('SIGSTOP'); // the agent hangs; its rank goes on
    await waitFor(() => c.nodes().find((n) => n.name === victim.name)?.state === 'dead', 6000, 'the node declared dead');
    await waitFor(() => pids.has('2/0') && pids.has('2/1'), 20000, 'attempt 2 on the two other nodes');
    assert.ok(!c.job(job.id)!.placement.some((r) => r.node === victim.name));
    assert.ok(alive(cutOff), 'the cut-off rank still runs while its node does not answer');

    victim.proc.kill('SIGCONT');
    await waitFor(() => !alive(cutOff), 5000, 'the fenced rank killed');
    await waitFor(() => c.nodes().find((n) => n.name === victim.name)?.state === 'ready', 5000, 'the node ready again');
    const end = await c.waitForEnd(job.id);
    assert.equal(end.state, 'succeeded', end.error);
    assert.equal(end.restarts, 1);
  });
});
