// Opens a checkpoint (a file or a folder) on this node for the core's inspector: random-access reads,
// a folder walked to a bounded depth and count, symbolic links out of the checkpoint not followed.
import { open, readdir, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import type { ByteSource } from '../src/core/checkpoint-contents/byte-source';
import type { CheckpointContents } from '../src/core/checkpoint-contents/contents';
import { inspectCheckpoint, type CheckpointFile } from '../src/core/checkpoint-contents/inspect';

const MAX_FILES = 2_000;
const MAX_DEPTH = 3;
/** A read past this many seconds is a stalled disk: the inspection ends with what it has. */
const READ_TIMEOUT_MS = 20_000;

export async function inspectCheckpointAt(path: string): Promise<CheckpointContents> {
  const info = await stat(path);
  const files: CheckpointFile[] = info.isDirectory()
    ? await listFolder(path)
    : [{ path: basename(path), size: info.size, open: () => fileSource(path, info.size) }];
  return inspectCheckpoint(files);
}

async function listFolder(root: string): Promise<CheckpointFile[]> {
  const out: CheckpointFile[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (out.length >= MAX_FILES) return;
      const full = join(dir, entry.name);
      if (entry.isDirectory() && depth < MAX_DEPTH) await walk(full, depth + 1);
      else if (entry.isFile()) {
        const size = (await stat(full)).size;
        out.push({ path: relative(root, full), size, open: () => fileSource(full, size) });
      }
    }
  };
  await walk(root, 0);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function fileSource(path: string, size: number): Promise<ByteSource> {
  return {
    size,
    read: async (offset, length) => {
      const fh = await open(path, 'r');
      try {
        const buf = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`reading ${basename(path)} took over ${READ_TIMEOUT_MS / 1000} s`)), READ_TIMEOUT_MS)));
        try {
          const { bytesRead } = await Promise.race([fh.read(buf, 0, buf.length, offset), timeout]);
          return buf.subarray(0, bytesRead);
        } finally {
          clearTimeout(timer);
        }
      } finally {
        await fh.close();
      }
    },
  };
}
