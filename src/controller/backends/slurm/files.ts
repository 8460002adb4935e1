/**
 * Files on the cluster's shared file system (job scripts, logs, checkpoints): read and written with
 * Node's fs when OpenClaw runs on the login node, and through small fixed shell programs over SSH
 * (paths go in as positional arguments, never into the program text).
 */
import { createReadStream } from 'node:fs';
import { chmod, copyFile, mkdir, open, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { firstError, type Shell } from './shell';

export interface FileEntry {
  /** Relative to the listed folder, with "/" separators. */
  path: string;
  type: 'file' | 'dir';
  size: number;
  mtimeMs: number;
}

export interface ClusterFiles {
  mkdirp(path: string): Promise<void>;
  writeFile(path: string, data: string | Buffer, mode?: number): Promise<void>;
  /** Copies a local file there (e.g. the rank launcher), unless a file of the same size is there already. */
  install(localPath: string, path: string, mode: number): Promise<void>;
  size(path: string): Promise<number | undefined>;
  /** Up to `maxBytes` from `offset`; empty when the file is missing. */
  read(path: string, offset: number, maxBytes: number): Promise<Buffer>;
  /** Several reads at once (one round trip over SSH): the new bytes of each file from its offset. */
  readMany(reads: readonly { path: string; offset: number }[], maxBytes: number): Promise<Buffer[]>;
  /** Every file and folder under `dir` (empty when it does not exist), at most `limit` entries. */
  list(dir: string, limit?: number): Promise<FileEntry[]>;
}

export class LocalFiles implements ClusterFiles {
  async mkdirp(path: string) {
    await mkdir(path, { recursive: true });
  }
  async writeFile(path: string, data: string | Buffer, mode = 0o644) {
    // Write then rename, so that a reader never sees half a script.
    const tmp = `${path}.tmp-${process.pid}`;
    await writeFile(tmp, data, { mode });
    await chmod(tmp, mode);
    await rename(tmp, path);
  }
  async install(localPath: string, path: string, mode: number) {
    const [src, dst] = [await stat(localPath), await stat(path).catch(() => undefined)];
    if (dst && dst.size === src.size) return;
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.tmp-${process.pid}`;
    await copyFile(localPath, tmp);
    await chmod(tmp, mode);
    await rename(tmp, path);
  }
  async size(path: string) {
    const s = await stat(path).catch(() => undefined);
    return s?.isFile() ? s.size : undefined;
  }
  async read(path: string, offset: number, maxBytes: number) {
    let fh;
    try {
      fh = await open(path, 'r');
    } catch {
      return Buffer.alloc(0);
    }
    try {
      const buf = Buffer.alloc(maxBytes);
      const { bytesRead } = await fh.read(buf, 0, maxBytes, offset);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }
  async readMany(reads: readonly { path: string; offset: number }[], maxBytes: number) {
    return Promise.all(reads.map((r) => this.read(r.path, r.offset, maxBytes)));
  }
  async list(dir: string, limit = 10000) {
    const out: FileEntry[] = [];
    const walk = async (rel: string): Promise<void> => {
      const entries = await readdir(join(dir, rel), { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        if (out.length >= limit) return;
        const path = rel ? `${rel}/${e.name}` : e.name;
        const s = await stat(join(dir, path)).catch(() => undefined);
        if (!s) continue;
        if (e.isDirectory()) {
          out.push({ path, type: 'dir', size: 0, mtimeMs: s.mtimeMs });
          await walk(path);
        } else if (e.isFile()) {
          out.push({ path, type: 'file', size: s.size, mtimeMs: s.mtimeMs });
        }
      }
    };
    await walk('');
    return out;
  }
}

/** Fixed programs for `sh -c`; their arguments arrive as $1, $2, ... */
const SH = {
  write: 'umask 022; t="$1.tmp.$$"; cat > "$t" && chmod "$2" "$t" && mv -f "$t" "$1"',
  installIfDifferent: 'test "$(wc -c < "$1" 2>/dev/null)" = "$2" && echo same || echo copy',
  size: 'if [ -f "$1" ]; then wc -c < "$1"; else echo missing; fi',
  read: 'if [ -f "$1" ]; then tail -c +"$2" -- "$1" | head -c "$3"; fi',
  // For each (file, offset) pair: the byte count, a newline, then that many bytes.
  readMany:
    'max=$1; shift; while [ $# -gt 1 ]; do f=$1; off=$2; shift 2; size=0; [ -f "$f" ] && size=$(wc -c < "$f"); ' +
    'len=$((size - off)); [ "$len" -gt "$max" ] && len=$max; if [ "$len" -gt 0 ]; then printf "%s\\n" "$len"; ' +
    'tail -c +$((off + 1)) -- "$f" | head -c "$len"; else printf "0\\n"; fi; done',
  list: 'if [ -d "$1" ]; then cd -- "$1" && find . -mindepth 1 \\( -type f -o -type d \\) -printf "%y\\t%s\\t%T@\\t%P\\n" | head -n "$2"; fi',
};

export class RemoteFiles implements ClusterFiles {
  constructor(private readonly shell: Shell) {}
  private async sh(program: string, args: readonly string[], input?: string | Buffer | NodeJS.ReadableStream, binary = false) {
    const result = await this.shell.run(['sh', '-c', program, 'sh', ...args], { input: input as string | Buffer | undefined, binary });
    if (result.code !== 0) throw new Error(`${this.shell.where}: ${firstError(result)}`);
    return result;
  }
  async mkdirp(path: string) {
    const r = await this.shell.run(['mkdir', '-p', '--', path]);
    if (r.code !== 0) throw new Error(`${this.shell.where}: ${firstError(r)}`);
  }
  async writeFile(path: string, data: string | Buffer, mode = 0o644) {
    await this.sh(SH.write, [path, mode.toString(8)], data);
  }
  async install(localPath: string, path: string, mode: number) {
    const size = (await stat(localPath)).size;
    const check = await this.sh(SH.installIfDifferent, [path, String(size)]);
    if (check.stdout.trim() === 'same') return;
    await this.mkdirp(dirname(path));
    const result = await this.shell.run(['sh', '-c', SH.write, 'sh', path, mode.toString(8)], { input: createReadStream(localPath) });
    if (result.code !== 0) throw new Error(`${this.shell.where}: copying ${localPath}: ${firstError(result)}`);
  }
  async size(path: string) {
    const out = (await this.sh(SH.size, [path])).stdout.trim();
    return out === 'missing' || out === '' ? undefined : Number(out);
  }
  async read(path: string, offset: number, maxBytes: number) {
    const r = await this.sh(SH.read, [path, String(offset + 1), String(maxBytes)], undefined, true);
    return r.stdoutBytes ?? Buffer.alloc(0);
  }
  async readMany(reads: readonly { path: string; offset: number }[], maxBytes: number) {
    if (reads.length === 0) return [];
    const args = [String(maxBytes), ...reads.flatMap((r) => [r.path, String(r.offset)])];
    const bytes = (await this.sh(SH.readMany, args, undefined, true)).stdoutBytes ?? Buffer.alloc(0);
    const out: Buffer[] = [];
    let at = 0;
    for (let i = 0; i < reads.length; i++) {
      const nl = bytes.indexOf(0x0a, at);
      if (nl < 0) throw new Error(`${this.shell.where}: reading ${reads[i]!.path}: output cut short`);
      const len = Number(bytes.subarray(at, nl).toString('ascii'));
      // `head -c` may give less than announced when the file was truncated meanwhile.
      const end = Math.min(bytes.length, nl + 1 + len);
      out.push(bytes.subarray(nl + 1, end));
      at = end;
    }
    return out;
  }
  async list(dir: string, limit = 10000) {
    const out: FileEntry[] = [];
    for (const line of (await this.sh(SH.list, [dir, String(limit)])).stdout.split('\n')) {
      const [type, size, mtime, ...rest] = line.split('\t');
      if (!type || rest.length === 0) continue;
      out.push({ path: rest.join('\t'), type: type === 'd' ? 'dir' : 'file', size: Number(size), mtimeMs: Math.round(Number(mtime) * 1000) });
    }
    return out;
  }
}
