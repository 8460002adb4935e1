/**
 * extensionTestsPath for the code-server harness: runs the bundled mocha suite inside the extension
 * host, reports each test to the harness as it ends, and writes the stats file the harness reads.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { ensureTrusted, post } from './support';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: Number(process.env.OPENCLAW_E2E_TIMEOUT ?? 120_000), color: false, reporter: 'dot' });
  const grep = process.env.OPENCLAW_E2E_GREP;
  if (grep) mocha.grep(grep);
  // The window opens in Restricted Mode and the trust tests trust it; a run without them trusts it first.
  const trustFirst = !!grep && !/trust/i.test(grep);
  mocha.addFile(join(__dirname, process.env.OPENCLAW_E2E_BUNDLE ?? 'tests.js'));
  const resultFile = process.env.OPENCLAW_E2E_RESULT;
  return (trustFirst ? ensureTrusted() : Promise.resolve()).then(() => new Promise<void>((resolve) => {
    const failed: { title: string; error: string }[] = [];
    const runner = mocha.run();
    runner.on('pass', (t) => void post('/event', { kind: 'pass', title: t.fullTitle(), ms: t.duration ?? 0 }).catch(() => undefined));
    runner.on('pending', (t) => void post('/event', { kind: 'pending', title: t.fullTitle() }).catch(() => undefined));
    runner.on('fail', (t, err: Error) => {
      failed.push({ title: t.fullTitle(), error: String(err?.message ?? err) });
      void post('/event', { kind: 'fail', title: t.fullTitle(), error: String(err?.stack ?? err) }).catch(() => undefined);
    });
    runner.on('end', () => {
      const s = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      const stats = { passes: s.passes, failures: s.failures, pending: s.pending, failed };
      if (resultFile) writeFileSync(resultFile, JSON.stringify(stats));
      void post('/event', { kind: 'end', stats }).catch(() => undefined).finally(() => resolve());
    });
  }));
}
