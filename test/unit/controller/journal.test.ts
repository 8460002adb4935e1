import * as assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobSpec } from '../../../src/core/job-spec';
import type { JobRecord } from '../../../src/core/job';
import { Journal, JournalCrash, type JournalEntry } from '../../../src/controller/journal';
import { compactEntries, JobManager, replay } from '../../../src/controller/manager';
import { SimulatorBackend } from '../../../src/controller/backends/simulator';
import { ClusterFile } from '../../../src/core/cluster-file';
import { getPolicy } from '../../../src/scheduler/policies';
import { IllegalTransitionError, transition } from '../../../src/controller/job-machine';

function record(id = 'demo-1'): JobRecord {
  return {
    id, spec: JobSpec.parse({ name: 'demo', command: ['true'], maxRestarts: 2 }), state: 'queued', history: [{ state: 'queued', at: 1 }],
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
    assert.equal(x.runtime.attempts[0]!.endedAt, 9);
    assert.equal(x.runtime.attempts[0]!.runningAt, 4);
  });

  it('replays a preemption as one, with its lost work, back to the checkpoint it resumes from', () => {
    const ckpt = { path: 'step-50.pt', format: 'pytorch' as const, step: 50, sizeBytes: 10, mtimeMs: 5, complete: true };
    const jobs = replay([
      { t: 'submit', at: 1, job: record() },
      { t: 'state', at: 2, jobId: 'demo-1', state: 'placed' },
      { t: 'launch', at: 2, jobId: 'demo-1', attempt: 1, placement: [{ rank: 0, node: 'n1', devices: [0] }] },
      { t: 'state', at: 3, jobId: 'demo-1', state: 'starting' },
      { t: 'state', at: 4, jobId: 'demo-1', state: 'running' },
      { t: 'checkpoint', at: 5, jobId: 'demo-1', attempt: 1, checkpoint: ckpt },
      { t: 'progress', at: 8, jobId: 'demo-1', step: 70 },
      { t: 'restart', at: 9, jobId: 'demo-1', attempt: 1, restarts: 0, lostGpuSeconds: 4, lostSteps: 20, resumeFrom: '/c/step-50.pt', reason: 'preempted by the policy', preempted: true },
      { t: 'state', at: 9, jobId: 'demo-1', state: 'queued', reason: 'preempted by the policy' },
    ]);
    const x = jobs.get('demo-1')!;
    assert.deepEqual([x.job.state, x.job.restarts, x.job.lostGpuSeconds, x.job.step], ['queued', 0, 4, 50]);
    assert.deepEqual([x.runtime.attempts[0]!.endedAt, x.runtime.attempts[0]!.outcome], [9, 'preempted']);
  });

  it('allows only the transitions of the lifecycle table', () => {
    const j = transition(record(), 'placed', 2, 'placed');
    assert.equal(j.state, 'placed');
    assert.equal(j.history.length, 2);
    assert.throws(() => transition(record(), 'running', 2), IllegalTransitionError);
    assert.throws(() => transition({ ...record(), state: 'succeeded' }, 'queued', 2), /no transition from succeeded to queued/);
  });

  describe('compaction', () => {
    /** Jobs as replay gives them, in JSON terms (sets and maps as arrays, no undefined fields). */
    function state(entries: readonly JournalEntry[]): unknown {
      const out: Record<string, unknown> = {};
      for (const [id, { job, runtime }] of replay(entries)) {
        out[id] = JSON.parse(JSON.stringify({ job, runtime: { ...runtime, started: [...runtime.started], exited: [...runtime.exited], checkpoints: [...runtime.checkpoints] } }));
      }
      return out;
    }

    /** One job's life: a launch, progress, a checkpoint, a lost attempt, a relaunch and (if `end`) the end. */
    function life(id: string, t0: number, end: boolean): JournalEntry[] {
      const ckpt = { path: `/c/${id}/step-50.pt`, format: 'pytorch' as const, step: 50, sizeBytes: 10, mtimeMs: t0 + 5, complete: true };
      const placement = [{ rank: 0, node: 'n1', devices: [0] }, { rank: 1, node: 'n2', devices: [1] }];
      const e: JournalEntry[] = [
        { t: 'submit', at: t0, job: record(id) },
        { t: 'state', at: t0 + 1, jobId: id, state: 'placed' },
        { t: 'launch', at: t0 + 1, jobId: id, attempt: 1, placement },
        { t: 'state', at: t0 + 2, jobId: id, state: 'starting' },
        { t: 'rank', at: t0 + 2, jobId: id, attempt: 1, rank: 0, event: 'started' },
        { t: 'rank', at: t0 + 2, jobId: id, attempt: 1, rank: 1, event: 'started' },
        { t: 'state', at: t0 + 3, jobId: id, state: 'running' },
      ];
      for (let s = 1; s <= 40; s++) e.push({ t: 'progress', at: t0 + 3 + s, jobId: id, step: s, totalSteps: 100 });
      e.push(
        { t: 'checkpoint', at: t0 + 50, jobId: id, attempt: 1, checkpoint: ckpt },
        { t: 'node', at: t0 + 60, node: 'n2', state: 'dead' },
        { t: 'state', at: t0 + 60, jobId: id, state: 'restarting', reason: 'node n2 is dead' },
        { t: 'restart', at: t0 + 60, jobId: id, attempt: 1, restarts: 1, lostGpuSeconds: 8, lostSteps: 10, resumeFrom: ckpt.path, reason: 'node n2 is dead' },
        { t: 'state', at: t0 + 60, jobId: id, state: 'queued' },
        { t: 'state', at: t0 + 61, jobId: id, state: 'placed' },
        { t: 'launch', at: t0 + 61, jobId: id, attempt: 2, placement: [placement[0]!], resumeFrom: ckpt.path },
        { t: 'state', at: t0 + 62, jobId: id, state: 'starting' },
        { t: 'rank', at: t0 + 62, jobId: id, attempt: 2, rank: 0, event: 'started' },
        { t: 'state', at: t0 + 63, jobId: id, state: 'running' },
        { t: 'progress', at: t0 + 64, jobId: id, step: 70, totalSteps: 100 },
      );
      if (end) {
        e.push(
          { t: 'rank', at: t0 + 90, jobId: id, attempt: 2, rank: 0, event: 'exited', exitCode: 0 },
          { t: 'progress', at: t0 + 90, jobId: id, step: 100, totalSteps: 100 },
          { t: 'outputs', at: t0 + 90, jobId: id, files: [] },
          { t: 'state', at: t0 + 90, jobId: id, state: 'succeeded' },
          { t: 'report', at: t0 + 90, jobId: id, path: `/s/jobs/${id}/report.json` },
        );
      }
      return e;
    }

    function journalWith(entries: JournalEntry[]): string {
      const path = join(mkdtempSync(join(tmpdir(), 'openclaw-journal-')), 'journal.jsonl');
      const { journal } = Journal.open(path);
      for (const e of entries) journal.append(e);
      journal.close();
      return path;
    }

    const entries = [...life('a-1', 1000, true), ...life('b-2', 2000, false)];

    it('replays a compacted journal to the same jobs, with one snapshot per job', () => {
      const path = journalWith(entries);
      const before = statSync(path).size;
      const { journal } = Journal.open(path);
      journal.enableCompaction(compactEntries);
      journal.compact();
      journal.append({ t: 'progress', at: 3000, jobId: 'b-2', step: 80 });
      journal.close();
      const after = Journal.read(path);
      assert.deepEqual(after.map((e) => e.t), ['snapshot', 'snapshot', 'node', 'progress']);
      assert.ok(statSync(path).size < before / 3, `compacted ${statSync(path).size} bytes of ${before}`);
      const expected = [...entries, { t: 'progress', at: 3000, jobId: 'b-2', step: 80 } as JournalEntry];
      assert.deepEqual(state(after), state(expected));
      // Later entries apply on top of a snapshot as on the full history.
      const b = replay(after).get('b-2')!;
      assert.equal(b.job.step, 80);
      assert.equal(b.job.attempt, 2);
      assert.deepEqual([...b.runtime.started], [0]);
      assert.equal(b.runtime.lostSteps, 10);
    });

    for (const point of ['temp-written', 'renamed'] as const) {
      it(`leaves a journal that replays to the same jobs after a crash at ${point}`, () => {
        const path = journalWith(entries);
        const { journal } = Journal.open(path);
        journal.enableCompaction(compactEntries, { crashAt: point });
        assert.throws(() => journal.compact(), JournalCrash);
        // The crashed process's descriptor is gone with it; a new manager opens the journal.
        const reopened = Journal.open(path);
        assert.deepEqual(state(reopened.entries), state(entries));
        assert.equal(existsSync(`${path}.compact.tmp`), point === 'temp-written');
        assert.equal(reopened.entries[0]!.t, point === 'renamed' ? 'snapshot' : 'submit');
        // It goes on: appends, compacts again over the stray temporary file, and still replays the same.
        reopened.journal.append({ t: 'state', at: 5000, jobId: 'b-2', state: 'cancelled', reason: 'stop' });
        reopened.journal.enableCompaction(compactEntries);
        reopened.journal.compact();
        reopened.journal.close();
        assert.equal(existsSync(`${path}.compact.tmp`), false);
        const final = Journal.read(path);
        assert.deepEqual(state(final), state([...entries, { t: 'state', at: 5000, jobId: 'b-2', state: 'cancelled', reason: 'stop' }]));
        assert.equal(replay(final).get('b-2')!.job.state, 'cancelled');
      });
    }

    it('stays bounded over a long run and replays to the same records', async () => {
      const path = join(mkdtempSync(join(tmpdir(), 'openclaw-journal-')), 'journal.jsonl');
      const { journal } = Journal.open(path);
      journal.enableCompaction(compactEntries, { maxEntries: 400 });
      const all: JournalEntry[] = [];
      let largest = 0;
      // 60 jobs, 70 entries each, 10 at a time; compaction runs at the end of a tick like the manager's.
      for (let j = 0; j < 60; j++) {
        for (const e of life(`job-${j + 1}`, j * 100, j < 55)) {
          journal.append(e);
          all.push(e);
        }
        await new Promise((r) => setImmediate(r));
        largest = Math.max(largest, statSync(path).size);
      }
      await new Promise((r) => setImmediate(r));
      journal.close();
      const kept = Journal.read(path);
      assert.ok(kept.length < all.length / 4, `${kept.length} entries kept of ${all.length}`);
      const full = all.map((e) => JSON.stringify(e) + '\n').join('').length;
      assert.ok(largest < full / 2, `journal at most ${largest} bytes; ${full} uncompacted`);
      assert.deepEqual(state(kept), state(all));
      assert.equal(replay(kept).size, 60);
    });
  
    it('lets a manager compact while jobs run on the simulator, and a new manager on the folder finds the same jobs', async function () {
      this.timeout(60000);
      const stateDir = mkdtempSync(join(tmpdir(), 'openclaw-journal-sim-'));
      const cluster = ClusterFile.parse({ preset: 'dgx-a100', speedup: 2000 }) as Extract<ClusterFile, { backend: 'simulator' }>;
      const spec = (name: string) => JobSpec.parse({ name, command: ['python3', 'train.py'], resources: { nodes: 1, processesPerNode: 8, gpusPerProcess: 1 }, checkpoint: { dir: '/ckpt', everySeconds: 120 }, simulation: { model: 'ResNet-50', durationSeconds: 900 } });
      const a = await JobManager.start(new SimulatorBackend(cluster), { stateDir, policy: getPolicy('fifo'), journalCompaction: { maxEntries: 40 } });
      let ended;
      try {
        const jobs = await Promise.all(['x', 'y', 'z'].map((n) => a.submit(spec(n))));
        ended = await Promise.all(jobs.map((j) => a.waitForEnd(j.id)));
      } finally {
        await a.dispose();
      }
      const path = join(stateDir, 'journal.jsonl');
      const kept = Journal.read(path);
      assert.ok(kept.some((e) => e.t === 'snapshot'), 'compacted while running');
      assert.ok(kept.length < 3 * 60, `${kept.length} entries kept`);
      const b = await JobManager.start(new SimulatorBackend(cluster), { stateDir, policy: getPolicy('fifo') });
      try {
        // Compacted again at the start: one snapshot a job (and the nodes' last states).
        assert.deepEqual(Journal.read(path).filter((e) => e.t === 'snapshot').length, 3);
        for (const end of ended) {
          const again = b.job(end.id)!;
          assert.equal(again.state, 'succeeded');
          assert.deepEqual(JSON.parse(JSON.stringify(again)), JSON.parse(JSON.stringify(end)));
          assert.equal(b.report(end.id)?.attempts.length, 1);
        }
        const next = await b.submit(spec('w'));
        assert.equal(next.id, 'w-4');
        await b.cancel(next.id);
      } finally {
        await b.dispose();
      }
    });
  });
});
