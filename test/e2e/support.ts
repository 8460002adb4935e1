/**
 * Helpers for the tests that run inside the extension host: the extension's API, waiting for a
 * condition, and asking the harness (over a loopback port) for screenshots and keystrokes in the
 * real workbench. Under @vscode/test-cli there is no harness: screenshots and keys are skipped.
 */
import * as http from 'node:http';
import * as vscode from 'vscode';
import type { OpenClawApi } from '../../src/extension/activation';

export const EXTENSION_ID = 'openclaw.openclaw';

export async function openclaw(): Promise<OpenClawApi> {
  const ext = vscode.extensions.getExtension<OpenClawApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in this window`);
  return ext.isActive ? ext.exports : ext.activate();
}

export function workspaceRoot(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error('the test window has no workspace folder');
  return f.uri;
}

export function file(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), rel);
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) {
      await screenshot(`timeout-${what.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60)}`).catch(() => undefined);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const control = process.env.OPENCLAW_E2E_CONTROL;

/** True when the harness drives a browser (code-server); false under @vscode/test-cli. */
export const hasHarness = !!control;

export function post(path: string, body: unknown): Promise<unknown> {
  if (!control) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = http.request(`${control}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': data.length } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => (res.statusCode === 200 ? resolve(text ? JSON.parse(text) : undefined) : reject(new Error(`harness ${path}: ${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    req.end(data);
  });
}

/** A screenshot of the whole workbench into test-results/e2e-<name>.png; returns its path. */
export async function screenshot(name: string): Promise<string | undefined> {
  await sleep(400); // let the tree and status bar paint
  const r = (await post('/screenshot', { name })) as { path?: string } | undefined;
  return r?.path;
}

/** Key presses in the workbench (Playwright names: "Enter", "Escape", "Control+Shift+P"), or text to type. */
export async function keys(...sequence: ({ press: string } | { type: string })[]): Promise<void> {
  await post('/keys', { sequence });
}

/** Text visible in the workbench for a CSS selector (all matches joined by newlines). */
export async function textOf(selector: string): Promise<string> {
  const r = (await post('/text', { selector })) as { text?: string } | undefined;
  // Editors render spaces as no-break spaces.
  return (r?.text ?? '').replace(/\u00a0/g, ' ');
}

export async function click(selector: string): Promise<void> {
  await post('/click', { selector });
}

/**
 * A click in the visible webview page whose root element matches `marker` (e.g. 'device-map-app'),
 * on `selector` (CSS, through shadow roots), at `position` relative to the element's top left.
 */
export async function webviewClick(marker: string, selector: string, position?: { x: number; y: number }): Promise<void> {
  await post('/webview', { marker, op: 'click', selector, position });
}

/** Evaluates an expression in that webview page and returns its (JSON) value. */
export async function webviewEval<T>(marker: string, expression: string): Promise<T | undefined> {
  const r = (await post('/webview', { marker, op: 'eval', expression })) as { value?: T } | undefined;
  return r?.value;
}

/** Trusts the workspace through the real Workspace Trust editor (the window opens in Restricted Mode). */
export async function ensureTrusted(): Promise<void> {
  if (vscode.workspace.isTrusted || !hasHarness) return;
  await vscode.commands.executeCommand('workbench.trust.manage');
  await click('.workspace-trust-editor .monaco-button:has-text("Trust")');
  await waitFor('trust granted', () => vscode.workspace.isTrusted);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Where the runner offers reloadWindow its hook (the suite and the runner are separate bundles). */
export const RELOAD_HOOK = '__openclawE2eReload';

/** What the runner keeps across a window reload: the tests done, their stats, and the reloading test's data. */
export interface ReloadState {
  done: string[];
  stats: { passes: number; failures: number; pending: number; failed: { title: string; error: string }[] };
  data: unknown;
}

/**
 * Reloads the window ("Developer: Reload Window") from the running test, which counts as passed:
 * the reloaded window runs the tests after it, and `reloadedWith()` gives them `data`.
 * Never resolves (the extension host ends).
 */
export async function reloadWindow(title: string, data: unknown): Promise<never> {
  const hook = (globalThis as Record<string, unknown>)[RELOAD_HOOK] as ((title: string, data: unknown) => void) | undefined;
  if (!hook) throw new Error('reloading the window needs the code-server harness');
  hook(title, data);
  return new Promise<never>(() => undefined);
}

/** The data the test before a window reload gave reloadWindow; undefined when the window was not reloaded. */
export function reloadedWith<T>(): T | undefined {
  return (globalThis as Record<string, unknown>)[`${RELOAD_HOOK}:data`] as T | undefined;
}
