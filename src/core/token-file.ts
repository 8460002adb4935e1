/**
 * What a token file must be, checked the way ssh checks a private key: readable by its owner only,
 * and holding one line of printable characters. Messages name the file, never its contents.
 */

/** Permission bits that let other users read or change a file. */
const OTHERS = 0o077;

export class TokenFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenFileError';
  }
}

/** Longer than any token: a bigger file is not one (and is not read into memory). */
export const MAX_TOKEN_FILE_BYTES = 4096;

export interface TokenFileStat {
  isFile: boolean;
  size: number;
  /** st_mode; undefined where permissions mean nothing (Windows). */
  mode: number | undefined;
}

/**
 * The token a token file holds, or a TokenFileError saying what is wrong with the file. `read` is
 * called only once the file's type, size and permissions are right.
 */
export function tokenFromFile(path: string, stat: TokenFileStat, read: () => string): string {
  if (!stat.isFile) throw new TokenFileError(`${path} is not a regular file; expected a file holding the agent's token`);
  if (stat.mode !== undefined && (stat.mode & OTHERS) !== 0) {
    const octal = (stat.mode & 0o777).toString(8).padStart(4, '0');
    throw new TokenFileError(`${path} can be read by other users (mode ${octal}); a token file must be its owner's only: chmod 600 ${path}`);
  }
  if (stat.size > MAX_TOKEN_FILE_BYTES) throw new TokenFileError(`${path} has ${stat.size} bytes, more than a token file (at most ${MAX_TOKEN_FILE_BYTES}); expected the agent's token on one line`);
  const token = read().trim();
  if (token === '') throw new TokenFileError(`${path} is empty; expected the agent's token on one line`);
  const lines = token.split(/\r?\n/).length;
  if (lines > 1) throw new TokenFileError(`${path} has ${lines} lines; expected the agent's token alone on one line`);
  // HTTP header values take visible ASCII only: anything else is not a token (and must not be echoed).
  if (!/^[\x21-\x7e]+$/.test(token)) throw new TokenFileError(`${path} holds characters a token cannot have (spaces, control or non-ASCII characters); expected the agent's token on one line`);
  return token;
}

/** A file's st_mode as TokenFileStat wants it: undefined on Windows, where POSIX bits are made up. */
export function posixMode(mode: number): number | undefined {
  return process.platform === 'win32' ? undefined : mode;
}
