/**
 * Loads a panel's built bundle in headless Chromium inside the same page (and CSP) the extension
 * generates, with a stand-in for VS Code's `acquireVsCodeApi` that records what the page posts and
 * keeps its state, and the theme variables VS Code sets on the page.
 */
import { createServer, type Server } from 'node:http';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { makeNonce, pageHtml } from '../../src/extension/webviews/page-html';

const root = join(__dirname, '../..');
const distWebview = join(root, 'dist/webview');
export const resultsDir = join(root, 'test-results');

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json', '.html': 'text/html' };

/** A slice of VS Code's Dark Modern theme, as the webview host puts it on <html>. */
export const DARK_THEME: Record<string, string> = {
  '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-font-weight': 'normal',
  '--vscode-editor-font-family': '"Droid Sans Mono", monospace',
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-errorForeground': '#f85149',
  '--vscode-focusBorder': '#0078d4',
  '--vscode-panel-border': '#2b2b2b',
  '--vscode-widget-border': '#313131',
  '--vscode-charts-foreground': '#cccccc',
  '--vscode-charts-lines': '#cccccc80',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-purple': '#b180d7',
  '--vscode-editorHoverWidget-background': '#202020',
  '--vscode-editorHoverWidget-foreground': '#cccccc',
  '--vscode-editorHoverWidget-border': '#454545',
  '--vscode-textLink-foreground': '#4daafc',
  '--vscode-textLink-activeForeground': '#4daafc',
  '--vscode-button-background': '#0078d4',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-hoverBackground': '#026ec1',
  '--vscode-button-secondaryBackground': '#313131',
  '--vscode-button-secondaryForeground': '#cccccc',
  '--vscode-input-background': '#313131',
  '--vscode-input-foreground': '#cccccc',
  '--vscode-input-border': '#3c3c3c',
  '--vscode-input-placeholderForeground': '#989898',
  '--vscode-dropdown-background': '#313131',
  '--vscode-dropdown-foreground': '#cccccc',
  '--vscode-dropdown-border': '#3c3c3c',
  '--vscode-dropdown-listBackground': '#1f1f1f',
  '--vscode-list-activeSelectionBackground': '#04395e',
  '--vscode-list-hoverBackground': '#2a2d2e',
  '--vscode-list-focusOutline': '#0078d4',
  '--vscode-settings-textInputBackground': '#313131',
  '--vscode-settings-dropdownBackground': '#313131',
  '--vscode-badge-background': '#616161',
  '--vscode-badge-foreground': '#f8f8f8',
  '--vscode-progressBar-background': '#0078d4',
  '--vscode-scrollbarSlider-background': '#79797966',
  '--vscode-icon-foreground': '#cccccc',
  '--vscode-toolbar-hoverBackground': '#5a5d5e50',
  '--vscode-keybindingTable-rowsBackground': '#ffffff0a',
  '--vscode-tab-activeBorderTop': '#0078d4',
  '--vscode-panelTitle-activeForeground': '#cccccc',
  '--vscode-panelTitle-inactiveForeground': '#9d9d9d',
  '--vscode-panelTitle-activeBorder': '#0078d4',
  '--vscode-sash-hoverBorder': '#0078d4',
};

export interface Harness {
  browser: Browser;
  server: Server;
  origin: string;
  close(): Promise<void>;
}

const PANELS = ['device-map', 'job-detail', 'sim-report', 'time-travel'];

/**
 * Serves a private copy of dist/webview, so that a rebuild (which empties dist/) during a run does
 * not pull files from under the pages. Waits a little for a build in progress to finish.
 */
async function copyOfBundles(): Promise<string> {
  const deadline = Date.now() + 60_000;
  const complete = () => ['codicon.css', ...PANELS.map((p) => `${p}.js`)].every((f) => existsSync(join(distWebview, f)));
  for (;;) {
    while (!complete()) {
      if (Date.now() > deadline) throw new Error('dist/webview is missing: run `node scripts/build.mjs` first');
      await new Promise((r) => setTimeout(r, 500));
    }
    await new Promise((r) => setTimeout(r, 200));
    const dir = mkdtempSync(join(tmpdir(), 'openclaw-webview-'));
    try {
      cpSync(distWebview, dir, { recursive: true });
      if (PANELS.every((p) => existsSync(join(dir, `${p}.js`)))) return dir;
    } catch {
      // A rebuild emptied dist/ while copying: wait for it to finish and copy again.
    }
    rmSync(dir, { recursive: true, force: true });
    if (Date.now() > deadline) throw new Error('dist/webview kept changing: is a build running in watch mode?');
  }
}

export async function startHarness(): Promise<Harness> {
  const served = await copyOfBundles();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const page = url.pathname.match(/^\/page\/([a-z-]+)\.html$/);
    if (page) {
      const origin = `http://${req.headers.host}`;
      const html = pageHtml({
        title: page[1]!,
        cspSource: origin,
        scriptUri: `${origin}/dist/webview/${page[1]}.js`,
        codiconUri: `${origin}/dist/webview/codicon.css`,
        nonce: makeNonce(),
      });
      res.writeHead(200, { 'content-type': 'text/html' }).end(html);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^\/dist\/webview\//, '');
    const file = join(served, rel);
    if (!file.startsWith(served) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    browser,
    server,
    origin,
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(served, { recursive: true, force: true });
    },
  };
}

export interface Panel {
  page: Page;
  /** Console errors, page errors and CSP violations seen so far. */
  problems: string[];
  /** Messages the page posted to the host, in order. */
  posted(): Promise<Array<{ type: string; [k: string]: unknown }>>;
  /** Waits for the page to post a message of this type (after `after` earlier ones) and returns it. */
  waitFor(type: string, after?: number): Promise<{ type: string; [k: string]: unknown }>;
  /** Delivers a message from the host. */
  send(message: unknown): Promise<void>;
  state(): Promise<unknown>;
  screenshot(name: string): Promise<string>;
}

export async function openPanel(
  h: Harness,
  panel: string,
  options: { width?: number; height?: number; state?: unknown; allowErrors?: RegExp } = {},
): Promise<Panel> {
  const context = await h.browser.newContext({ viewport: { width: options.width ?? 1100, height: options.height ?? 700 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !(options.allowErrors && options.allowErrors.test(msg.text()))) problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  // The test code is transpiled with names kept (esbuild's __name helper); functions sent to the
  // page need the helper there too.
  await page.addInitScript('window.__name = (f) => f;');
  await page.addInitScript(
    ({ theme, state }) => {
      const w = window as unknown as Record<string, unknown>;
      const posted: unknown[] = [];
      let saved: unknown = state;
      w.__posted = posted;
      w.__csp = [] as string[];
      w.acquireVsCodeApi = () => ({
        postMessage: (m: unknown) => posted.push(JSON.parse(JSON.stringify(m))),
        getState: () => saved,
        setState: (s: unknown) => {
          saved = JSON.parse(JSON.stringify(s));
          w.__state = saved;
        },
      });
      document.addEventListener('securitypolicyviolation', (e) => (w.__csp as string[]).push(`${e.violatedDirective} ${e.blockedURI}`));
      const apply = () => {
        if (!document.documentElement) return;
        for (const [k, v] of Object.entries(theme)) document.documentElement.style.setProperty(k, v);
        document.body?.classList.add('vscode-dark');
      };
      apply();
      document.addEventListener('DOMContentLoaded', apply);
    },
    { theme: DARK_THEME, state: options.state },
  );
  await page.goto(`${h.origin}/page/${panel}.html`);
  const result: Panel = {
    page,
    problems,
    posted: () => page.evaluate(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted),
    async waitFor(type, after = 0) {
      const handle = await page
        .waitForFunction(
          ({ type, after }) => {
            const all = (window as unknown as { __posted: Array<{ type: string }> }).__posted;
            let seen = 0;
            for (const m of all) if (m.type === type && seen++ >= after) return m;
            return undefined;
          },
          { type, after },
          { timeout: 20_000 },
        )
        .catch(async (err: Error) => {
          const seen = await result.posted().catch(() => []);
          throw new Error(`no "${type}" message from the page (posted: ${seen.map((m) => m.type).join(', ') || 'nothing'}; problems: ${problems.join(' | ') || 'none'}): ${err.message}`);
        });
      return (await handle.jsonValue()) as { type: string; [k: string]: unknown };
    },
    async send(message) {
      await page.evaluate((m) => window.postMessage(m, '*'), message);
      // Let the message event run and lit render.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    },
    state: () => page.evaluate(() => (window as unknown as { __state: unknown }).__state),
    async screenshot(name) {
      mkdirSync(resultsDir, { recursive: true });
      const path = join(resultsDir, `webview-${name}.png`);
      await page.screenshot({ path });
      return path;
    },
  };
  return result;
}

/** Problems seen so far, CSP violations included. */
export async function problemsOf(p: Panel): Promise<string[]> {
  const csp = await p.page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  return [...p.problems, ...csp.map((c) => `CSP violation: ${c}`)];
}
