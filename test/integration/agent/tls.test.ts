import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAgent } from '../../../agent/server';
import { AgentClient, AgentStatus, connectOptionsFor } from '../../../src/controller/agent-client';
import { tempDir } from './helpers';

describe('node agent over TLS', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = tempDir('tls');
    // A self-signed certificate for the loopback address (it is its own CA).
    const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    writeFileSync(join(dir, 'token'), `${'ab'.repeat(32)}\n`, { mode: 0o600 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('with TLS and a token it may listen beyond loopback; clients need the CA and the token', async () => {
    const agent = await startAgent({
      listen: '0.0.0.0:0', workdir: join(dir, 'w'), tokenFile: join(dir, 'token'),
      tlsCert: join(dir, 'cert.pem'), tlsKey: join(dir, 'key.pem'), tlsCa: join(dir, 'cert.pem'),
    });
    try {
      const address = `127.0.0.1:${agent.port}`;
      // The cluster file form: token and TLS files relative to the file's folder.
      const opts = connectOptionsFor({ name: 'n1', address, tokenFile: 'token', tls: { ca: 'cert.pem', cert: 'cert.pem', key: 'key.pem' } }, dir);
      const client = await AgentClient.connect(opts);
      assert.equal((await client.heartbeat(1)).seq, 1);
      client.close();
      // Right token, but no client certificate while the agent asks for one: refused at the handshake.
      await assert.rejects(AgentClient.connect({ ...opts, tls: { ca: readFileSync(join(dir, 'cert.pem')) }, connectTimeoutMs: 2000 }));
      // A plain-text client cannot talk to it at all.
      await assert.rejects(AgentClient.connect({ address, token: opts.token, connectTimeoutMs: 2000 }), (e: Error & { code?: number }) => e.code !== AgentStatus.OK);
      // TLS but a wrong token.
      await assert.rejects(AgentClient.connect({ ...opts, token: 'cd'.repeat(32) }), (e: Error & { code?: number }) => e.code === AgentStatus.UNAUTHENTICATED);
    } finally {
      await agent.close();
    }
  });
});
