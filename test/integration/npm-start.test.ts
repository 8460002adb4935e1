/**
 * `npm start` on this machine: it builds, packages and installs OpenClaw into code-server, prints a
 * URL, and that URL shows the OpenClaw sidebar with the local simulator connected (real Chromium).
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { freePort } from '../support/ports';

const root = join(__dirname, '..', '..');


describe('npm start', function () {
  this.timeout(600_000);
  let child: ChildProcess | undefined;
  let browser: Browser | undefined;

  after(async () => {
    await browser?.close();
    if (child?.pid) {
      try {
        process.kill(child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  });

  it('prints a URL that opens the OpenClaw sidebar on the simulator', async () => {
    const port = await freePort();
    child = spawn(process.execPath, [join(root, 'scripts/start.mjs')], { cwd: root, env: { ...process.env, OPENCLAW_PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stderr!.on('data', (d) => (out += d));
    const url = await new Promise<string>((resolve, reject) => {
      child!.stdout!.on('data', (d) => {
        out += d;
        // The URL and the lines after it may arrive in separate chunks: wait for the last one.
        const m = /(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(out);
        if (m && out.includes('Ctrl-C stops the server.')) resolve(m[1]);
      });
      child!.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${out.slice(-2000)}`)));
    });
    assert.match(url, new RegExp(`^http://127\\.0\\.0\\.1:${port}/`));
    assert.match(out, /Headless instead: node dist\/cli\.js sim/);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    await page.locator('.part.sidebar').getByText('dgx-0').waitFor({ timeout: 90_000 });
    const sidebar = (await page.locator('.part.sidebar').innerText()).replace(/\u00a0/g, ' ');
    assert.match(sidebar, /CLUSTER/i);
    assert.match(sidebar, /JOBS/i);
    assert.match(sidebar, /ready · 8× a100 · 0\/8 busy/);
    await page.locator('.part.statusbar').getByText(/Simulator \(dgx-a100\)/).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(root, 'test-results', 'npm-start.png') });
  });
});
