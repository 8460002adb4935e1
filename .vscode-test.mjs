// The e2e suite in desktop VS Code, for machines that can download it:
//   OPENCLAW_E2E_VSCODE=desktop npm test -- e2e
// (test/e2e/harness.ts builds out/e2e/tests.js, prepares the workspace and calls @vscode/test-cli with this file).
// Without the variable the same suite runs in code-server 4.100.3 (VS Code 1.100.3) in headless Chromium.
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'e2e',
  files: `out/e2e/${process.env.OPENCLAW_E2E_BUNDLE ?? 'tests.js'}`,
  version: '1.100.3',
  workspaceFolder: process.env.OPENCLAW_E2E_WORKSPACE ?? 'examples',
  extensionDevelopmentPath: '.',
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  env: { OPENCLAW_E2E_REPO: process.cwd() },
  mocha: {
    ui: 'bdd',
    timeout: 120000,
    reporter: new URL('./scripts/mocha-stats-reporter.cjs', import.meta.url).pathname,
  },
});
