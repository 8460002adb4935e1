/**
 * Runs a CLI bundle as `require` would, with V8's compiled code of an earlier run of the same bundle
 * (vm.Script cachedData): compiling the bundle is a good part of `openclaw sim`'s start.
 *
 * The cache lives in the system's temporary folder (not HOME, which may be empty or read-only), in a
 * folder of this user's own (mode 0700, checked before use), one file per build of a bundle and Node
 * version. Whatever fails (no folder, read-only, a file V8 rejects) only costs the cache: the bundle
 * is compiled as without it. A cache file is written whole and renamed into place, so that two
 * processes at once read either none or a complete one.
 */
import { isAscii } from 'node:buffer';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** This user's cache folder, or undefined when it cannot be trusted to be only theirs. */
function cacheDir(): string | undefined {
  if (typeof process.getuid !== 'function') return undefined; // Windows: no owner check, no cache
  const uid = process.getuid();
  const dir = join(tmpdir(), `openclaw-code-cache-${uid}`);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch {
    // it exists already (checked below), or cannot be made (no cache)
  }
  try {
    const s = lstatSync(dir);
    return s.isDirectory() && s.uid === uid && (s.mode & 0o077) === 0 ? dir : undefined;
  } catch {
    return undefined;
  }
}

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Which build of the bundle this is: its file (device, inode) and the times of its last write. Any
 * rewrite changes the change time, which no one can set back; no hash of the text (node:crypto
 * alone costs a tenth of the start this cache saves).
 */
function version(path: string): string {
  const s = statSync(path, { bigint: true });
  return [s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs].join('-');
}

/** Writes the cache whole, then renames it into place; drops those of this bundle's earlier builds. */
function writeCache(dir: string, file: string, data: Buffer, prefix: string): void {
  try {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, data, { mode: 0o600 });
    renameSync(tmp, file);
    for (const f of readdirSync(dir)) if (f.startsWith(prefix) && f !== basename(file) && !f.endsWith('.tmp')) rmSync(join(dir, f), { force: true });
  } catch {
    // no cache this time
  }
}

/**
 * Loads and runs the CommonJS bundle at `path` as its main module's code. The CLI's bundles hold no
 * dynamic `import()`: run by vm.Script, one would need a loader (experimental in Node 20).
 */
export function runBundle(path: string): void {
  const before = version(path);
  const bytes = readFileSync(path);
  // The build keeps the bundles ASCII (scripts/ascii-bundle.mjs): read as one byte a character,
  // where decoding UTF-8 took twice as long and left a string of two bytes a character.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  // A build that rewrote the bundle while it was read: no cache for this run.
  const dir = version(path) === before ? cacheDir() : undefined;
  // Per Node version, so that two Nodes (a terminal's, the editor's) do not replace each other's.
  const prefix = `${basename(path, '.js')}-${process.version}-`;
  const file = dir && join(dir, `${prefix}${before}.v8`);
  const cachedData = file ? readCache(file) : undefined;
  const script = new Script(Module.wrap(source), { filename: path, cachedData });
  if (dir && file && (cachedData === undefined || script.cachedDataRejected === true)) {
    // At exit, so that the functions the run compiled lazily are in it too.
    process.once('exit', () => writeCache(dir, file, script.createCachedData(), prefix));
  }
  const mod = new Module(path, module);
  mod.filename = path;
  const require = Module.createRequire(path);
  require.cache[path] = mod;
  (script.runInThisContext() as (...args: unknown[]) => void).call(mod.exports, mod.exports, require, mod, path, dirname(path));
  mod.loaded = true;
}
