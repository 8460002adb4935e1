/** How the job commands report bad input: one line per problem, exit code 2. */
import { existsSync } from 'node:fs';
import { SpecError } from '../core/errors';
import { FileSpecError } from '../controller/spec-loader';

export class UsageError extends Error {}

/**
 * `FLAG: no such file: PATH`, as typed: a missing file is a mistyped argument, not a problem inside
 * a file (which the loaders would report against its absolute path).
 */
export function requireFile(path: string, flag?: string): void {
  if (!existsSync(path)) throw new UsageError(`${flag ? `${flag}: ` : ''}no such file: ${path}`);
}

/** Prints an error the user can act on and returns the exit code for it. */
export function reportError(err: unknown): number {
  if (err instanceof FileSpecError) {
    process.stderr.write(err.message + '\n');
    return 2;
  }
  if (err instanceof SpecError || err instanceof UsageError) {
    process.stderr.write(`openclaw: ${err.message}\n`);
    return 2;
  }
  process.stderr.write(`openclaw: ${err instanceof Error ? err.message : String(err)}\n`);
  return 1;
}

export const DEFAULT_STATE_DIR = '.openclaw';
