/**
 * Bundles the e2e suite for the extension host: out/e2e/tests.js (every test/e2e/suite/*.test.ts,
 * using mocha's globals, so both launchers can load it), out/e2e/bench.js (test/e2e/bench/*.bench.ts,
 * run by bench/extension.bench.ts)
 * and out/e2e/index.js (the runner the code-server harness passes as extensionTestsPath).
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as esbuild from 'esbuild';

const root = join(__dirname, '..', '..');

export async function buildE2E(): Promise<string> {
  const out = join(root, 'out', 'e2e');
  mkdirSync(out, { recursive: true });
  const suite = join(__dirname, 'suite');
  const tests = readdirSync(suite).filter((f) => f.endsWith('.test.ts')).sort();
  const benchDir = join(__dirname, 'bench');
  const benches = existsSync(benchDir) ? readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts')).sort() : [];
  const entry = (files: string[], dir: string) => files.map((f) => `require(${JSON.stringify('./' + relative(out, join(dir, f)).replace(/\\/g, '/'))});`).join('\n');
  writeFileSync(join(out, 'tests.entry.js'), entry(tests, suite));
  writeFileSync(join(out, 'bench.entry.js'), entry(benches, benchDir));
  const common: esbuild.BuildOptions = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha', 'playwright-core'],
    logLevel: 'warning',
  };
  await Promise.all([
    esbuild.build({ ...common, entryPoints: [join(out, 'tests.entry.js')], outfile: join(out, 'tests.js') }),
    esbuild.build({ ...common, entryPoints: [join(out, 'bench.entry.js')], outfile: join(out, 'bench.js') }),
    esbuild.build({ ...common, entryPoints: [join(__dirname, 'runner.ts')], outfile: join(out, 'index.js') }),
  ]);
  return out;
}
