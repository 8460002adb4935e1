// The client's own checks, against a stand-in agent: an agent of another API level and a transfer
// whose checksum does not match cannot be caused with the real agent.
import * as grpc from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { agentPackage } from '../../../proto/load';
import { AgentClient, AgentVersionError } from '../../../src/controller/agent-client';
import { tempDir } from './helpers';

describe('agent client checks', () => {
  let server: grpc.Server;
  let address: string;
  let api = 1;
  let dir: string;

  before(async () => {
    dir = tempDir('client');
    server = new grpc.Server();
    server.addService(agentPackage().Agent.service, {
      GetVersion: (_call: unknown, cb: grpc.sendUnaryData<unknown>) => cb(null, { version: '9.0.0', api, nodeName: 'stand-in', instanceId: 'x' }),
      FetchFile: (call: grpc.ServerWritableStream<unknown, unknown>) => {
        call.write({ offset: 0, data: Buffer.from('hello'), size: 5, sha256: '', last: false });
        call.write({ offset: 5, data: Buffer.alloc(0), size: 5, sha256: '0'.repeat(64), last: true });
        call.end();
      },
    });
    const port = await new Promise<number>((res, rej) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? rej(e) : res(p))));
    address = `127.0.0.1:${port}`;
  });
  after(() => {
    server.forceShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an agent that speaks another API level, naming both versions', async () => {
    api = 2;
    await assert.rejects(AgentClient.connect({ address }), (e: Error) => {
      assert.ok(e instanceof AgentVersionError);
      assert.match(e.message, /API level 2 \(version 9\.0\.0\); this manager speaks level 1/);
      return true;
    });
    api = 1;
  });

  it('does not put a fetched file in place when its checksum does not match', async () => {
    const client = await AgentClient.connect({ address });
    const dest = join(dir, 'model.pt');
    await assert.rejects(client.fetchFileTo({ jobId: 'j', path: 'model.pt' }, dest), /checksum mismatch/);
    assert.equal(existsSync(dest), false);
    assert.deepEqual(readdirSync(dir), [], 'no partial file left behind');
    client.close();
  });
});
