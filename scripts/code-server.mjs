// Installs and caches code-server 4.100.3 (VS Code 1.100.3 served to a browser, Node 20 extension host)
// outside the repository, and starts it on loopback. Used by `npm start` and the e2e harness.
//   node scripts/code-server.mjs install     install into the cache if it is not there yet
//   node scripts/code-server.mjs path        print the entry script (installing first if needed)
// Its own postinstall downloads ripgrep from the internet, so the install is done by hand: the steps of
// the upstream package without the downloads, with the native modules rebuilt for this Node.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, renameSync, rmSync, symlinkSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { createServer } from 'node:net';

export const CODE_SERVER_VERSION = '4.100.3';
export const cacheDir = process.env.OPENCLAW_TEST_CACHE ?? join(homedir(), '.cache', 'openclaw-test');
export const installDir = join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
export const entryScript = join(installDir, 'out', 'node', 'entry.js');
const doneMarker = join(installDir, '.openclaw-installed');

export function isInstalled() {
  return existsSync(doneMarker) && existsSync(entryScript);
}

/**
 * The native modules are built against this Node's own headers when it has them (a distribution's
 * Node: /usr/include/node). Otherwise node-gyp downloads them, which fails offline, and depends on
 * the user's ~/.npmrc saying where they are: a fresh home has none.
 */
function nodeHeaders() {
  if (process.env.npm_config_nodedir) return {};
  const prefix = dirname(dirname(process.execPath));
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? { npm_config_nodedir: prefix } : {};
}

function sh(cmd, args, cwd, log) {
  log(`$ ${cmd} ${args.join(' ')}   (in ${cwd})`);
  const r = spawnSync(cmd, args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...nodeHeaders(), npm_config_yes: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) {
    const tail = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`code-server install: "${cmd} ${args.join(' ')}" failed in ${cwd} (exit ${r.status})\n${tail}`);
  }
}

function link(target, path) {
  rmSync(path, { force: true, recursive: false });
  symlinkSync(target, path);
}

/** Waits for another process's install (a lock file), or installs. Returns the entry script. */
export async function ensureCodeServer(log = (m) => console.error(`[code-server] ${m}`)) {
  if (isInstalled()) return entryScript;
  mkdirSync(cacheDir, { recursive: true });
  const lock = join(cacheDir, 'install.lock');
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      writeFileSync(lock, String(process.pid));
      break;
    } catch {
      const holder = Number(readFileSync(lock, 'utf8') || 0);
      const stale = !holder || !alive(holder) || Date.now() - statSync(lock).mtimeMs > 30 * 60_000;
      if (stale) { rmSync(lock, { force: true }); continue; }
      log(`waiting for the install in process ${holder}`);
      await new Promise((r) => setTimeout(r, 5000));
      if (isInstalled()) return entryScript;
    }
  }
  try {
    if (isInstalled()) return entryScript;
    log(`installing code-server ${CODE_SERVER_VERSION} into ${installDir} (a few minutes, once)`);
    const started = Date.now();
    const work = join(cacheDir, `tmp-${process.pid}`);
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    sh('npm', ['pack', `code-server@${CODE_SERVER_VERSION}`, '--silent'], work, log);
    sh('tar', ['xzf', `code-server-${CODE_SERVER_VERSION}.tgz`], work, log);
    const pkg = join(work, 'package');
    sh('npm', ['install', '--omit=dev', '--ignore-scripts'], pkg, log);
    sh('npm', ['rebuild', 'argon2'], pkg, log);
    const vs = join(pkg, 'lib', 'vscode');
    sh('npm', ['install', '--omit=dev', '--ignore-scripts'], vs, log);
    sh('npm', ['rebuild', 'kerberos', 'node-pty', '@parcel/watcher', 'native-watchdog', '@vscode/spdlog', '@vscode/sqlite3'], vs, log);
    mkdirSync(join(vs, 'node_modules/@vscode/ripgrep/bin'), { recursive: true });
    link('/usr/bin/rg', join(vs, 'node_modules/@vscode/ripgrep/bin/rg'));
    link('node_modules', join(vs, 'node_modules.asar'));
    link('code-linux.sh', join(vs, 'bin/remote-cli/code-server'));
    link('browser-linux.sh', join(vs, 'bin/helpers/browser.sh'));
    sh('npm', ['install', '--omit=dev', '--ignore-scripts'], join(vs, 'extensions'), log);
    writeFileSync(join(pkg, '.openclaw-installed'), new Date().toISOString());
    rmSync(installDir, { recursive: true, force: true });
    renameSync(pkg, installDir);
    rmSync(work, { recursive: true, force: true });
    log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
    return entryScript;
  } finally {
    rmSync(lock, { force: true });
  }
}

function alive(pid) {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = s.address().port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts code-server on loopback with its own user-data dir and resolves once it listens.
 * settings: written to <userDataDir>/User/settings.json.
 */
export async function startCodeServer({ port, userDataDir, workspace, settings = {}, log = () => {}, stdio = 'pipe' }) {
  const entry = await ensureCodeServer();
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(join(userDataDir, 'ext'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const args = [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', userDataDir,
    '--extensions-dir', join(userDataDir, 'ext'), '--disable-telemetry', '--disable-update-check',
    '--ignore-last-opened', workspace];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', stdio, stdio],
    // Its own process group, so stopCodeServer() ends the server and everything it started.
    detached: true,
    env: { ...process.env, VSCODE_PROXY_URI: '' },
  });
  let output = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not listen on ${port} within 60 s\n${output.slice(-2000)}`)), 60_000);
    const onData = (d) => {
      output += d;
      log(String(d));
      if (output.includes('HTTP server listening')) { clearTimeout(timer); resolve(); }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`code-server exited with ${code}\n${output.slice(-2000)}`)); });
    if (stdio !== 'pipe') { clearTimeout(timer); waitForPort(port, 60_000).then(resolve, reject); }
  });
  child.removeAllListeners('exit');
  // Its own process group does not die with ours: end it when this process ends, however it ends.
  process.once('exit', () => stopCodeServer(child));
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    if (process.listenerCount(sig) === 0) process.once(sig, () => process.exit(130));
  }
  return child;
}

/** Stops a server from startCodeServer(): its whole process group (extension hosts, terminals, agents). */
export function stopCodeServer(child) {
  try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
  setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 3000).unref();
}

async function waitForPort(port, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try { const r = await fetch(`http://127.0.0.1:${port}/healthz`); if (r.ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer on ${port} within ${ms} ms`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const cmd = process.argv[2] ?? 'install';
  if (cmd === 'install' || cmd === 'path') {
    const entry = await ensureCodeServer();
    if (cmd === 'path') console.log(entry);
    else console.error(`[code-server] ready: ${entry}`);
  } else {
    console.error(`unknown command "${cmd}"; expected install or path`);
    process.exit(2);
  }
}
