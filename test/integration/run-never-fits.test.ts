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
    writeFileSync(join(dir, 'small.claw.yaml'), 'name: small\ncommand: [python3, train.py]\nresources: {nodes: 1, processesPerNode: 8, gpusPerProcess: 1}\nsimulation: {durationSeconds: 600}\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('says why, cancels it and exits 2', () => {
    writeFileSync(join(dir, 'wide.claw.yaml'), 'name: wide\ncommand: [python3, train.py]\nresources: {nodes: 16, processesPerNode: 8, gpusPerProcess: 1}\n');
    const r = spawnSync(process.execPath, [CLI_JS, 'run', 'wide.claw.yaml', '--cluster', 'sim.cluster.yaml'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 2, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, /job wide-1 can never start on this cluster: needs 128 × devices over 16 nodes .*it can never start; it was cancelled/);
  });

  for (const [what, resources, why] of [
    ['a thousand devices a process', '{gpusPerProcess: 1000, processesPerNode: 1}', /needs 1000 × devices in one node/],
    ['a device model the cluster lacks', '{deviceModel: tpu9, gpusPerProcess: 1}', /the cluster has no tpu9 devices \(it has a100\)/],
    ['more device memory than any device has', '{deviceMemoryGiB: 500, gpusPerProcess: 1}', /the largest device has 80 GiB/],
  ] as const) {
    it(`ends a job asking for ${what} with exit 2`, () => {
      writeFileSync(join(dir, 'never.claw.yaml'), `name: never\ncommand: [python3, train.py]\nresources: ${resources}\n`);
      const r = spawnSync(process.execPath, [CLI_JS, 'run', 'never.claw.yaml', '--cluster', 'sim.cluster.yaml', '--state-dir', `state-${what.length}`], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 2, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stderr, why);
      assert.match(r.stderr, /can never start on this cluster: .*it was cancelled/);
    });
  }

  it('refuses a job of 10^300 seconds and a simulator of 10^-300 speed at once, instead of running forever', () => {
    writeFileSync(join(dir, 'forever.claw.yaml'), 'name: forever\ncommand: [python3, train.py]\nsimulation: {durationSeconds: 1e300}\n');
    let r = spawnSync(process.execPath, [CLI_JS, 'run', 'forever.claw.yaml', '--cluster', 'sim.cluster.yaml'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /forever\.claw\.yaml:3:\d+: simulation\.durationSeconds: expected at most 315,360,000 seconds \(10 years\)/);
    writeFileSync(join(dir, 'slow.cluster.yaml'), 'preset: dgx-a100\nspeedup: 1e-300\n');
    r = spawnSync(process.execPath, [CLI_JS, 'run', 'small.claw.yaml', '--cluster', 'slow.cluster.yaml'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /slow\.cluster\.yaml:2:10: speedup: expected at least 0\.01/);
  });

  it('still runs a job that only has to wait', () => {
    writeFileSync(join(dir, 'small.claw.yaml'), 'name: small\ncommand: [python3, train.py]\nresources: {nodes: 1, processesPerNode: 8, gpusPerProcess: 1}\nsimulation: {durationSeconds: 600}\n');
    const r = spawnSync(process.execPath, [CLI_JS, 'run', 'small.claw.yaml', '--cluster', 'sim.cluster.yaml'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  });
});
