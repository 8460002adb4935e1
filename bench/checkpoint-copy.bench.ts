// A checkpoint copied from one agent to another (each in a process of its own, on loopback),
// streamed through this process and hashed on both sides, against what the disk allows here:
// reading the file and hashing it once (every copy does that on the source at least).
//   OPENCLAW_BENCH_CKPT_MB (default 256)
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentClient } from '../src/controller/agent-client';
import { ranksEnded, spawnAgent, tempDir } from '../test/integration/agent/helpers';

const MB = Number(process.env.OPENCLAW_BENCH_CKPT_MB ?? 256);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function readAndHash(path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path, { highWaterMark: 1 << 20 }).on('data', (d) => h.update(d)).on('error', reject).on('end', () => resolve());
  });
}

async function main(): Promise<void> {
  const dir = tempDir('bench-ckpt-copy');
  const [a, b] = await Promise.all([spawnAgent(join(dir, 'src')), spawnAgent(join(dir, 'dst'))]);
  const src = await AgentClient.connect({ address: `127.0.0.1:${a.port}`, token: a.token });
  const dst = await AgentClient.connect({ address: `127.0.0.1:${b.port}`, token: b.token });
  try {
    const cwd = join(dir, 'job');
    await src.launch({ jobId: 'bench.1', attempt: 1, launcher: 'plain', command: ['true'], cwd, checkpointDir: 'ckpt', ranks: [{ rank: 0 }] });
    await ranksEnded(src, 'bench.1', 1);
    const file = join(cwd, 'ckpt', 'step-000100.pt');
    const block = randomBytes(1 << 20);
    writeFileSync(file, Buffer.concat(Array.from({ length: MB }, () => block)));
    const destDir = join(dir, 'dest-ckpt');
    const disk: number[] = [];
    const copy: number[] = [];
    for (let i = 0; i < 3; i++) {
      let t0 = process.hrtime.bigint();
      await readAndHash(file);
      disk.push(MB / (Number(process.hrtime.bigint() - t0) / 1e9));
      rmSync(destDir, { recursive: true, force: true });
      t0 = process.hrtime.bigint();
      const r = await dst.copyCheckpointFrom(src, { jobId: 'bench.1', checkpointDir: destDir, path: 'step-000100.pt' }, () => undefined);
      if (r.sent !== MB * 2 ** 20) throw new Error(`sent ${r.sent} bytes, expected ${MB} MiB`);
      copy.push(MB / (Number(process.hrtime.bigint() - t0) / 1e9));
    }
    const d = median(disk);
    const c = median(copy);
    console.log(`checkpoint copy agent to agent (${MB} MiB, loopback, hashed on both sides): median ${c.toFixed(0)} MiB/s over 3 runs`);
    console.log(`  read + SHA-256 of the same file here: median ${d.toFixed(0)} MiB/s; copy / that: ${(c / d).toFixed(2)}`);
  } finally {
    src.close();
    dst.close();
    a.child.kill();
    b.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
