/** Reads a token file named by a cluster file, checked as src/core/token-file says (owner-only, one line). */
import { readFileSync, statSync } from 'node:fs';
import { posixMode, tokenFromFile } from '../core/token-file';

/** The file's token; a TokenFileError (naming the file, never its contents) when it is not one. */
export function readTokenFile(path: string): string {
  const st = statSync(path);
  return tokenFromFile(path, { isFile: st.isFile(), size: st.size, mode: posixMode(st.mode) }, () => readFileSync(path, 'utf8'));
}
