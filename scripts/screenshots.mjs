// `npm run screenshots`: the pictures in README.md and in the walkthrough, taken from the product by
// the tests that drive it (the e2e suite in a real VS Code, and the first-hour test from a fresh clone),
// so they never drift from what a user sees.
//   node scripts/screenshots.mjs            run those tests, then copy their screenshots into media/
//   node scripts/screenshots.mjs --no-run   copy what the last test run left in test-results/
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);

/** media file <- the screenshot a test writes into test-results/ */
export const SHOTS = {
  'media/screenshot-sidebar.png': 'e2e-sidebar-overview.png',
  'media/screenshot-logs.png': 'e2e-agent-logs-error.png',
  'media/walkthrough/walkthrough.png': 'first-hour-walkthrough.png',
  'media/walkthrough/simulated-job.png': 'first-hour-simulated-job.png',
  'media/walkthrough/never-fits.png': 'first-hour-never-fits.png',
  'media/walkthrough/real-job.png': 'first-hour-real-job.png',
};

function run(args) {
  const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`screenshots: ${args.join(' ')} failed (exit ${r.status}); media/ is left as it was`);
    process.exit(1);
  }
}

if (!process.argv.includes('--no-run')) {
  run(['scripts/test.mjs', 'e2e']);
  run([join(root, 'node_modules/mocha/bin/mocha.js'), '--require', 'tsx/cjs', '--timeout', '1200000', '--exit', 'test/integration/first-hour.test.ts']);
}

let missing = 0;
for (const [to, from] of Object.entries(SHOTS)) {
  const src = join(root, 'test-results', from);
  if (!existsSync(src)) {
    console.error(`screenshots: test-results/${from} is missing (for ${to})`);
    missing++;
    continue;
  }
  copyFileSync(src, join(root, to));
  console.log(`${to}  <-  test-results/${from}  (${Math.round(statSync(src).size / 1024)} KB)`);
}
process.exit(missing ? 1 : 0);
