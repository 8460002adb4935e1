// `npm test`: builds, then runs every suite and ends with one summary line.
//   npm test                 all suites
//   npm test -- unit webview only those suites
// Suites: typecheck, lint (ESLint, eslint.config.mjs), unit, integration (real processes: agents, PyTorch, Slurm), webview
// (panels in headless Chromium), e2e (the extension inside a real VS Code).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
const ALL = ['typecheck', 'lint', 'unit', 'integration', 'webview', 'e2e'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const suites = wanted.length ? wanted : ALL;
for (const s of suites) if (!ALL.includes(s)) {
  console.error(`unknown suite "${s}"; expected one of ${ALL.join(', ')}`);
  process.exit(2);
}
mkdirSync(join(root, 'test-results'), { recursive: true });

function run(cmd, args, env = {}) {
  return spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;
}

const build = run(process.execPath, ['scripts/build.mjs']);
if (build !== 0) {
  console.log('\n0 passed, 1 failed (the build failed)');
  process.exit(1);
}

const mocha = join(root, 'node_modules/mocha/bin/mocha.js');
const totals = { passes: 0, failures: 0, pending: 0 };
const failed = [];

function mochaSuite(name, timeoutMs) {
  const dir = join(root, 'test', name);
  const files = existsSync(dir)
    ? readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.test.ts')).map((f) => join('test', name, f)).sort()
    : [];
  if (files.length === 0) return;
  const stats = join(root, 'test-results', `${name}.stats.json`);
  rmSync(stats, { force: true });
  console.log(`\n=== ${name} (${files.length} files) ===`);
  const code = run(process.execPath, [mocha, '--require', 'tsx/cjs', '--reporter', join(root, 'scripts/mocha-stats-reporter.cjs'), '--timeout', String(timeoutMs), '--exit', ...files], { OPENCLAW_TEST_STATS: stats });
  collect(name, stats, code);
}

function collect(name, statsFile, code) {
  if (!existsSync(statsFile)) {
    totals.failures += 1;
    failed.push(`${name}: the suite did not report (exit ${code})`);
    return;
  }
  const s = JSON.parse(readFileSync(statsFile, 'utf8'));
  totals.passes += s.passes;
  totals.failures += s.failures;
  totals.pending += s.pending;
  for (const f of s.failed ?? []) failed.push(`${name}: ${f.title}: ${f.error}`);
  if (code !== 0 && s.failures === 0) {
    totals.failures += 1;
    failed.push(`${name}: exited with ${code}`);
  }
}

for (const suite of suites) {
  if (suite === 'typecheck') {
    console.log('\n=== typecheck ===');
    const code = run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.', '--noEmit']);
    if (code === 0) totals.passes += 1;
    else { totals.failures += 1; failed.push('typecheck: tsc reported errors'); }
  } else if (suite === 'lint') {
    console.log('\n=== lint ===');
    const code = run(process.execPath, [join(root, 'node_modules/eslint/bin/eslint.js'), '.']);
    if (code === 0) totals.passes += 1;
    else { totals.failures += 1; failed.push('lint: eslint reported problems'); }
  } else if (suite === 'e2e') {
    const harness = join(root, 'test/e2e/harness.ts');
    if (!existsSync(harness)) continue;
    console.log('\n=== e2e (real VS Code) ===');
    const stats = join(root, 'test-results', 'e2e.stats.json');
    rmSync(stats, { force: true });
    const code = run(process.execPath, ['--require', 'tsx/cjs', harness], { OPENCLAW_TEST_STATS: stats });
    collect('e2e', stats, code);
  } else {
    mochaSuite(suite, suite === 'unit' ? 20000 : 180000);
  }
}

if (failed.length) {
  console.log('\nFailures:');
  for (const f of failed) console.log(`  - ${f}`);
}
console.log(`\n${totals.passes} passed, ${totals.failures} failed${totals.pending ? `, ${totals.pending} skipped` : ''}`);
process.exit(totals.failures ? 1 : 0);
