// `npm start`: builds OpenClaw, packages and installs it into a browser-served VS Code (code-server
// 4.100.3, installed once into ~/.cache/openclaw-test), opens a demo workspace made from examples/
// with the local simulator connected, and prints the URL to open. Ctrl-C stops it.
//   OPENCLAW_PORT=8321 npm start        choose the port (default: 8321, or the next free one)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { cacheDir, ensureCodeServer, entryScript, startCodeServer, stopCodeServer } from './code-server.mjs';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);

function step(what, cmd, args) {
  console.log(`openclaw: ${what}`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(r.stdout?.split('\n').slice(-20).join('\n'));
    console.error(`openclaw: ${what} failed (exit ${r.status})`);
    process.exit(1);
  }
}

function portFree(port) {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

// A fresh clone: the npm packages, and what code-server's native modules need from the system.
if (!existsSync(join(root, 'node_modules', 'esbuild'))) step('installing npm packages (npm ci)', 'npm', ['ci', '--no-audit', '--no-fund']);
const missing = [['/usr/bin/rg', 'ripgrep'], ['/usr/include/krb5.h', 'libkrb5-dev']].filter(([f]) => !existsSync(f)).map(([, pkg]) => pkg);
if (missing.length) {
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    step('apt-get update', 'apt-get', ['update', '-qq']);
    step(`installing ${missing.join(', ')}`, 'apt-get', ['install', '-y', '-qq', ...missing]);
  } else {
    console.error(`openclaw: VS Code (code-server) needs ${missing.join(' and ')}: sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
}

mkdirSync(cacheDir, { recursive: true });
const vsix = join(cacheDir, 'openclaw-start.vsix');
step('building', process.execPath, ['scripts/build.mjs']);
step('packaging the extension', process.execPath, ['scripts/package.mjs', '--out', vsix]);
console.log('openclaw: getting VS Code (code-server 4.100.3; the first time takes a few minutes)');
await ensureCodeServer((m) => console.log(`  ${m}`));

// The demo workspace: a fresh copy of examples/, set to connect to the local simulator.
const demo = join(cacheDir, 'demo-workspace');
rmSync(demo, { recursive: true, force: true });
cpSync(join(root, 'examples'), demo, { recursive: true, filter: (src) => !/(__pycache__|\.openclaw|ckpt)$/.test(src) });
mkdirSync(join(demo, '.vscode'), { recursive: true });
writeFileSync(join(demo, '.vscode', 'settings.json'), JSON.stringify({
  'openclaw.defaultCluster': 'simulator:dgx-a100',
  'openclaw.showSidebarOnStartup': true,
  'openclaw.pythonPath': '/usr/bin/python3',
}, null, 2));

const profile = join(cacheDir, 'start-profile');
mkdirSync(join(profile, 'ext'), { recursive: true });
const install = spawnSync(process.execPath, [entryScript, '--user-data-dir', profile, '--extensions-dir', join(profile, 'ext'), '--install-extension', vsix, '--force'], { encoding: 'utf8' });
if (install.status !== 0) {
  console.error(`${install.stdout}\n${install.stderr}`);
  console.error('openclaw: installing the extension into code-server failed');
  process.exit(1);
}

let port = Number(process.env.OPENCLAW_PORT ?? 8321);
while (!(await portFree(port))) port++;
const server = await startCodeServer({
  port,
  userDataDir: profile,
  workspace: demo,
  settings: {
    // The demo workspace is ours: trusting it lets the walkthrough launch jobs straight away.
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.colorTheme': 'Default Dark Modern',
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'update.mode': 'none',
    'remote.autoForwardPorts': false,
  },
});
const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(demo)}`;
console.log(`\nOpenClaw is running in VS Code at:\n\n    ${url}\n`);
console.log('The OpenClaw sidebar opens with the local simulator connected: open pytorch-ddp/train.claw.yaml and click "Launch".');
console.log('Headless instead: node dist/cli.js sim --cluster dgx-a100 --workload examples/workloads/gavel-generated.yaml');
console.log('Ctrl-C stops the server.');
const stop = () => {
  stopCodeServer(server);
  setTimeout(() => process.exit(0), 200);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => {
  console.log(`code-server exited (${code})`);
  process.exit(code ?? 0);
});
if (!existsSync(entryScript)) process.exit(1);
