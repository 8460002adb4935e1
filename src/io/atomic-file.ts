/**
 * Files replaced whole or not at all, and durably: written beside their place, fsynced, renamed over
 * it, and the folder fsynced, so that a crash at any point leaves the old file or the new one. The
 * one way the agent and the job manager write a file that others read while it may change.
 */
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes `data` to `path` (created or truncated, with `mode`) and fsyncs it. */
export function writeSynced(path: string, data: string | Uint8Array, mode = 0o644): void {
  const fd = openSync(path, 'w', mode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename in `dir` durable (a no-op where folders cannot be opened, as on Windows). */
export function fsyncDir(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a folder; the rename is then as durable as they make it.
  } finally {
    closeSync(fd);
  }
}

/** Replaces `path` with `data` atomically and durably. */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeSynced(tmp, data, mode);
  renameSync(tmp, path);
  fsyncDir(dirname(path));
}
