/** `openclaw run` of a spec larger than the cluster ends at once with the reason and exit 2, not a wait forever. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI_JS = join(__dirname, '..', '..', 'dist', 'cli.js');

describe('openclaw run: a job that can never start', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'openclaw-never-'));
    writeFileSync(join(dir, 'sim.cluster.yaml'), 'preset: dgx-a100\nspeedup: 2000\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('says why, cancels it and exits 2', () => {
    writeFileSync(join(dir, 'wide.claw.yaml'), 'name: wide\ncommand: [python3, train.py]\nresources: {nodes: 16, processesPerNode: 8, gpusPerProcess: 1}\n');
    const r = spawnSync(process.execPath, [CLI_JS, 'run', 'wide.claw.yaml', '--cluster', 'sim.cluster.yaml'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 2, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, /job wide-1 can never start on this cluster: needs 128 × devices over 16 nodes .*it can never start; it was cancelled/);
  });

  it('still runs a job that only has to wait', () => {
    writeFileSync(join(dir, 'small.claw.yaml'), 'name: small\ncommand: [python3, train.py]\nresources: {nodes: 1, processesPerNode: 8, gpusPerProcess: 1}\nsimulation: {durationSeconds: 600}\n');
    const r = spawnSync(process.execPath, [CLI_JS, 'run', 'small.claw.yaml', '--cluster', 'sim.cluster.yaml'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  });
});
