// The simulator benchmarks measure the simulator as users run it: bundled by esbuild (as in
// dist/cli.js), not transpiled file by file (where every imported binding becomes a getter call).
import { buildSync } from 'esbuild';
import { join } from 'node:path';

export type SimBundle = typeof import('./sim-entry');

export function loadSimBundle(): SimBundle {
  const out = join(__dirname, 'results', 'sim-entry.js');
  buildSync({ entryPoints: [join(__dirname, 'sim-entry.ts')], outfile: out, bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['esbuild'], logLevel: 'error' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(out) as SimBundle;
}
