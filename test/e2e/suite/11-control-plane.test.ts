/**
 * The editor as one of a team's clients: connected to a control plane (`openclaw serve`, a real
 * process on loopback) through a cluster file `backend: server`, it shows a job that another member
 * submits from their terminal in the Jobs view within a second, with its owner.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, file, openclaw, waitFor } from '../support';
import { freePort } from '../../support/ports';

describe('team control plane', function () {
  this.timeout(120_000);
  const work = mkdtempSync(join(tmpdir(), 'openclaw-e2e-serve-'));
  let serve: ChildProcess | undefined;
  let serveLog = '';
  let cliJs = '';
  const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };

  before(async () => {
    cliJs = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
    for (const u of ['me', 'colleague']) {
      const r = spawnSync(process.execPath, [cliJs, 'serve', 'add-user', u, '-u', join(work, 'users.yaml')], { env, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    }
    writeFileSync(join(work, 'sim.cluster.yaml'), 'backend: simulator\npreset: dgx-a100\nspeedup: 60\n');
    const port = await freePort();
    serve = spawn(process.execPath, [cliJs, 'serve', '-c', join(work, 'sim.cluster.yaml'), '-u', join(work, 'users.yaml'), '--listen', `127.0.0.1:${port}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    serve.stdout!.on('data', (d) => (serveLog += d));
    serve.stderr!.on('data', (d) => (serveLog += d));
    const dir = file('fixtures/server').fsPath;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'team.cluster.yaml'), `backend: server\nname: team\naddress: "127.0.0.1:${port}"\ntokenFile: ${JSON.stringify(join(work, 'me.token'))}\n`);
    writeFileSync(join(work, 'colleague.cluster.yaml'), `backend: server\naddress: "127.0.0.1:${port}"\ntokenFile: colleague.token\n`);
    writeFileSync(join(work, 'theirs.claw.yaml'), 'name: theirs\ncommand: [python3, train.py]\nresources: {nodes: 1, processesPerNode: 8, gpusPerProcess: 1}\nsimulation: {durationSeconds: 7200}\n');
    await waitFor('the control plane to listen', () => /listening on/.test(serveLog) || undefined, 30_000);
  });

  after(async () => {
    const api = await openclaw();
    await api.session.disconnect();
    serve?.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  });

  it("shows a job another member submits from their terminal in the Jobs view within a second", async () => {
    const api = await openclaw();
    const connection = await vscode.commands.executeCommand<{ label: string }>('openclaw.selectCluster', file('fixtures/server/team.cluster.yaml'));
    assert.ok(connection, `connected (control plane said: ${serveLog.slice(-500)})`);
    await vscode.commands.executeCommand('openclaw.jobs.focus');
    const jobs = api.views.jobs.provider;
    const inView = (id: string) => {
      jobs.refresh();
      return jobs.getChildren().some((g) => jobs.getChildren(g).some((n) => 'job' in n && n.job.id === id));
    };

    // The other member's terminal: `openclaw submit` returns once the control plane has the job.
    let printedAt = 0;
    let out = '';
    const submit = spawn(process.execPath, [cliJs, 'submit', 'theirs.claw.yaml', '-c', 'colleague.cluster.yaml'], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    submit.stdout!.on('data', (d) => {
      out += d;
      if (!printedAt && /submitted job/.test(out)) printedAt = Date.now();
    });
    submit.stderr!.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((r) => submit.once('exit', r));
    assert.equal(code, 0, out);
    const id = /submitted job (\S+)/.exec(out)![1]!;
    await waitFor('their job in my Jobs view', () => inView(id) || undefined, 5000, 20);
    const seenAt = Date.now();
    assert.ok(seenAt - printedAt < 1000, `in view ${seenAt - printedAt} ms after the submit returned`);
    assert.equal(api.session.controller!.job(id)?.spec.user, 'colleague', 'the job carries its owner');
    const row = jobs.getChildren().flatMap((g) => jobs.getChildren(g)).find((n) => 'job' in n && n.job.id === id)!;
    assert.match(String(jobs.getTreeItem(row).description), /^#\d+ · colleague · 8 GPUs/, 'its row names its owner');

    // Theirs, I may not cancel from my editor.
    const c = api.session.controller!;
    await assert.rejects(c.cancel(id, 'test'), /belongs to colleague; only colleague or an admin may cancel it/);
  });
});
