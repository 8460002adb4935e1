import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jobsInDoubt, readJournal } from '../../../src/controller/journal-damage';

const line = (o: object) => JSON.stringify(o);
const submit = (id: string, at: number) => line({ t: 'submit', at, job: { id } });
const state = (jobId: string, s: string, at: number) => line({ t: 'state', at, jobId, state: s });

describe('a damaged journal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'openclaw-journal-damage-'));
  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('a torn last line is normal: skipped without a word', () => {
    const r = readJournal(write('torn.jsonl', [submit('a-1', 1), state('a-1', 'running', 2), '{"t":"state","at":3,"jo'].join('\n')));
    assert.equal(r.entries.length, 2);
    assert.deepEqual(r.damaged, []);
  });

  it('so is the torn line a crash left, closed by the next manager\'s open entry', () => {
    const r = readJournal(write('torn-open.jsonl', [submit('a-1', 1), '{"t":"state","at":3,"jo', line({ t: 'open', at: 4, pid: 1 }), state('a-1', 'running', 5), ''].join('\n')));
    assert.deepEqual(r.damaged, []);
    assert.deepEqual(r.lines, [1, 3, 4]);
  });

  it('a bad line in the middle is named with its line, and leaves in doubt the unfinished jobs it may belong to', () => {
    const text = [
      submit('a-1', 1), submit('b-2', 2), state('b-2', 'succeeded', 3),
      'garbage \u0000 here', // line 4: names no job: every job submitted before it may have lost an entry
      submit('c-3', 5), state('a-1', 'running', 6), '{"t":"state","at":7,"jobId":"c-3","sta\u0000', // line 7: names c-3
      submit('d-4', 8), state('d-4', 'running', 9), '',
    ].join('\n');
    const r = readJournal(write('damaged.jsonl', text));
    assert.deepEqual(r.damaged.map((d) => [d.line, d.jobId]), [[4, undefined], [7, 'c-3']]);
    assert.equal(r.entries.length, 7);
    const doubt = jobsInDoubt(r, (id) => id === 'b-2');
    assert.deepEqual([...doubt].map(([id, d]) => [id, d.line]).sort(), [['a-1', 4], ['c-3', 7]], 'b-2 had ended; d-4 came after the damage');
  });
});
