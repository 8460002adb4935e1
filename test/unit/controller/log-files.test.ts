import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogChunk } from '../../../src/controller/api';
import { LogMirror, readLogs } from '../../../src/controller/log-files';
import { StateDir } from '../../../src/controller/state-dir';

async function collect(it: AsyncIterable<LogChunk>): Promise<LogChunk[]> {
  const out: LogChunk[] = [];
  for await (const c of it) out.push(c);
  return out;
}

describe('rank logs kept by the manager', () => {
  it('reads attempts in order, one rank or all, and a tail that starts on a line', async () => {
    const state = new StateDir(mkdtempSync(join(tmpdir(), 'openclaw-logs-')));
    const m = new LogMirror(state);
    for (let i = 0; i < 100; i++) m.write('j-1', 1, 0, `a1 r0 line ${i}`);
    m.write('j-1', 1, 1, 'a1 r1 only line');
    m.write('j-1', 2, 0, 'a2 r0 first');
    assert.equal(m.size('j-1', 2, 0), 'a2 r0 first\n'.length);
    const all = await collect(readLogs(state, 'j-1', {}, () => true));
    assert.deepEqual(all.map((c) => [c.attempt, c.rank]), [[1, 0], [1, 1], [2, 0]]);
    assert.equal(all[0]!.text.split('\n').length - 1, 100);
    const rank1 = await collect(readLogs(state, 'j-1', { rank: 1 }, () => true));
    assert.deepEqual(rank1.map((c) => c.text), ['a1 r1 only line\n']);
    // The tail covers the newest attempt only, from a line boundary.
    const tail = await collect(readLogs(state, 'j-1', { rank: 0, tailBytes: 5 }, () => true));
    assert.deepEqual(tail.map((c) => c.text), []);
    const tail2 = await collect(readLogs(state, 'j-1', { rank: 0, tailBytes: 100 }, () => true));
    assert.deepEqual(tail2.map((c) => [c.attempt, c.text]), [[2, 'a2 r0 first\n']]);
    m.close();
  });

  it('follows new lines until the job ends, never yielding half a line', async () => {
    const state = new StateDir(mkdtempSync(join(tmpdir(), 'openclaw-logs-')));
    const m = new LogMirror(state);
    m.write('j-2', 1, 0, 'first');
    let done = false;
    const got: string[] = [];
    const reading = (async () => {
      for await (const c of readLogs(state, 'j-2', { follow: true }, () => done, 20)) got.push(c.text);
    })();
    await new Promise((r) => setTimeout(r, 60));
    appendFileSync(state.logPath('j-2', 1, 0), 'half a li');
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(got, ['first\n']);
    appendFileSync(state.logPath('j-2', 1, 0), 'ne\n');
    m.write('j-2', 2, 1, 'next attempt');
    await new Promise((r) => setTimeout(r, 60));
    done = true;
    await reading;
    assert.deepEqual(got, ['first\n', 'half a line\n', 'next attempt\n']);
    m.close();
  });
});
