import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal } from '../../../src/controller/journal';
import { replay } from '../../../src/controller/manager';
import { agentsWithOwnDisks, cli, killGroup, killLeftovers, recordedRankPids, stopAgent, waitFor, workspace, type Cli, type RunningAgent } from './agents-harness';

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('agents: the manager dies while a checkpoint is being copied', function () {
  this.timeout(300000);
  let agents: RunningAgent[] = [];
  const clis: Cli[] = [];

  after(async () => {
    for (const c of clis) if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
    await Promise.all(agents.map((a) => stopAgent(a)));
    for (const c of clis) killLeftovers(c.stdout.join(''));
  });

  it('the next manager launches the attempt again, the copy completes, and the job resumes from the checkpoint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openclaw-transfer-crash-'));
    const own = await agentsWithOwnDisks(dir, ['n1', 'n2', 'n3']);
    agents = own.agents;
    const { ckpt, disk } = own;
    const ws = workspace(agents, { intervalSeconds: 0.5, deadAfterSeconds: 2 });
    const spec = join(ws.specDir, 'ddp-big.claw.yaml');
    // 200 MiB checkpoints: a copy lasts seconds.
    writeFileSync(spec, `name: ddp-big\ncommand: [/usr/bin/python3, train.py, --steps, "40", --checkpoint-every, "20", --step-seconds, "0.05", --checkpoint-pad-mb, "200"]\nresources: {nodes: 2, processesPerNode: 1}\nlauncher: pytorch\ncheckpoint: {dir: ${ckpt}}\nmaxRestarts: 1\n`);
    const stateDir = join(ws.dir, 'state');
    const run = () => {
      const c = cli(['run', spec, '--cluster', ws.clusterFile, '--state-dir', stateDir], ws.specDir);
      clis.push(c);
      return c;
    };
    const first = run();
    const journal = () => Journal.read(join(stateDir, 'journal.jsonl'));
    await waitFor(() => journal().some((e) => e.t === 'launch'), 60000, 'the launch');
    const launch = journal().find((e) => e.t === 'launch');
    assert.ok(launch?.t === 'launch');
    const holder = launch.placement.find((r) => r.rank === 0)!.node;
    const lost = launch.placement.find((r) => r.rank === 1)!.node;
    const third = ['n1', 'n2', 'n3'].find((n) => n !== holder && n !== lost)!;
    await waitFor(() => existsSync(join(disk(holder), 'step-000020.pt')), 120000, 'the first checkpoint', 10);
    const pids = recordedRankPids(dir, lost);
    agents.find((a) => a.name === lost)!.proc.kill('SIGKILL');
    for (const pid of pids.values()) killGroup(pid);

    // Mid-copy to the node that lacks the checkpoint, the manager is SIGKILLed, then started again.
    const part = join(disk(third), 'step-000020.pt.openclaw-part');
    await waitFor(() => existsSync(part) && statSync(part).size > 8 * 2 ** 20, 60000, 'the copy under way', 20);
    first.proc.kill('SIGKILL');
    await first.exit;
    const copiedAtCrash = statSync(part).size;
    assert.ok(copiedAtCrash < statSync(join(disk(holder), 'step-000020.pt')).size, 'stopped before the copy was whole');
    const second = run();
    assert.equal(await second.exit, 0, second.stderr.join(''));

    assert.equal(sha(join(disk(third), 'step-000020.pt')), sha(join(disk(holder), 'step-000020.pt')), 'the copy is whole and identical');
    const entries = journal();
    const job = replay(entries).get('ddp-big-1')!.job;
    assert.equal(job.state, 'succeeded');
    assert.equal(job.restarts, 1, 'the launch the manager died in does not count as a restart');
    assert.ok(entries.some((e) => e.t === 'state' && e.state === 'restarting' && e.reason === 'the manager stopped while launching it'));
    assert.match(job.resumeFrom ?? '', /step-000020\.pt$/);
    assert.match(second.stdout.join(''), /starting at step 20 /);
  });
});
