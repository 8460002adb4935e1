/**
 * Loads the extension's heavy half (src/entries/extension-runtime.ts) on first use. Bundled, it is
 * dist/extension-runtime.js beside dist/extension.js and is required by path, so esbuild keeps it out
 * of the activation bundle; from sources (tsx) it is the module itself.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type Runtime = typeof import('../entries/extension-runtime');

let loaded: Runtime | undefined;

export function runtime(): Runtime {
  if (loaded) return loaded;
  const bundled = join(__dirname, 'extension-runtime.js');
  // A computed path: esbuild leaves this require alone.
  const path = existsSync(bundled) ? bundled : join(__dirname, '..', 'entries', 'extension-runtime');
  loaded = require(path) as Runtime;
  return loaded;
}
