import assert from 'node:assert/strict';
import { UtilizationMeter } from '../../../simulator/utilization';

const id = (x: number): number => x;

describe('simulator/utilisation meter', () => {
  it('integrates busy and available devices over time', () => {
    const m = new UtilizationMeter(0, 8, 400, 10);
    m.advance(5);
    m.set(4, 8);
    m.advance(15);
    m.set(8, 4);
    m.advance(20);
    // busy: 0·5 + 4·10 + 8·5 = 80; available: 8·15 + 4·5 = 140.
    assert.equal(m.busyIntegral, 80);
    assert.equal(m.availableIntegral, 140);
    assert.deepEqual(m.series(20, id), { stepSeconds: 10, busy: [2, 6], available: [8, 6] });
  });

  it('doubles its window to stay within its point budget, keeping averages exact', () => {
    const m = new UtilizationMeter(1, 2, 4, 10);
    m.advance(40);
    m.set(2, 2);
    m.advance(80);
    const s = m.series(80, id);
    assert.equal(s.stepSeconds, 20);
    assert.deepEqual(s.busy, [1, 1, 2, 2]);
    assert.deepEqual(s.available, [2, 2, 2, 2]);
    m.advance(100);
    assert.equal(m.series(100, id).stepSeconds, 40);
    assert.deepEqual(m.series(100, id).busy, [1, 2, 2]);
  });
});
