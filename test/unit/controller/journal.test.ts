import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobSpec } from '../../../src/core/job-spec';
import type { JobRecord } from '../../../src/core/job';
import { Journal } from '../../../src/controller/journal';
import { replay } from '../../../src/controller/manager';
import { IllegalTransitionError, transition } from '../../../src/controller/job-machine';

function record(): JobRecord {
  return {
    id: 'demo-1', spec: JobSpec.parse({ name: 'demo', command: ['true'], maxRestarts: 2 }), state: 'queued', history: [{ state: 'queued', at: 1 }],
    placement: [], restarts: 0, lostGpuSeconds: 0, backend: 'agents', attempt: 0, outputs: [],
  };
}

describe('journal', () => {
  it('keeps every entry across reopenings and survives a torn last line', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'openclaw-journal-')), 'journal.jsonl');
    const a = Journal.open(path);
    assert.deepEqual(a.entries, []);
    a.journal.append({ t: 'submit', at: 1, job: record() });
    a.journal.append({ t: 'state', at: 2, jobId: 'demo-1', state: 'placed' });
    a.journal.close();
    // A crash in the middle of a write leaves half a line.
    appendFileSync(path, '{"t":"state","at":3,"jobId":"dem');
    const b = Journal.open(path);
    assert.equal(b.entries.length, 2);
    b.journal.append({ t: 'state', at: 4, jobId: 'demo-1', state: 'cancelled' });
    b.journal.close();
    const c = Journal.read(path);
    assert.deepEqual(c.map((e) => e.t), ['submit', 'state', 'state']);
    assert.equal(readFileSync(path, 'utf8').split('\n').filter((l) => l.startsWith('{"t":"state","at":4')).length, 1);
  });

  it('replays launches, rank events, checkpoints and restarts into job records', () => {
    const ckpt = { path: 'step-50.pt', format: 'pytorch' as const, step: 50, sizeBytes: 10, mtimeMs: 5, complete: true };
    const jobs = replay([
      { t: 'submit', at: 1, job: record() },
      { t: 'state', at: 2, jobId: 'demo-1', state: 'placed' },
      { t: 'launch', at: 2, jobId: 'demo-1', attempt: 1, placement: [{ rank: 0, node: 'n1', devices: [0] }, { rank: 1, node: 'n2', devices: [0] }] },
      { t: 'state', at: 3, jobId: 'demo-1', state: 'starting' },
      { t: 'rank', at: 4, jobId: 'demo-1', attempt: 1, rank: 0, event: 'started' },
      { t: 'state', at: 4, jobId: 'demo-1', state: 'running' },
      { t: 'checkpoint', at: 5, jobId: 'demo-1', attempt: 1, checkpoint: ckpt },
      { t: 'state', at: 9, jobId: 'demo-1', state: 'restarting', reason: 'node n2 is dead' },
      { t: 'restart', at: 9, jobId: 'demo-1', attempt: 1, restarts: 1, lostGpuSeconds: 8, lostSteps: 20, resumeFrom: '/c/step-50.pt', reason: 'node n2 is dead' },
      { t: 'state', at: 9, jobId: 'demo-1', state: 'queued' },
    ]);
    const x = jobs.get('demo-1')!;
    assert.equal(x.job.state, 'queued');
    assert.equal(x.job.restarts, 1);
    assert.equal(x.job.lostGpuSeconds, 8);
    assert.equal(x.job.resumeFrom, '/c/step-50.pt');
    assert.equal(x.job.lastCheckpoint?.step, 50);
    assert.equal(x.runtime.lostSteps, 20);
    assert.equal(x.runtime.attempts.length, 1);
    assert.equal(x.runtime.attempts[0].endedAt, 9);
    assert.equal(x.runtime.attempts[0].runningAt, 4);
  });

  it('allows only the transitions of the lifecycle table', () => {
    const j = transition(record(), 'placed', 2, 'placed');
    assert.equal(j.state, 'placed');
    assert.equal(j.history.length, 2);
    assert.throws(() => transition(record(), 'running', 2), IllegalTransitionError);
    assert.throws(() => transition({ ...record(), state: 'succeeded' }, 'queued', 2), /no transition from succeeded to queued/);
  });
});
