// The receiving end of a checkpoint that follows its job to a node that lacks it: how much of a
// file is here (to resume a broken copy), and the chunks written into `<path>.openclaw-part`, put
// in place only once the whole file, hashed again from disk, matches what the sender hashed.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { CheckpointFileRequest__Output } from '../proto/generated/openclaw/agent/v1/CheckpointFileRequest';
import type { CheckpointFileStatusReply } from '../proto/generated/openclaw/agent/v1/CheckpointFileStatusReply';
import type { PutFileChunk__Output } from '../proto/generated/openclaw/agent/v1/PutFileChunk';
import type { PutFileReply } from '../proto/generated/openclaw/agent/v1/PutFileReply';
import { BadRequest, NotFound, type RankManager } from './ranks';
import { PathRefused, resolveInside } from './safe-path';

const PART = '.openclaw-part';

/** The job's checkpoint folder as this agent recorded it, else the absolute one asked for. */
function rootOf(ranks: RankManager, req: Pick<CheckpointFileRequest__Output, 'jobId' | 'checkpointDir'>): string {
  try {
    return ranks.job(req.jobId).checkpointDir;
  } catch (err) {
    if (!(err instanceof NotFound)) throw err;
  }
  if (!req.checkpointDir || !isAbsolute(req.checkpointDir)) throw new BadRequest(`checkpoint_dir "${req.checkpointDir}": expected an absolute path (job ${req.jobId} never ran here)`);
  return resolve(req.checkpointDir);
}

/**
 * Where `rel` lies under `root`, existing or not (a file being received): the same refusals as
 * resolveInside, its folder created, and no symbolic link at its name or its partial file's.
 */
async function target(root: string, rel: string): Promise<string> {
  await mkdir(root, { recursive: true });
  let path: string;
  try {
    path = resolveInside(root, rel);
  } catch (err) {
    // The shape checks come before the lookup: a missing file's `rel` has passed them.
    if (err instanceof PathRefused || (err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const parent = dirname(rel);
    if (parent !== '.') await mkdir(join(resolveInside(root, ''), parent), { recursive: true });
    path = join(resolveInside(root, parent === '.' ? '' : parent), basename(rel));
  }
  for (const p of [path, path + PART]) {
    const st = await lstat(p).catch(() => undefined);
    if (st?.isSymbolicLink()) throw new PathRefused(`path "${rel}" refused: a symbolic link is in the way`);
  }
  return path;
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    const st = await stat(path);
    return st.isFile() ? st.size : undefined;
  } catch {
    return undefined;
  }
}

export function hashFile(path: string): Promise<string> {
  return new Promise((resolveHash, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (d) => h.update(d))
      .on('error', reject)
      .on('end', () => resolveHash(h.digest('hex')));
  });
}

export async function checkpointFileStatus(ranks: RankManager, req: CheckpointFileRequest__Output): Promise<CheckpointFileStatusReply> {
  const path = await target(rootOf(ranks, req), req.path);
  const size = await sizeOf(path);
  const partial = (await sizeOf(path + PART)) ?? 0;
  const sha256 = req.wantSha256 && size !== undefined ? await hashFile(path) : '';
  return { exists: size !== undefined, size: size ?? 0, sha256, partialBytes: partial };
}

/** Receives one file's chunks; resolves once it is in place, checked. */
export async function putCheckpointFile(ranks: RankManager, chunks: AsyncIterable<PutFileChunk__Output>): Promise<PutFileReply> {
  let fh: FileHandle | undefined;
  let path = '';
  let pos = 0;
  try {
    for await (const c of chunks) {
      if (!fh) {
        path = await target(rootOf(ranks, c), c.path);
        const have = (await sizeOf(path + PART)) ?? 0;
        if (Number(c.offset) !== have) throw new BadRequest(`offset ${c.offset}: ${have} bytes of ${c.path} are here already (ask CheckpointFileStatus)`);
        fh = await open(path + PART, 'a');
        pos = have;
      }
      if (Number(c.offset) !== pos) throw new BadRequest(`offset ${c.offset}: expected ${pos}`);
      if (c.data.length > 0) await fh.write(c.data);
      pos += c.data.length;
      if (!c.last) continue;
      await fh.sync();
      await fh.close();
      fh = undefined;
      if (pos !== Number(c.size)) throw new BadRequest(`${c.path}: ${pos} bytes received, the sender has ${c.size}`);
      const got = await hashFile(path + PART);
      if (got !== c.sha256) {
        // Not resumable: what is here is wrong somewhere. The next copy starts over.
        await rm(path + PART, { force: true });
        throw new BadRequest(`${c.path}: checksum mismatch (sender ${c.sha256}, received ${got})`);
      }
      await rename(path + PART, path);
      return { size: pos, sha256: got };
    }
    throw new BadRequest('the stream ended before its last chunk (what arrived is kept: resume from partial_bytes)');
  } finally {
    await fh?.close();
  }
}
