/** `openclaw metrics`: the series a job reported, read from the state folder by another process. */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI_JS = join(__dirname, '..', '..', 'dist', 'cli.js');

describe('openclaw metrics', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'openclaw-metrics-'));
    writeFileSync(join(dir, 'sim.cluster.yaml'), 'preset: dgx-a100\nspeedup: 200\n');
    writeFileSync(join(dir, 'small.claw.yaml'), 'name: small\ncommand: [python3, train.py]\nresources: {nodes: 1, processesPerNode: 8, gpusPerProcess: 1}\nsimulation: {durationSeconds: 1200}\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('follows the samples while the job runs, then summarises every series as the state folder holds them', async () => {
    const run = spawn(process.execPath, [CLI_JS, 'run', 'small.claw.yaml', '--cluster', 'sim.cluster.yaml', '-q'], { cwd: dir, stdio: 'ignore' });
    // Follow from another process as soon as the job is in the journal.
    let followed = '';
    for (let i = 0; i < 100; i++) {
      const f = spawnSync(process.execPath, [CLI_JS, 'metrics', 'small', '--follow', '--json'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      if (f.status === 0) {
        followed = f.stdout;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const code = await new Promise<number | null>((r) => run.once('exit', r));
    assert.equal(code, 0);
    const onDisk = readFileSync(join(dir, '.openclaw', 'jobs', 'small-1', 'metrics.jsonl'), 'utf8').trim().split('\n');
    assert.ok(onDisk.length >= 2, `${onDisk.length} samples`);
    assert.deepEqual(followed.trim().split('\n').map((l) => JSON.parse(l)), onDisk.map((l) => JSON.parse(l)), '--follow printed every sample, then ended with the job');

    const json = JSON.parse(spawnSync(process.execPath, [CLI_JS, 'metrics', 'small-1', '--json'], { cwd: dir, encoding: 'utf8' }).stdout);
    const loss = json.series.find((s: { name: string }) => s.name === 'loss');
    const last = JSON.parse(onDisk[onDisk.length - 1]!);
    assert.equal(loss.points, onDisk.filter((l) => 'loss' in JSON.parse(l).values).length);
    assert.equal(loss.last, last.values.loss);
    assert.deepEqual(json.attempts, [1]);
    const table = spawnSync(process.execPath, [CLI_JS, 'metrics', 'small-1'], { cwd: dir, encoding: 'utf8' }).stdout;
    assert.match(table, /^small-1: \d+ series, \d+ samples \(succeeded\)\nseries\s+last\s+at step\s+min\s+max\s+points\n/);
    assert.match(table, /\nloss\s+[\d.]+\s+\d+/);
  });

  it('names the job it cannot find, exit 2', () => {
    const r = spawnSync(process.execPath, [CLI_JS, 'metrics', 'nope'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no job "nope"/);
  });
});
