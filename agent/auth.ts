// The shared token: at least 128 bits, compared in constant time on every call.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Tokens shorter than this are refused at start (32 hex digits = 128 bits). */
export const MIN_TOKEN_CHARS = 32;

export function newToken(): string {
  return randomBytes(32).toString('hex');
}

export function checkTokenStrength(token: string, source: string): void {
  if (token.length < MIN_TOKEN_CHARS) {
    throw new Error(`${source}: the token has ${token.length} characters; at least ${MIN_TOKEN_CHARS} (128 bits as hex) are required, e.g. \`openssl rand -hex 32\``);
  }
}

/** A checker for `authorization: Bearer <token>`: hashes both sides so lengths never leak either. */
export function tokenChecker(token: string): (header: string | undefined) => boolean {
  const want = createHash('sha256').update(token).digest();
  return (header) => {
    const given = header?.startsWith('Bearer ') ? header.slice(7) : '';
    const got = createHash('sha256').update(given).digest();
    return timingSafeEqual(want, got) && given.length > 0;
  };
}
