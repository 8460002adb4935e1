/**
 * The e2e suite: OpenClaw inside a real VS Code.
 *
 * Default (code-server): installs and caches code-server 4.100.3 (VS Code 1.100.3) outside the repo,
 * starts it on loopback with a fresh user-data folder, opens it in headless Chromium with this
 * extension under development and the bundled mocha suite as extensionTestsPath, serves screenshots
 * and keystrokes to the tests over a loopback port, and writes $OPENCLAW_TEST_STATS.
 * With OPENCLAW_E2E_VSCODE=desktop: the same suite runs in desktop VS Code through @vscode/test-cli
 * (.vscode-test.mjs), for machines that can download VS Code.
 *
 *   node -r tsx/cjs test/e2e/harness.ts [--grep TEXT] [--bundle tests.js|bench.js] [--empty-workspace] [--keep]
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildE2E } from './build-e2e';

const root = join(__dirname, '..', '..');
const results = join(root, 'test-results');
const args = process.argv.slice(2);
const argValue = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const grep = argValue('--grep') ?? process.env.OPENCLAW_E2E_GREP;
const bundle = argValue('--bundle') ?? 'tests.js';
const keep = args.includes('--keep');
/** An empty folder instead of the examples: nothing in it activates the extension (for the activation figure). */
const emptyWorkspace = args.includes('--empty-workspace');
const statsFile = process.env.OPENCLAW_TEST_STATS ?? join(results, 'e2e.stats.json');

interface Stats {
  passes: number;
  failures: number;
  pending: number;
  failed: { title: string; error: string }[];
}

function writeStats(s: Stats): void {
  writeFileSync(statsFile, JSON.stringify(s));
}

function fail(title: string, error: string): never {
  console.error(`e2e: ${title}: ${error}`);
  writeStats({ passes: 0, failures: 1, pending: 0, failed: [{ title, error }] });
  process.exit(1);
}

/**
 * A private copy of the built extension (manifest, dist, media, schemas): what a .vsix holds, and
 * safe from a rebuild of dist/ while the suite runs.
 */
export function stageExtension(): string {
  const stage = join(root, 'out', 'e2e', 'extension');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  // A build running in the same tree empties dist/ for a few seconds: wait for it.
  for (let i = 0; i < 60 && !existsSync(join(root, 'dist', 'extension-runtime.js')); i++) spawnSync('sleep', ['1']);
  if (!existsSync(join(root, 'dist', 'extension.js'))) fail('staging', 'dist/extension.js is missing: run `node scripts/build.mjs` first');
  // Source maps stay behind unless the .vsix ships them (.vscodeignore names each one): the debugger
  // must do without the others, as it does in an installed extension.
  const shippedMaps = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n').filter((l) => /^!\S+\.map$/.test(l)).map((l) => join(root, l.slice(1)));
  const staged = (src: string) => !src.endsWith('.map') || shippedMaps.includes(src);
  for (const part of ['package.json', 'dist', 'media', 'schemas', 'LICENSE', 'README.md', 'data/gavel_simulation_throughputs.json', 'data/PROVENANCE.md']) {
    if (existsSync(join(root, part))) cpSync(join(root, part), join(stage, part), { recursive: true, filter: staged });
  }
  return stage;
}

/** A workspace like a user's: the examples, plus the e2e fixtures, in a fresh temp folder. */
export function prepareWorkspace(): string {
  const ws = mkdtempSync(join(tmpdir(), 'openclaw-e2e-ws-'));
  if (emptyWorkspace) return ws;
  const examples = join(root, 'examples');
  if (existsSync(examples)) cpSync(examples, ws, { recursive: true, filter: (src) => !/(__pycache__|checkpoints?|ckpt|\.openclaw)$/.test(src) });
  cpSync(join(__dirname, 'fixtures'), join(ws, 'fixtures'), { recursive: true });
  return ws;
}

async function runDesktop(workspace: string): Promise<number> {
  // @vscode/test-cli downloads desktop VS Code and runs the same bundle with its own mocha.
  const r = spawnSync(process.execPath, [join(root, 'node_modules/@vscode/test-cli/out/bin.mjs'), '--config', join(root, '.vscode-test.mjs')], {
    stdio: 'inherit',
    env: { ...process.env, OPENCLAW_E2E_WORKSPACE: workspace, OPENCLAW_TEST_STATS: statsFile, OPENCLAW_E2E_BUNDLE: bundle },
  });
  if (!existsSync(statsFile)) fail('desktop VS Code', `@vscode/test-cli exited with ${r.status} and reported nothing`);
  return r.status ?? 1;
}

/** scripts/code-server.mjs, shared with `npm start`. */
interface CodeServerModule {
  CODE_SERVER_VERSION: string;
  ensureCodeServer(log?: (m: string) => void): Promise<string>;
  freePort(): Promise<number>;
  stopCodeServer(child: import('node:child_process').ChildProcess): void;
  startCodeServer(o: { port: number; userDataDir: string; workspace: string; settings?: Record<string, unknown>; log?: (t: string) => void }): Promise<import('node:child_process').ChildProcess>;
}

interface Control {
  url: string;
  server: http.Server;
  ended: Promise<Stats>;
}

/** The loopback endpoint the tests call for screenshots, keys and progress. */
function startControl(page: () => import('playwright-core').Page | undefined): Promise<Control> {
  let endResolve!: (s: Stats) => void;
  const ended = new Promise<Stats>((r) => (endResolve = r));
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    // Every error is answered in the handler's catch: nothing is left to reject.
    req.on('end', () => void (async () => {
      const reply = (code: number, value: unknown) => {
        res.writeHead(code, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      try {
        const msg = body ? JSON.parse(body) : {};
        const p = page();
        if (req.url === '/event') {
          if (msg.kind === 'pass') console.log(`  ✔ ${msg.title} (${msg.ms} ms)`);
          else if (msg.kind === 'pending') console.log(`  - ${msg.title}`);
          else if (msg.kind === 'fail') console.log(`  ✘ ${msg.title}\n      ${String(msg.error).split('\n').slice(0, 8).join('\n      ')}`);
          else if (msg.kind === 'end') endResolve(msg.stats);
          else if (msg.kind === 'log') console.log(`    ${msg.text}`);
          return reply(200, {});
        }
        if (!p) return reply(503, { error: 'no page' });
        if (req.url === '/screenshot') {
          const path = join(results, `e2e-${String(msg.name).replace(/[^A-Za-z0-9_.-]/g, '-')}.png`);
          await p.screenshot({ path });
          return reply(200, { path });
        }
        if (req.url === '/keys') {
          for (const step of msg.sequence as ({ press: string } | { type: string })[]) {
            if ('press' in step) await p.keyboard.press(step.press);
            else await p.keyboard.type(step.type, { delay: 10 });
            await p.waitForTimeout(120);
          }
          return reply(200, {});
        }
        if (req.url === '/text') {
          const text = await p.locator(msg.selector).allInnerTexts();
          return reply(200, { text: text.join('\n') });
        }
        if (req.url === '/click') {
          await p.locator(msg.selector).first().click({ timeout: 10_000 });
          return reply(200, {});
        }
        if (req.url === '/webview') {
          // Webview pages are nested iframes: the frame is the one showing the page's root element (`marker`).
          const frame = await webviewFrame(p, msg.marker as string);
          if (msg.op === 'click') {
            await frame.locator(msg.selector).first().click({ timeout: 10_000, ...(msg.position ? { position: msg.position } : {}) });
            return reply(200, {});
          }
          if (msg.op === 'eval') return reply(200, { value: await frame.evaluate(msg.expression as string) });
          return reply(400, { error: `unknown webview op ${msg.op}` });
        }
        reply(404, { error: `unknown ${req.url}` });
      } catch (err) {
        reply(500, { error: (err as Error).message });
      }
    })());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const a = server.address();
    resolve({ url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`, server, ended });
  }));
}

async function webviewFrame(p: import('playwright-core').Page, marker: string): Promise<import('playwright-core').Frame> {
  for (const f of p.frames()) {
    const el = f.locator(marker).first();
    if ((await el.count().catch(() => 0)) > 0 && (await el.isVisible().catch(() => false))) return f;
  }
  throw new Error(`no visible webview shows ${marker}`);
}

async function runCodeServer(workspace: string, outDir: string): Promise<number> {
  const cs = (await import(join(root, 'scripts/code-server.mjs'))) as CodeServerModule;
  const started = Date.now();
  await cs.ensureCodeServer((m: string) => console.log(`[code-server] ${m}`));
  const { chromium } = await import('playwright-core');
  let page: import('playwright-core').Page | undefined;
  const control = await startControl(() => page);
  const userData = mkdtempSync(join(tmpdir(), 'openclaw-e2e-ud-'));
  const port = await cs.freePort();
  const resultFile = join(userData, 'result.json');
  process.env.OPENCLAW_E2E_CONTROL = control.url;
  process.env.OPENCLAW_E2E_RESULT = resultFile;
  process.env.OPENCLAW_E2E_BUNDLE = bundle;
  process.env.OPENCLAW_E2E_REPO = root;
  if (grep) process.env.OPENCLAW_E2E_GREP = grep;
  let serverLog = '';
  const server = await cs.startCodeServer({
    port,
    userDataDir: userData,
    workspace,
    settings: {
      // The window opens in Restricted Mode; 00-restricted.test.ts checks it, then trusts the workspace.
      'security.workspace.trust.enabled': true,
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.emptyWindow': false,
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'remote.autoForwardPorts': false,
      'window.commandCenter': false,
      'workbench.colorTheme': 'Default Dark Modern',
      'openclaw.simulator.speedup': 600,
      'openclaw.jobs.refreshDelayMs': 100,
    },
    log: (t: string) => (serverLog += t),
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const cleanup = async () => {
    await browser.close().catch(() => undefined);
    cs.stopCodeServer(server);
    control.server.close();
    if (!keep) rmSync(userData, { recursive: true, force: true });
  };
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /openclaw/i.test(m.text())) consoleErrors.push(m.text());
    });
    const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(stageExtension())],
      ['extensionTestsPath', remote(join(outDir, 'index.js'))],
    ];
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    console.log(`e2e: VS Code ${cs.CODE_SERVER_VERSION.replace(/^4\./, '1.')} (code-server ${cs.CODE_SERVER_VERSION}) on 127.0.0.1:${port}, ready in ${Date.now() - started} ms`);
    await page.goto(url);
    const timeoutMs = Number(process.env.OPENCLAW_E2E_SUITE_TIMEOUT ?? 15 * 60_000);
    const stats = await Promise.race([
      control.ended,
      new Promise<Stats>((resolve) => {
        const poll = setInterval(() => {
          if (existsSync(resultFile)) {
            clearInterval(poll);
            resolve(JSON.parse(readFileSync(resultFile, 'utf8')));
          }
        }, 500);
      }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the suite did not finish within ${timeoutMs / 1000} s`)), timeoutMs)),
    ]);
    if (consoleErrors.length) console.log(`e2e: workbench console errors from OpenClaw:\n  ${consoleErrors.slice(0, 10).join('\n  ')}`);
    writeStats(stats);
    console.log(`e2e: ${stats.passes} passing, ${stats.failures} failing${stats.pending ? `, ${stats.pending} pending` : ''} in ${Math.round((Date.now() - started) / 1000)} s`);
    return stats.failures ? 1 : 0;
  } catch (err) {
    if (page) await page.screenshot({ path: join(results, 'e2e-harness-failure.png') }).catch(() => undefined);
    console.error(serverLog.split('\n').slice(-30).join('\n'));
    fail('harness', (err as Error).message);
  } finally {
    await cleanup();
  }
}

async function main(): Promise<void> {
  mkdirSync(results, { recursive: true });
  rmSync(statsFile, { force: true });
  const outDir = await buildE2E();
  const workspace = prepareWorkspace();
  let code: number;
  try {
    code = process.env.OPENCLAW_E2E_VSCODE === 'desktop' ? await runDesktop(workspace) : await runCodeServer(workspace, outDir);
  } finally {
    if (!keep) rmSync(workspace, { recursive: true, force: true });
    else console.log(`e2e: kept workspace ${workspace}`);
  }
  process.exit(code);
}

if (require.main === module) {
  main().catch((err) => fail('harness', (err as Error).stack ?? String(err)));
}
