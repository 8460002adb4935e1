import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_JS, ROOT } from './agents-harness';

describe('openclaw run on the simulator', function () {
  this.timeout(60000);

  it('runs the example spec to success and prints its report; `openclaw jobs` lists it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openclaw-cli-sim-'));
    const cluster = join(dir, 'fast.cluster.yaml');
    writeFileSync(cluster, 'backend: simulator\npreset: dgx-a100\nspeedup: 3000\n');
    const stateDir = join(dir, 'state');
    const r = spawnSync(process.execPath, [CLI_JS, 'run', join(ROOT, 'examples/resnet-sim.claw.yaml'), '--cluster', cluster, '--state-dir', stateDir], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /job resnet50-sim-1 checkpointing/);
    assert.match(r.stderr, /job resnet50-sim-1: succeeded\n {2}queued [\d.]+ s, ran [\d.]+ s, 0 restarts\n {2}device-hours [\d.]+/);
    assert.match(r.stdout, /^\[rank 0\] simulated resnet50-sim: 16 rank\(s\) on dgx-0, dgx-1/);
    const jobs = spawnSync(process.execPath, [CLI_JS, 'jobs', '--state-dir', stateDir, '--json'], { encoding: 'utf8' });
    const list = JSON.parse(jobs.stdout) as { id: string; state: string; backend: string }[];
    assert.deepEqual(list.map((j) => [j.id, j.state, j.backend]), [['resnet50-sim-1', 'succeeded', 'simulator']]);
  });
});
