import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { crc32c } from '../../../src/core/metrics/crc32c';
import { EventFileReader } from '../../../src/core/metrics/event-file';
import { encodeEvent, TB_EVENT_PROTO } from '../../../src/core/metrics/tb-event';
import { frameTfRecord, TfRecordReader } from '../../../src/core/metrics/tfrecord';

const WRITER = join(__dirname, '..', '..', 'fixtures', 'tensorboard', 'write_events.py');

describe('TensorBoard event files', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'openclaw-tfevents-'));
    // The writer's classes come from the schema OpenClaw decodes with, compiled by protoc.
    writeFileSync(join(dir, 'tb_event.proto'), TB_EVENT_PROTO);
    const protoc = spawnSync('protoc', [`--proto_path=${dir}`, `--python_out=${dir}`, 'tb_event.proto'], { encoding: 'utf8' });
    assert.equal(protoc.status, 0, `protoc (Debian's protobuf-compiler) compiles the schema: ${protoc.stderr ?? protoc.error}`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, ...flags: string[]): Uint8Array {
    const out = join(dir, name);
    const py = spawnSync('/usr/bin/python3', [WRITER, dir, out, ...flags], { encoding: 'utf8' });
    assert.equal(py.status, 0, `python3-protobuf writes the file: ${py.stderr}`);
    return readFileSync(out);
  }

  function readInChunks(bytes: Uint8Array, size: number, reader = new EventFileReader()) {
    const points = [];
    let corrupt = 0;
    for (let at = 0; at < bytes.length; at += size) {
      const got = reader.push(bytes.subarray(at, at + size));
      points.push(...got.points);
      corrupt = got.corrupt;
    }
    return { points, corrupt, reader };
  }

  it('checks CRC-32C against its published check value', () => {
    assert.equal(crc32c(new TextEncoder().encode('123456789')), 0xe3069283);
  });

  it('reads simple_value and scalar tensors (float content, double values) with their step and wall time, in any chunking', () => {
    const bytes = write('events.out.tfevents.1.host');
    for (const size of [1, 7, 64, bytes.length]) {
      const { points, corrupt } = readInChunks(bytes, size);
      assert.equal(corrupt, 0);
      assert.equal(points.length, 15, `chunks of ${size}`);
      const loss = points.filter((p) => p.tag === 'train/loss');
      assert.deepEqual(loss.map((p) => p.step), [0, 10, 20, 30, 40]);
      assert.ok(Math.abs(loss[1]!.value - 2 / 11) < 1e-6);
      assert.equal(loss[2]!.wallTime, 1700000020);
      const lr = points.filter((p) => p.tag === 'lr');
      assert.ok(Math.abs(lr[4]!.value - 0.041) < 1e-6);
      assert.deepEqual(points.filter((p) => p.tag === 'accuracy').map((p) => p.value), [0.5, 0.6, 0.7, 0.8, 0.9]);
    }
  });

  it('waits for a record the writer has not finished, and reads it once the rest arrives', () => {
    const whole = write('events.out.tfevents.2.host');
    const torn = write('events.out.tfevents.3.host', '--tear');
    const reader = new EventFileReader();
    const first = reader.push(torn);
    assert.equal(first.points.length, 12);
    assert.equal(first.corrupt, 0);
    assert.ok(reader.waitingBytes > 0);
    const rest = reader.push(whole.subarray(torn.length));
    assert.equal(rest.points.length, 3);
    assert.equal(rest.corrupt, 0);
  });

  it('skips and counts a record whose CRC fails, and reads on', () => {
    const { points, corrupt } = readInChunks(write('events.out.tfevents.4.host', '--corrupt'), 13);
    assert.equal(corrupt, 1);
    assert.equal(points.length, 12);
  });

  it('finds its footing again after garbage, counting it once', () => {
    const good = frameTfRecord(encodeEvent({ wall_time: 1, step: 7, summary: { value: [{ tag: 'loss', simple_value: 0.5 }] } }));
    const bytes = new Uint8Array([...good, ...new Uint8Array(100).fill(0xab), ...good]);
    const { points, corrupt } = readInChunks(bytes, 9);
    assert.equal(corrupt, 1);
    assert.deepEqual(points.map((p) => p.step), [7, 7]);
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 1, max: 50 }), (bytes, size) => {
        const reader = new TfRecordReader();
        for (let at = 0; at < bytes.length; at += size) reader.push(bytes.subarray(at, at + size));
        const events = new EventFileReader();
        events.push(frameTfRecord(bytes));
      }),
      { seed: 14, numRuns: 500 },
    );
  });
});
