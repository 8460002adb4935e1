// The simulator benchmarks measure the simulator as users run it: bundled by esbuild (as in
// dist/cli.js), not transpiled file by file (where every imported binding becomes a getter call).
import { buildSync } from 'esbuild';
import { join } from 'node:path';

export type SimBundle = typeof import('./sim-entry');

/** Set once the bundle is built: a bench's child processes (one per run) inherit it and load that bundle as it is. */
const BUILT = 'OPENCLAW_BENCH_SIM_BUNDLE_BUILT';

export function loadSimBundle(): SimBundle {
  const out = join(__dirname, 'results', 'sim-entry.js');
  if (process.env[BUILT] !== out) {
    buildSync({ entryPoints: [join(__dirname, 'sim-entry.ts')], outfile: out, bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['esbuild'], logLevel: 'error' });
    process.env[BUILT] = out;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(out) as SimBundle;
}
