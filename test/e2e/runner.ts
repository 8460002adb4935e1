/**
 * extensionTestsPath for the code-server harness: runs the bundled mocha suite inside the extension
 * host, reports each test to the harness as it ends, and writes the stats file the harness reads.
 *
 * A test may reload the window (reloadWindow in support.ts): the extension host ends, the reloaded
 * window runs this again, and the suite goes on after the tests already done, adding their stats.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import Mocha from 'mocha';
import { ensureTrusted, post, RELOAD_HOOK, type ReloadState } from './support';

interface Stats {
  passes: number;
  failures: number;
  pending: number;
  failed: { title: string; error: string }[];
}

/** Selects the tests whose full title passes `keep` (mocha asks its grep only to `test` a title). */
class TitleFilter extends RegExp {
  constructor(private readonly keep: (title: string) => boolean) {
    super('');
  }
  override test(title: string): boolean {
    return this.keep(title);
  }
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: Number(process.env.OPENCLAW_E2E_TIMEOUT ?? 120_000), color: false, reporter: 'dot' });
  const grep = process.env.OPENCLAW_E2E_GREP;
  const resultFile = process.env.OPENCLAW_E2E_RESULT;
  const reloadFile = resultFile ? `${resultFile}.reload.json` : undefined;
  // After a reload: what ran before it.
  const before: ReloadState | undefined = reloadFile && existsSync(reloadFile) ? (JSON.parse(readFileSync(reloadFile, 'utf8')) as ReloadState) : undefined;
  if (reloadFile) rmSync(reloadFile, { force: true });
  const done = new Set(before?.done ?? []);
  const wanted = grep ? new RegExp(grep) : undefined;
  if (wanted || before) mocha.grep(new TitleFilter((t) => !done.has(t) && (!wanted || wanted.test(t))));
  // The window opens in Restricted Mode and the trust tests trust it; a run without them trusts it first.
  const trustFirst = !!grep && !/trust/i.test(grep);
  mocha.addFile(join(__dirname, process.env.OPENCLAW_E2E_BUNDLE ?? 'tests.js'));
  return (trustFirst ? ensureTrusted() : Promise.resolve()).then(() => new Promise<void>((resolve) => {
    const failed: { title: string; error: string }[] = [...(before?.stats.failed ?? [])];
    const base = before?.stats ?? { passes: 0, failures: 0, pending: 0 };
    const ran: string[] = [...done];
    const runner = mocha.run();
    const stats = (): Stats => {
      const s = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      return { passes: base.passes + s.passes, failures: base.failures + s.failures, pending: base.pending + s.pending, failed };
    };
    // The test that reloads counts as passed: the window it ran in ends before mocha can say so.
    (globalThis as Record<string, unknown>)[RELOAD_HOOK] = (title: string, data: unknown): void => {
      if (!reloadFile) throw new Error('reloading the window needs the code-server harness');
      const s = stats();
      const state: ReloadState = { done: [...ran, title], stats: { ...s, passes: s.passes + 1 }, data };
      writeFileSync(reloadFile, JSON.stringify(state));
      void vscode.commands.executeCommand('workbench.action.reloadWindow');
    };
    if (before) (globalThis as Record<string, unknown>)[`${RELOAD_HOOK}:data`] = before.data;
    runner.on('pass', (t) => {
      ran.push(t.fullTitle());
      void post('/event', { kind: 'pass', title: t.fullTitle(), ms: t.duration ?? 0 }).catch(() => undefined);
    });
    runner.on('pending', (t) => {
      ran.push(t.fullTitle());
      void post('/event', { kind: 'pending', title: t.fullTitle() }).catch(() => undefined);
    });
    runner.on('fail', (t, err: Error) => {
      ran.push(t.fullTitle());
      failed.push({ title: t.fullTitle(), error: String(err?.message ?? err) });
      void post('/event', { kind: 'fail', title: t.fullTitle(), error: String(err?.stack ?? err) }).catch(() => undefined);
    });
    runner.on('end', () => {
      const s = stats();
      if (resultFile) writeFileSync(resultFile, JSON.stringify(s));
      void post('/event', { kind: 'end', stats: s }).catch(() => undefined).finally(() => resolve());
    });
  }));
}
