import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EventQueue } from '../../../simulator/engine/event-queue';
import { Rng } from '../../../simulator/random';

function drain(q: EventQueue): { time: number; kind: number; a: number; b: number }[] {
  const out = [];
  while (q.pop()) out.push({ time: q.time, kind: q.kind, a: q.a, b: q.b });
  return out;
}

describe('simulator/EventQueue', () => {
  it('pops events in time order with their payload', () => {
    const q = new EventQueue(16);
    q.push(5, 1, 50, 500);
    q.push(1, 2, 10, 100);
    q.push(3, 3, 30, 300);
    assert.equal(q.size, 3);
    assert.equal(q.peekTime(), 1);
    assert.deepEqual(drain(q), [
      { time: 1, kind: 2, a: 10, b: 100 },
      { time: 3, kind: 3, a: 30, b: 300 },
      { time: 5, kind: 1, a: 50, b: 500 },
    ]);
    assert.equal(q.peekTime(), Infinity);
    assert.equal(q.pop(), false);
  });

  it('breaks ties by insertion order, so simultaneous events replay the same way', () => {
    const q = new EventQueue(4);
    for (let i = 0; i < 100; i++) q.push(i % 3, 0, i, 0);
    const order = drain(q).map((e) => e.a);
    const expected = [...Array(100).keys()].sort((x, y) => (x % 3) - (y % 3) || x - y);
    assert.deepEqual(order, expected);
  });

  it('matches a stable sort for any interleaving of pushes and pops, and grows past its capacity', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(-1)), { maxLength: 400 }), (ops) => {
        const q = new EventQueue(16);
        const model: { t: number; seq: number }[] = [];
        let seq = 0;
        for (const op of ops) {
          if (op >= 0) {
            q.push(op, 0, seq, 0);
            model.push({ t: op, seq: seq++ });
          } else {
            model.sort((x, y) => x.t - y.t || x.seq - y.seq);
            const want = model.shift();
            assert.equal(q.pop(), want !== undefined);
            if (want) assert.deepEqual([q.time, q.a], [want.t, want.seq]);
          }
        }
        model.sort((x, y) => x.t - y.t || x.seq - y.seq);
        assert.deepEqual(drain(q).map((e) => e.a), model.map((m) => m.seq));
      }),
    );
  });

  it('refuses a NaN time', () => {
    assert.throws(() => new EventQueue().push(NaN, 0), /NaN/);
  });
});

describe('simulator/Rng', () => {
  it('gives the same stream for the same seed and different streams otherwise', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const d = new Rng(42, 1);
    const xs = Array.from({ length: 5 }, () => a.next());
    assert.deepEqual(Array.from({ length: 5 }, () => b.next()), xs);
    assert.notDeepEqual(Array.from({ length: 5 }, () => c.next()), xs);
    assert.notDeepEqual(Array.from({ length: 5 }, () => d.next()), xs);
    for (const x of xs) assert.ok(x >= 0 && x < 1);
  });

  it('draws exponentials with the asked mean', () => {
    const r = new Rng(7);
    let sum = 0;
    for (let i = 0; i < 20000; i++) sum += r.exponential(10);
    assert.ok(Math.abs(sum / 20000 - 10) < 0.3, `mean ${sum / 20000}`);
  });
});
