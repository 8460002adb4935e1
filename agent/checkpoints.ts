// Finds checkpoints under a job's checkpoint directory and recognises their format without loading
// them (a .pt is a pickle: it is never unpickled). One still being written is reported incomplete.
import { open, readdir, readFile, lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Checkpoint__Output } from '../proto/generated/openclaw/agent/v1/Checkpoint';

export interface ScanOptions {
  /** A checkpoint modified less than this long ago is still being written (default 2 s). */
  settleMs?: number;
  now?: number;
  /** Stop after this many directory entries (default 20,000): a cap on the work of one listing. */
  maxEntries?: number;
  /** Deepest folder level searched (default 4). */
  maxDepth?: number;
}

type Found = Checkpoint__Output;

const TEMP = /(\.(tmp|temp|part|partial|incomplete|lock)|~)$|^\.?tmp|\.tmp[._-]/i;
const TORCH_FILE = /\.(pt|pth|ckpt)$/i;
const SAFETENSORS = /\.safetensors$/i;
const HF_DIR = /^checkpoint-(\d+)$/;
const DS_DIR = /^global_step(\d+)$/;
const MAX_HEADER = 100 * 2 ** 20;

/** The training step a name mentions, e.g. `step-1200.pt`, `ckpt_40`, `epoch=3-step=900.ckpt`. */
export function stepFromName(name: string): number | undefined {
  const all = [...name.matchAll(/(?:step|global_step|checkpoint|ckpt|iter|iteration)[-_=]?(\d+)/gi)];
  const m = all[all.length - 1] ?? /(\d+)(?:\.[a-z]+)*$/i.exec(name.replace(TEMP, ''));
  return m ? Number(m[1]) : undefined;
}

/** Tensor count and data size from a safetensors header (8-byte length, then JSON). */
export async function readSafetensorsHeader(path: string): Promise<{ tensors: number; dataBytes: number; headerBytes: number }> {
  const fh = await open(path, 'r');
  try {
    const len = Buffer.alloc(8);
    const { bytesRead } = await fh.read(len, 0, 8, 0);
    if (bytesRead < 8) throw new Error('shorter than its 8-byte header length');
    const n = Number(len.readBigUInt64LE(0));
    if (n > MAX_HEADER) throw new Error(`header of ${n} bytes exceeds the ${MAX_HEADER}-byte limit`);
    const buf = Buffer.alloc(n);
    const r = await fh.read(buf, 0, n, 8);
    if (r.bytesRead < n) throw new Error('header cut short');
    const header = JSON.parse(buf.toString('utf8')) as Record<string, { data_offsets?: [number, number] }>;
    let tensors = 0;
    let dataBytes = 0;
    for (const [name, t] of Object.entries(header)) {
      if (name === '__metadata__') continue;
      tensors++;
      dataBytes = Math.max(dataBytes, t.data_offsets?.[1] ?? 0);
    }
    return { tensors, dataBytes, headerBytes: 8 + n };
  } finally {
    await fh.close();
  }
}

/**
 * A zip (torch.save's format since 1.6) is whole once its end-of-central-directory record is
 * written: the last thing torch.save writes, so no settle time is needed. The legacy pickle format
 * has nothing to check ('unknown').
 */
async function torchFileWhole(path: string, size: number): Promise<'whole' | 'cut' | 'unknown'> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    if (head.readUInt32LE(0) !== 0x04034b50) return 'unknown';
    const tailLen = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    for (let i = tailLen - 22; i >= 0; i--) if (tail.readUInt32LE(i) === 0x06054b50) return 'whole';
    return 'cut';
  } finally {
    await fh.close();
  }
}

interface DirStats {
  size: number;
  mtimeMs: number;
  names: Set<string>;
}

/** Total size and newest mtime of a folder's files (symlinks not followed). */
async function dirStats(dir: string, budget: { left: number }): Promise<DirStats> {
  const out: DirStats = { size: 0, mtimeMs: 0, names: new Set() };
  const walk = async (d: string, top: boolean): Promise<void> => {
    // A folder or file that vanishes mid-walk (a checkpoint being rotated out) is skipped, not an error.
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      if (--budget.left < 0) return;
      if (top) out.names.add(e.name);
      if (e.isSymbolicLink()) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p, false);
      else if (e.isFile()) {
        const st = await lstat(p).catch(() => undefined);
        if (!st) continue;
        out.size += st.size;
        out.mtimeMs = Math.max(out.mtimeMs, st.mtimeMs);
      }
    }
  };
  await walk(dir, true);
  return out;
}

function settle(c: Found, now: number, settleMs: number): Found {
  if (c.complete && now - c.mtimeMs < settleMs) return { ...c, complete: false, incompleteReason: 'still being written (modified just now)' };
  return c;
}

/** Every checkpoint under `root`, oldest step first. A missing root gives an empty list. */
export async function scanCheckpoints(root: string, options: ScanOptions = {}): Promise<Found[]> {
  const now = options.now ?? Date.now();
  const settleMs = options.settleMs ?? 2_000;
  const maxDepth = options.maxDepth ?? 4;
  const budget = { left: options.maxEntries ?? 20_000 };
  const found: Found[] = [];

  const visit = async (dir: string, rel: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const names = new Set(entries.map((e) => e.name));
    const latest = names.has('latest') ? (await readFile(join(dir, 'latest'), 'utf8').catch(() => '')).trim() : undefined;
    const latestStep = latest ? Number(DS_DIR.exec(latest)?.[1] ?? NaN) : NaN;
    for (const e of entries) {
      if (--budget.left < 0) return;
      if (e.isSymbolicLink()) continue; // never followed: a link could lead out of the root
      const p = join(dir, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      const base = e.name.replace(TEMP, '');
      const temp = base !== e.name;
      if (e.isDirectory()) {
        const hf = HF_DIR.exec(e.name);
        const ds = DS_DIR.exec(e.name);
        if (hf) {
          const st = await dirStats(p, budget);
          const c: Found = { path: r, format: 'huggingface', step: Number(hf[1]), sizeBytes: st.size, mtimeMs: st.mtimeMs, complete: true, incompleteReason: '' };
          if (!st.names.has('trainer_state.json')) Object.assign(c, { complete: false, incompleteReason: 'no trainer_state.json yet' });
          else {
            try {
              const state = JSON.parse(await readFile(join(p, 'trainer_state.json'), 'utf8')) as { global_step?: number };
              if (typeof state.global_step === 'number') c.step = state.global_step;
            } catch {
              Object.assign(c, { complete: false, incompleteReason: 'trainer_state.json is not valid JSON yet' });
            }
          }
          const weights = [...st.names].find((n) => SAFETENSORS.test(n));
          if (weights) c.tensors = await readSafetensorsHeader(join(p, weights)).then((h) => h.tensors, () => undefined);
          found.push(settle(c, now, settleMs));
        } else if (ds) {
          const st = await dirStats(p, budget);
          const step = Number(ds[1]);
          const c: Found = { path: r, format: 'deepspeed', step, sizeBytes: st.size, mtimeMs: st.mtimeMs, complete: true, incompleteReason: '' };
          if (latest === undefined) Object.assign(c, { complete: false, incompleteReason: 'no "latest" file names it yet' });
          else if (!(latest === e.name || step < latestStep)) Object.assign(c, { complete: false, incompleteReason: `newer than "latest" (${latest})` });
          found.push(settle(c, now, settleMs));
        } else if ((await readdir(p).catch(() => [] as string[])).some((n) => n === '.metadata' || n.endsWith('.distcp'))) {
          const st = await dirStats(p, budget);
          const c: Found = { path: r, format: 'torch-dcp', step: stepFromName(e.name), sizeBytes: st.size, mtimeMs: st.mtimeMs, complete: true, incompleteReason: '' };
          if (!st.names.has('.metadata')) Object.assign(c, { complete: false, incompleteReason: 'no .metadata yet' });
          if (temp) Object.assign(c, { complete: false, incompleteReason: 'temporary name' });
          found.push(settle(c, now, settleMs));
        } else if (depth < maxDepth) {
          await visit(p, r, depth + 1);
        }
        continue;
      }
      if (!e.isFile()) continue;
      const isTorch = TORCH_FILE.test(base);
      const isSafe = SAFETENSORS.test(base);
      if (!isTorch && !isSafe) continue;
      // Gone since the listing (a save renamed into place, an old checkpoint rotated out): not there.
      const st = await lstat(p).catch(() => undefined);
      if (!st) continue;
      const c: Found = { path: r, format: isTorch ? 'pytorch' : 'safetensors', step: stepFromName(base), sizeBytes: st.size, mtimeMs: st.mtimeMs, complete: true, incompleteReason: '' };
      if (c.step === undefined) delete c.step;
      // A file whose format proves it whole is complete at once (a rename into place is seen
      // within the watcher's delay); one that cannot prove it must first stop changing.
      let proven = false;
      if (temp) Object.assign(c, { complete: false, incompleteReason: 'temporary name' });
      else if (isTorch) {
        const whole = await torchFileWhole(p, st.size).catch(() => 'cut' as const);
        if (whole === 'cut') Object.assign(c, { complete: false, incompleteReason: 'zip archive not finished (no end record)' });
        proven = whole === 'whole';
      } else {
        try {
          const h = await readSafetensorsHeader(p);
          c.tensors = h.tensors;
          if (st.size < h.headerBytes + h.dataBytes) Object.assign(c, { complete: false, incompleteReason: `${st.size} of ${h.headerBytes + h.dataBytes} bytes written` });
          else proven = true;
        } catch (err) {
          Object.assign(c, { complete: false, incompleteReason: `unreadable header: ${(err as Error).message}` });
        }
      }
      found.push(proven ? c : settle(c, now, settleMs));
    }
  };
  await visit(root, '', 0);
  for (const c of found) if (c.step === undefined) delete c.step;
  return found.sort((a, b) => (a.step ?? -1) - (b.step ?? -1) || a.mtimeMs - b.mtimeMs || a.path.localeCompare(b.path));
}
