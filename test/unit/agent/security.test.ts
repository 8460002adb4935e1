import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkTokenStrength, newToken, tokenChecker } from '../../../agent/auth';
import { isLoopback, parseListen, resolveConfig, StartRefused } from '../../../agent/options';
import { checkJobId } from '../../../agent/ranks';
import { PathRefused, resolveInside } from '../../../agent/safe-path';

describe('agent security checks', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'openclaw-sec-'));
    mkdirSync(join(dir, 'root/sub'), { recursive: true });
    mkdirSync(join(dir, 'other'));
    writeFileSync(join(dir, 'root/sub/a.txt'), 'a');
    writeFileSync(join(dir, 'other/secret'), 's');
    symlinkSync(join(dir, 'other/secret'), join(dir, 'root/out-link'));
    symlinkSync('sub/a.txt', join(dir, 'root/in-link'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('paths stay inside their root', () => {
    const root = join(dir, 'root');
    assert.equal(resolveInside(root, 'sub/a.txt'), join(dir, 'root/sub/a.txt'));
    assert.equal(resolveInside(root, 'in-link'), join(dir, 'root/sub/a.txt'), 'a link that stays inside is fine');
    for (const bad of ['../other/secret', 'sub/../../other/secret', '/etc/passwd', 'sub/a.txt\0', 'out-link', '..', 'C:\\x']) {
      assert.throws(() => resolveInside(root, bad), PathRefused, bad);
    }
    assert.throws(() => resolveInside(root, 'sub/missing'), /no such file/);
  });

  it('job ids cannot name paths', () => {
    assert.equal(checkJobId('job-1.a_b:2'), 'job-1.a_b:2');
    for (const bad of ['../x', 'a/b', '..', 'a\0b', 'a\\b']) assert.throws(() => checkJobId(bad), PathRefused, bad);
    assert.throws(() => checkJobId(''), /job id/);
  });

  it('tokens: at least 128 bits, compared whatever their lengths', () => {
    assert.equal(newToken().length, 64);
    assert.throws(() => checkTokenStrength('abc', 'f'), /at least 32/);
    const ok = tokenChecker('a'.repeat(32));
    assert.equal(ok(`Bearer ${'a'.repeat(32)}`), true);
    assert.equal(ok(`Bearer ${'a'.repeat(31)}b`), false);
    assert.equal(ok(`Bearer ${'a'.repeat(33)}`), false);
    assert.equal(ok('a'.repeat(32)), false, 'the Bearer scheme is required');
    assert.equal(ok(undefined), false);
    assert.equal(tokenChecker('')(`Bearer `), false, 'an empty token never matches');
  });

  it('listen addresses: loopback recognised; others need TLS and a token file', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) assert.ok(isLoopback(h), h);
    for (const h of ['0.0.0.0', '10.0.0.1', '::', 'example.com']) assert.ok(!isLoopback(h), h);
    assert.deepEqual(parseListen('[::1]:7101'), { host: '::1', port: 7101 });
    assert.throws(() => parseListen('127.0.0.1'), StartRefused);
    assert.throws(() => parseListen('127.0.0.1:99999'), StartRefused);
    assert.throws(() => resolveConfig({ listen: '10.0.0.1:7101', workdir: join(dir, 'w') }), /needs both TLS/);
    assert.throws(() => resolveConfig({ listen: '127.0.0.1:7101', workdir: join(dir, 'w'), tlsCert: 'x' }), /go together/);
  });

  it('refuses a --token-file other users can read, or one that is not a token, without printing it', () => {
    const secret = 'c0ffee'.repeat(8);
    const open = join(dir, 'open.token');
    writeFileSync(open, `${secret}\n`, { mode: 0o644 });
    assert.throws(() => resolveConfig({ listen: '127.0.0.1:0', workdir: join(dir, 'w3'), tokenFile: open }), (err: Error) => err instanceof StartRefused && /can be read by other users \(mode 0644\)/.test(err.message) && !err.message.includes(secret));
    const two = join(dir, 'two.token');
    writeFileSync(two, `${secret}\nsecond ${secret}\n`, { mode: 0o600 });
    assert.throws(() => resolveConfig({ listen: '127.0.0.1:0', workdir: join(dir, 'w3'), tokenFile: two }), (err: Error) => /has 2 lines/.test(err.message) && !err.message.includes(secret));
    assert.throws(() => resolveConfig({ listen: '127.0.0.1:0', workdir: join(dir, 'w3'), tokenFile: join(dir, 'none.token') }), /--token-file .*none\.token: no such file/);
  });

  it('without --token-file the agent makes a token in its workdir, readable by its owner only, and keeps it', () => {
    const a = resolveConfig({ listen: '127.0.0.1:0', workdir: join(dir, 'w2') });
    const b = resolveConfig({ listen: '127.0.0.1:0', workdir: join(dir, 'w2') });
    assert.equal(a.token, b.token);
    assert.ok(a.token.length >= 32);
    assert.equal(statSync(a.tokenPath).mode & 0o777, 0o600);
  });
});
