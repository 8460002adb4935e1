import { strict as assert } from 'node:assert';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MetricTail } from '../../../agent/metric-tail';

describe('metric lines from a growing log', () => {
  it('parses @openclaw lines as they are appended, including a line split across two writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openclaw-mt-'));
    const log = join(dir, 'rank-0.log');
    const got: Record<string, number>[] = [];
    const tail = new MetricTail(log, 0, (s) => got.push(s.values));
    assert.equal(tail.poll(), 0, 'no file yet');
    appendFileSync(log, 'starting\n@openclaw {"step": 1, "loss": 0.5}\nnoise @openclaw not json\n@openclaw {"st');
    tail.poll();
    assert.deepEqual(got, [{ step: 1, loss: 0.5 }]);
    appendFileSync(log, 'ep": 2, "totalSteps": 10, "name": "x"}\n' + 'x'.repeat(100_000) + '\n');
    tail.poll();
    assert.deepEqual(got, [{ step: 1, loss: 0.5 }, { step: 2, totalSteps: 10 }]);
    rmSync(dir, { recursive: true, force: true });
  });
});
