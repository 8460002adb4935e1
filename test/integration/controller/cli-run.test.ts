import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal } from '../../../src/controller/journal';
import { replay } from '../../../src/controller/manager';
import { CLI_JS, cli, killLeftovers, recordedRankPids, type Cli, startAgent, stopAgent, waitFor, workspace, writeSpec, type RunningAgent } from './agents-harness';

function logText(stateDir: string, jobId: string): Record<string, string> {
  const dir = join(stateDir, 'jobs', jobId, 'logs');
  if (!existsSync(dir)) return {};
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe('openclaw run / jobs / logs / cancel on real agents', function () {
  this.timeout(300000);
  let agents: RunningAgent[] = [];
  let ws: ReturnType<typeof workspace>;
  const leftovers: string[] = [];
  const started: Cli[] = [];

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openclaw-cli-'));
    agents = await Promise.all(['n1', 'n2'].map((n) => startAgent(dir, n)));
    // Nothing fails on purpose here: a long grace keeps a loaded machine from declaring nodes dead.
    ws = workspace(agents, { intervalSeconds: 0.5, deadAfterSeconds: 15 });
  });
  after(async () => {
    for (const c of started) if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
    await Promise.all(agents.map((a) => stopAgent(a)));
    // Agents leave ranks running when they stop: end every rank these tests started, even after a failure.
    for (const t of leftovers) killLeftovers(t);
    for (const state of readdirSync(ws.dir).filter((d) => d.startsWith('state-'))) {
      const jobs = join(ws.dir, state, 'jobs');
      if (!existsSync(jobs)) continue;
      for (const job of readdirSync(jobs)) killLeftovers(Object.values(logText(join(ws.dir, state), job)).join(''));
    }
  });

  it('rejects a bad spec with the file, line and field, exit code 2', () => {
    const bad = join(ws.specDir, 'bad.claw.yaml');
    writeFileSync(bad, 'name: bad\ncommand: [/usr/bin/python3, train.py]\nresources:\n  nodes: -1\n');
    const r = spawnSync(process.execPath, [CLI_JS, 'run', bad, '--cluster', ws.clusterFile], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.equal(r.stderr.trim(), `${bad}:4:10: resources.nodes: expected a positive integer, got -1`);
    const noCluster = spawnSync(process.execPath, [CLI_JS, 'run', join(ws.specDir, 'train.claw.yaml'), '--cluster', join(ws.dir, 'none.yaml')], { encoding: 'utf8' });
    assert.equal(noCluster.status, 2);
    assert.equal(noCluster.stderr, `openclaw: --cluster: no such file: ${join(ws.dir, 'none.yaml')}\n`);
  });

  it('survives a SIGKILL of the manager: started again it re-attaches, and no rank is launched twice', async () => {
    const spec = writeSpec(ws.specDir, 'ddp-restart', ['--steps', '300', '--checkpoint-every', '50', '--step-seconds', '0.04']);
    const stateDir = join(ws.dir, 'state-restart');
    const first = cli(['run', spec, '--cluster', ws.clusterFile, '--state-dir', stateDir], ws.specDir);
    started.push(first);
    const jobId = 'ddp-restart-1';
    await waitFor(() => /"step": 80,/.test(logText(stateDir, jobId)['a1-r0.log'] ?? ''), 120000, 'step 80');
    first.proc.kill('SIGKILL');
    await first.exit;
    // The ranks keep training while no manager watches.
    await new Promise((r) => setTimeout(r, 1500));
    const second = cli(['run', spec, '--cluster', ws.clusterFile, '--state-dir', stateDir], ws.specDir);
    started.push(second);
    const code = await second.exit;
    const err = second.stderr.join('');
    leftovers.push(Object.values(logText(stateDir, jobId)).join(''));
    assert.equal(code, 0, err);
    assert.match(err, new RegExp(`re-attached to job ${jobId} \\((running|checkpointing), attempt 1\\)`));
    assert.match(err, /succeeded/);

    // The second manager compacted the journal when it started: the job is a snapshot, then what followed.
    const entries = Journal.read(join(stateDir, 'journal.jsonl'));
    assert.equal(entries[0]?.t, 'snapshot', 'compacted at the second start');
    assert.equal(entries.filter((e) => e.t === 'launch').length, 0, 'no launch by the second manager');
    const replayed = replay(entries).get(jobId)!;
    assert.equal(replayed.runtime.attempts.length, 1, 'one launch in all');
    assert.equal(replayed.job.restarts, 0, 'no restart');
    assert.equal(entries.filter((e) => e.t === 'restart').length, 0, 'no restart');
    const logs = logText(stateDir, jobId);
    assert.deepEqual(Object.keys(logs).sort(), ['a1-r0.log', 'a1-r1.log']);
    const starts = Object.values(logs).join('').match(/starting at step/g) ?? [];
    assert.equal(starts.length, 2, 'each of the two ranks started once');
    // Output printed while no manager was running was caught up from the agent, once.
    const steps = [...logs['a1-r0.log']!.matchAll(/"step": (\d+),/g)].map((m) => Number(m[1]));
    assert.deepEqual(steps, Array.from({ length: 300 }, (_, i) => i + 1));

    const jobs = spawnSync(process.execPath, [CLI_JS, 'jobs', '--state-dir', stateDir], { encoding: 'utf8' });
    assert.equal(jobs.status, 0, jobs.stderr);
    assert.match(jobs.stdout, /^ID\s+STATE\s+STEP/);
    assert.match(jobs.stdout, new RegExp(`${jobId}\\s+succeeded\\s+300/300\\s+0\\s+n1,n2`));
    const logsCmd = spawnSync(process.execPath, [CLI_JS, 'logs', 'ddp-rest', '--state-dir', stateDir, '--rank', '0', '--tail', '200'], { encoding: 'utf8' });
    assert.equal(logsCmd.status, 0, logsCmd.stderr);
    assert.match(logsCmd.stdout, /^\[rank 0\] /);
    assert.match(logsCmd.stdout, /\[rank 0\] done: 300 steps/);
    assert.ok(logsCmd.stdout.length < 400, 'the tail only');
    assert.ok(existsSync(join(ws.specDir, 'outputs', jobId, 'model.pt')));
  });

  it('started again after its job ended unwatched, reads each rank log to its end before calling the job done', async () => {
    // 20 MiB printed after the manager is gone: all of it must reach the state folder.
    const script = ['import sys, time', 'print("start", flush=True)', 'time.sleep(2)', 'w = sys.stdout.write', 'for i in range(100000): w("%06d %s\\n" % (i, "x" * 200))', 'w("the end\\n")'].join('\n');
    const spec = join(ws.specDir, 'loud-ended.claw.yaml');
    writeFileSync(spec, `name: loud-ended\ncommand: [/usr/bin/python3, -c, ${JSON.stringify(script)}]\nlauncher: plain\n`);
    const stateDir = join(ws.dir, 'state-ended');
    const first = cli(['run', spec, '--cluster', ws.clusterFile, '--state-dir', stateDir], ws.specDir);
    started.push(first);
    const jobId = 'loud-ended-1';
    await waitFor(() => /^start$/m.test(logText(stateDir, jobId)['a1-r0.log'] ?? ''), 120000, 'the job to start');
    first.proc.kill('SIGKILL');
    await first.exit;
    // The rank finishes while no manager watches.
    await waitFor(() => recordedRankPids(ws.dir, 'n1', 'loud-ended').size + recordedRankPids(ws.dir, 'n2', 'loud-ended').size === 0, 60000, 'the rank to end');
    const second = cli(['run', spec, '--cluster', ws.clusterFile, '--state-dir', stateDir], ws.specDir);
    started.push(second);
    assert.equal(await second.exit, 0, second.stderr.join(''));
    const log = logText(stateDir, jobId)['a1-r0.log']!;
    const lines = log.split('\n');
    assert.equal(lines.filter((l) => /^\d{6} x+$/.test(l)).length, 100000, 'what was printed while no manager ran is in the state folder');
    assert.match(log, /the end\n$/);
  });

  it('cancels a running job from another process: `openclaw run` ends with exit code 1 and the ranks are gone', async () => {
    const spec = writeSpec(ws.specDir, 'ddp-cancel', ['--steps', '5000', '--step-seconds', '0.05']);
    const stateDir = join(ws.dir, 'state-cancel');
    const run = cli(['run', spec, '--cluster', ws.clusterFile, '--state-dir', stateDir], ws.specDir);
    started.push(run);
    const jobId = 'ddp-cancel-1';
    await waitFor(() => /"step": 5,/.test(logText(stateDir, jobId)['a1-r0.log'] ?? ''), 120000, 'step 5');
    const follow = cli(['logs', jobId, '--state-dir', stateDir, '--follow'], ws.specDir);
    started.push(follow);
    const cancel = spawnSync(process.execPath, [CLI_JS, 'cancel', jobId, '--state-dir', stateDir], { encoding: 'utf8' });
    assert.equal(cancel.status, 0, cancel.stderr);
    assert.equal(cancel.stdout.trim(), `job ${jobId} cancelled`);
    assert.equal(await run.exit, 1);
    assert.equal(await follow.exit, 0, 'following stops when the job ends');
    assert.match(follow.stdout.join(''), /\[rank 1\] rank 1 of 2 starting at step 0/);
    const pids = [...Object.values(logText(stateDir, jobId)).join('').matchAll(/\(pid (\d+),/g)].map((m) => Number(m[1]));
    assert.equal(pids.length, 2);
    for (const pid of pids) assert.throws(() => process.kill(pid, 0), /ESRCH/, `rank process ${pid} is gone`);
    const again = spawnSync(process.execPath, [CLI_JS, 'cancel', jobId, '--state-dir', stateDir], { encoding: 'utf8' });
    assert.equal(again.stdout.trim(), `job ${jobId} already cancelled`);
    const unknown = spawnSync(process.execPath, [CLI_JS, 'logs', 'nope', '--state-dir', stateDir], { encoding: 'utf8' });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /no job "nope"/);
  });
});
