// `npm run package`: a production build, then openclaw-<version>.vsix with @vscode/vsce (everything is
// bundled by esbuild, so --no-dependencies), then its listing (files and sizes) and total size.
// Fails when the package holds node_modules, tests or sources, or is over 5 MB.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { listVsix } from './vsix-list.mjs';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
const { version, name } = JSON.parse(readFileSync('package.json', 'utf8'));
const out = process.argv.includes('--out') ? resolve(process.argv[process.argv.indexOf('--out') + 1]) : join(root, `${name}-${version}.vsix`);
const LIMIT = 5 * 1024 * 1024;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`package: ${cmd} ${args.join(' ')} failed (exit ${r.status})`);
    process.exit(1);
  }
}

run(process.execPath, ['scripts/build.mjs', '--production']);
// vsce writes into the folder but does not make it (a fresh home has no ~/.cache/openclaw-test yet).
mkdirSync(dirname(out), { recursive: true });
run(process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', out]);

const entries = listVsix(out);
const width = Math.max(...entries.map((e) => e.name.length));
for (const e of entries) console.log(`  ${e.name.padEnd(width)}  ${String(e.size).padStart(9)} B`);
const size = statSync(out).size;
console.log(`${out}: ${entries.length} files, ${(size / 1024 / 1024).toFixed(2)} MB compressed`);
// Declarations (dist/types/) and the policy debugger's source map ship on purpose.
const bad = entries.filter((e) => /(^|\/)node_modules\/|^extension\/(src|test|bench|simulator|agent|webview|proto\/generated)\/|\.ts$|\.map$/.test(e.name) && !e.name.endsWith('.d.ts') && e.name !== 'extension/dist/sim-debug.js.map');
if (bad.length) {
  console.error(`package: unexpected files in the package:\n  ${bad.map((e) => e.name).join('\n  ')}`);
  process.exit(1);
}
if (size > LIMIT) {
  console.error(`package: ${(size / 1024 / 1024).toFixed(2)} MB is over the 5 MB limit`);
  process.exit(1);
}
