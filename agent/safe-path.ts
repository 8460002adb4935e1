// Confines a path from a request to a root folder: relative only, no '..', no NUL, and no symlink
// that leads out of the root.
import { realpathSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

/** A path that was refused; the server answers PERMISSION_DENIED with this message. */
export class PathRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PathRefused';
  }
}

function inside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * The real path of `rel` under `root`, or a PathRefused. The target must exist (realpath
 * resolves every symlink on the way, so a link out of the root is caught wherever it sits).
 */
export function resolveInside(root: string, rel: string): string {
  if (rel.includes('\0')) throw new PathRefused('path contains a NUL byte');
  if (isAbsolute(rel) || /^[a-zA-Z]:[\\/]/.test(rel)) throw new PathRefused(`absolute path "${rel}" refused: give a path relative to the root`);
  if (rel.split(/[\\/]+/).includes('..')) throw new PathRefused(`path "${rel}" refused: ".." is not allowed`);
  const realRoot = realpathSync(root);
  const joined = join(realRoot, rel);
  let real: string;
  try {
    real = realpathSync(joined);
  } catch (err) {
    const e = new Error(`${rel}: no such file`) as Error & { code?: string };
    e.code = (err as NodeJS.ErrnoException).code ?? 'ENOENT';
    throw e;
  }
  if (!inside(realRoot, real)) throw new PathRefused(`path "${rel}" refused: it leads out of its root through a symbolic link`);
  return real;
}
