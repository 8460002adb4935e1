import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createControllerFromFile } from '../../../src/controller/factory';
import { Journal } from '../../../src/controller/journal';
import { CLI_JS, ROOT } from './agents-harness';

describe('a damaged journal is reported, not absorbed', function () {
  this.timeout(60000);

  it('`openclaw jobs` names the file and line and marks the job in doubt; a manager keeps a copy and does not run the job again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openclaw-journal-damage-'));
    const cluster = join(dir, 'fast.cluster.yaml');
    writeFileSync(cluster, 'backend: simulator\npreset: dgx-a100\nspeedup: 3000\n');
    const stateDir = join(dir, 'state');
    const r = spawnSync(process.execPath, [CLI_JS, 'run', join(ROOT, 'examples/resnet-sim.claw.yaml'), '--cluster', cluster, '--state-dir', stateDir], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);

    // Garbage over the line that recorded the end, in the middle of the finished run's journal.
    const path = join(stateDir, 'journal.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n');
    const end = lines.findIndex((l) => l.includes('"state":"succeeded"'));
    assert.ok(end > 0 && end < lines.length - 2);
    lines[end] = '\u0000\u0000garbage{"t":"sta';
    writeFileSync(path, lines.join('\n'));

    const jobs = spawnSync(process.execPath, [CLI_JS, 'jobs', '--state-dir', stateDir], { encoding: 'utf8' });
    assert.equal(jobs.status, 0, jobs.stderr);
    assert.match(jobs.stderr, new RegExp(`warning: .*journal\\.jsonl line ${end + 1}: not a journal entry, skipped`));
    assert.match(jobs.stderr, /job resnet50-sim-1 may have ended after what the journal shows/);
    assert.match(jobs.stdout, /resnet50-sim-1\s+(running|checkpointing)\?/);

    const attempts = Journal.read(path).filter((e) => e.t === 'launch').length;
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    const c = await createControllerFromFile(cluster, { stateDir });
    try {
      const job = c.job('resnet50-sim-1')!;
      assert.equal(job.state, 'failed');
      assert.match(job.error ?? '', new RegExp(`its end is unknown: journal\\.jsonl line ${end + 1} is damaged .*restart it if it did not finish`));
      await new Promise((res) => setTimeout(res, 500));
      // The manager compacted the journal at start (launches became a snapshot): none came after.
      assert.equal(c.job('resnet50-sim-1')!.attempt, attempts, 'not launched again');
      assert.equal(Journal.read(path).filter((e) => e.t === 'launch').length, 0, 'not launched again');
      const copies = readdirSync(stateDir).filter((f) => f.startsWith('journal.jsonl.damaged-'));
      assert.equal(copies.length, 1);
      assert.ok(readFileSync(join(stateDir, copies[0]!), 'utf8').includes('garbage'), 'the journal as found is kept');
      assert.ok(warnings.some((w) => w.includes(`line ${end + 1}`) && w.includes(copies[0]!)), warnings.join('\n'));
    } finally {
      process.off('warning', onWarning);
      await c.dispose();
    }
    assert.ok(existsSync(path));
  });
});
