/**
 * Loads the extension's heavy parts on first use, so that activation only parses the small half:
 * src/entries/extension-runtime.ts (job manager, simulator, YAML/zod loaders) and
 * src/entries/extension-webviews.ts (panel hosts). Bundled, each is dist/<name>.js beside
 * dist/extension.js and is required by a computed path, so esbuild keeps it out of the activation
 * bundle; from sources (tsx) it is the module itself.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type Runtime = typeof import('../entries/extension-runtime');

const cache = new Map<string, unknown>();

/** `name`: the bundle in dist/; `sourcePath`: the entry relative to this folder, for runs from sources. */
export function loadBundle<T>(name: string, sourcePath: string): T {
  let mod = cache.get(name);
  if (!mod) {
    const bundled = join(__dirname, `${name}.js`);
    const path = existsSync(bundled) ? bundled : join(__dirname, sourcePath);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle found at run time, loaded on first use
    mod = require(path);
    cache.set(name, mod);
  }
  return mod as T;
}

export function runtime(): Runtime {
  return loadBundle<Runtime>('extension-runtime', '../entries/extension-runtime');
}
