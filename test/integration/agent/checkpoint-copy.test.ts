import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAgent, type RunningAgent } from '../../../agent/server';
import { AgentClient } from '../../../src/controller/agent-client';
import { PYTHON, ranksEnded, tempDir } from './helpers';

describe('a checkpoint copied from agent to agent', function () {
  this.timeout(60_000);
  let dir: string;
  const agents: RunningAgent[] = [];
  const clients: AgentClient[] = [];

  after(async () => {
    for (const c of clients) c.close();
    await Promise.all(agents.map((a) => a.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('resumes after a broken stream, checks the SHA-256 end to end, sends nothing twice, and stays inside its folder', async () => {
    dir = tempDir('ckpt-copy');
    for (const n of ['src', 'dst']) agents.push(await startAgent({ listen: '127.0.0.1:0', workdir: join(dir, `agent-${n}`) }));
    for (const a of agents) clients.push(await AgentClient.connect({ address: a.address, token: a.config.token }));
    const [src, dst] = clients;
    // The source ran the job: its checkpoint folder is its own record. The destination never did.
    const cwd = join(dir, 'job');
    await src!.launch({ jobId: 'copy-1.abc', attempt: 1, launcher: 'plain', command: [PYTHON, '-c', 'pass'], cwd, checkpointDir: 'ckpt', ranks: [{ rank: 0, localRank: 0 }], deviceVendor: 'cpu' });
    await ranksEnded(src!, 'copy-1.abc', 1);
    const body = randomBytes(5 * 2 ** 20 + 123);
    writeFileSync(join(cwd, 'ckpt', 'step-000040.pt'), body);
    const destDir = join(dir, 'elsewhere', 'ckpt');
    const req = { jobId: 'copy-1.abc', checkpointDir: destDir, path: 'step-000040.pt' };

    // Broken after the first MiB: what arrived stays, and the next copy sends only the rest.
    const abort = new AbortController();
    await assert.rejects(dst!.copyCheckpointFrom(src!, req, (bytes) => bytes >= 2 ** 20 && abort.abort(), abort.signal));
    await new Promise((r) => setTimeout(r, 200));
    const partial = Number((await dst!.checkpointFileStatus(req)).partialBytes);
    assert.ok(partial > 0 && partial < body.length, `partial ${partial}`);
    assert.equal(existsSync(join(destDir, 'step-000040.pt')), false, 'not in place before it is whole');
    const resumed = await dst!.copyCheckpointFrom(src!, req, () => undefined);
    assert.equal(resumed.sent, body.length - partial);
    assert.equal(resumed.sha256, createHash('sha256').update(body).digest('hex'));
    assert.deepEqual(readFileSync(join(destDir, 'step-000040.pt')), body);
    assert.equal((await dst!.copyCheckpointFrom(src!, req, () => undefined)).sent, 0, 'an identical file is not sent again');

    // A damaged partial file is caught by the hash of the whole, and the copy starts over.
    rmSync(join(destDir, 'step-000040.pt'));
    writeFileSync(join(destDir, 'step-000040.pt.openclaw-part'), Buffer.alloc(4096, 7));
    await assert.rejects(dst!.copyCheckpointFrom(src!, req, () => undefined), /checksum mismatch/);
    assert.equal((await dst!.copyCheckpointFrom(src!, req, () => undefined)).sent, body.length);

    // Paths stay inside the folder: no "..", no absolute path, no symbolic link in the way.
    await assert.rejects(dst!.checkpointFileStatus({ ...req, path: '../escape.pt' }), /not allowed/);
    await assert.rejects(dst!.checkpointFileStatus({ ...req, path: '/etc/passwd' }), /absolute path/);
    mkdirSync(join(dir, 'outside'));
    symlinkSync(join(dir, 'outside', 'x.pt'), join(destDir, 'link.pt'));
    await assert.rejects(dst!.checkpointFileStatus({ ...req, path: 'link.pt' }), /symbolic link/);
  });
});
