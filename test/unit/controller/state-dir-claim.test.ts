/**
 * One manager a state folder: a second `openclaw run` on the same folder is refused while the first
 * lives, and a folder whose manager died (a crash, kill -9) is claimed again.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateDir } from '../../../src/controller/state-dir';

describe('controller/state folder claims', () => {
  const holder = (pid: number): StateDir => {
    const dir = new StateDir(mkdtempSync(join(tmpdir(), 'openclaw-claim-')));
    writeFileSync(join(dir.root, 'manager.json'), JSON.stringify({ pid, startedAt: 0 }));
    return dir;
  };

  it('refuses a folder held by a live manager, naming its pid', () => {
    const dir = holder(process.ppid);
    assert.equal(dir.liveManager(), process.ppid);
    assert.throws(() => dir.claim(), new RegExp(`in use by the manager with pid ${process.ppid}`));
  });

  it('claims a folder whose manager died', () => {
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    const dir = holder(dead);
    assert.equal(dir.liveManager(), undefined);
    dir.claim();
    assert.equal(dir.liveManager(), process.pid);
  });
});
