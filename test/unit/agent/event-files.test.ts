import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventFilesTail, type EventSample } from '../../../agent/event-files';
import { encodeEvent } from '../../../src/core/metrics/tb-event';
import { frameTfRecord } from '../../../src/core/metrics/tfrecord';

function event(step: number, scalars: Record<string, number>, wall = 1_700_000_000 + step): Uint8Array {
  return frameTfRecord(encodeEvent({ wall_time: wall, step, summary: { value: Object.entries(scalars).map(([tag, simple_value]) => ({ tag, simple_value })) } }));
}

describe('the agent following TensorBoard event files', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'openclaw-tb-tail-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds event files under the job folders, reads them as they grow, one sample per logged step', () => {
    const runs = join(dir, 'runs', 'exp1');
    mkdirSync(runs, { recursive: true });
    const file = join(runs, 'events.out.tfevents.1700000000.node0.123.0');
    writeFileSync(file, frameTfRecord(encodeEvent({ wall_time: 1_700_000_000, file_version: 'brain.Event:2' })));
    const got: EventSample[] = [];
    const tail = new EventFilesTail([dir], (s) => got.push(s), { discoverEveryMs: 0 });
    tail.poll();
    assert.deepEqual(tail.followed, [file]);
    assert.equal(got.length, 0);
    const e1 = event(10, { 'train/loss': 0.5, lr: 0.001 });
    appendFileSync(file, e1.subarray(0, 9)); // the writer is half way through a record
    tail.poll();
    assert.equal(got.length, 0);
    appendFileSync(file, e1.subarray(9));
    appendFileSync(file, event(20, { 'train/loss': 0.25 }));
    tail.poll();
    assert.deepEqual(got, [
      { atMs: 1_700_000_010_000, step: 10, values: { step: 10, 'train/loss': 0.5, lr: 0.0010000000474974513 } },
      { atMs: 1_700_000_020_000, step: 20, values: { step: 20, 'train/loss': 0.25 } },
    ]);
    assert.equal(tail.corrupt, 0);
  });

  it('picks up files created later, and does not look inside node_modules or .git', () => {
    const got: EventSample[] = [];
    const tail = new EventFilesTail([dir], (s) => got.push(s), { discoverEveryMs: 0 });
    tail.poll();
    mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'x', 'events.out.tfevents.1.h'), event(1, { a: 1 }));
    mkdirSync(join(dir, 'lightning_logs', 'version_0'), { recursive: true });
    writeFileSync(join(dir, 'lightning_logs', 'version_0', 'events.out.tfevents.2.h'), event(5, { val_loss: 0.3 }));
    tail.poll();
    assert.deepEqual(got.map((s) => s.values), [{ step: 5, val_loss: 0.30000001192092896 }]);
  });

  it('counts a corrupt record and reads on', () => {
    const file = join(dir, 'events.out.tfevents.3.h');
    const bad = event(2, { loss: 2 });
    bad[bad.length - 6]! ^= 0xff;
    writeFileSync(file, Buffer.concat([event(1, { loss: 1 }), bad, event(3, { loss: 3 })]));
    const got: EventSample[] = [];
    const tail = new EventFilesTail([dir], (s) => got.push(s), { discoverEveryMs: 0 });
    tail.poll();
    assert.deepEqual(got.map((s) => s.step), [1, 3]);
    assert.equal(tail.corrupt, 1);
  });
});
