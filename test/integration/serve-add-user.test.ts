/**
 * `openclaw serve add-user` run by several admins at the same moment: every user lands in the users
 * file (each run reads, changes and writes back the whole file, under its lock), and a lock left by a
 * process that died does not block the file.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { LockBusy, withFileLock } from '../../src/io/file-lock';

const CLI_JS = join(__dirname, '..', '..', 'dist', 'cli.js');

function addUser(dir: string, name: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [CLI_JS, 'serve', 'add-user', name, '-u', 'users.yaml'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    p.on('exit', (code) => done({ code, stderr }));
  });
}

const names = (dir: string): string[] => (parse(readFileSync(join(dir, 'users.yaml'), 'utf8')) as { users: { name: string }[] }).users.map((u) => u.name).sort();

describe('openclaw serve add-user, several at once', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'openclaw-add-user-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every user when twelve admins add users at the same moment', async () => {
    const want = Array.from({ length: 12 }, (_, i) => `user${String(i).padStart(2, '0')}`);
    const results = await Promise.all(want.map((n) => addUser(dir, n)));
    for (const [i, r] of results.entries()) assert.equal(r.code, 0, `${want[i]}: ${r.stderr}`);
    assert.deepEqual(names(dir), want);
    for (const n of want) assert.ok(existsSync(join(dir, `${n}.token`)), `${n}.token`);
    assert.ok(!existsSync(join(dir, 'users.yaml.lock')), 'the lock is gone');
  });

  it('takes over a lock whose process has died', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(join(dir, 'users.yaml.lock'), `${dead}\n`);
    const r = await addUser(dir, 'ada');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(names(dir), ['ada']);
    assert.ok(!existsSync(join(dir, 'users.yaml.lock')));
  });

  it('keeps every user when eight admins at once find a lock left by a process that died', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(join(dir, 'users.yaml.lock'), `${dead}\n`);
    const want = Array.from({ length: 8 }, (_, i) => `late${i}`);
    const results = await Promise.all(want.map((n) => addUser(dir, n)));
    for (const [i, r] of results.entries()) assert.equal(r.code, 0, `${want[i]}: ${r.stderr}`);
    assert.deepEqual(names(dir), want);
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.lock')), [], 'no lock left, none moved aside');
  });

  it('waits for a live holder, then names it when the wait runs out', () => {
    const path = join(dir, 'users.yaml');
    writeFileSync(`${path}.lock`, `${process.pid}\n`);
    assert.throws(() => withFileLock(path, () => 1, 200), (e: unknown) => e instanceof LockBusy && e.message.includes(`process ${process.pid}`));
    rmSync(`${path}.lock`);
    assert.equal(withFileLock(path, () => 7), 7);
    assert.ok(!existsSync(`${path}.lock`), 'freed after use');
  });
});
