import * as assert from 'node:assert/strict';
import { DownsampledSeries } from '../../../src/core/metrics/downsample';

describe('metric samples kept in memory', () => {
  it('holds at most its caps over a million samples, spread over the whole run, the newest at full resolution', () => {
    const series = new DownsampledSeries<{ at: number }>(1500, 500);
    for (let i = 0; i < 1_000_000; i++) series.add({ at: i });
    const all = series.all();
    assert.ok(all.length <= 2000, `${all.length} samples kept`);
    assert.equal(all[0]!.at, 0, 'the start of the run is still drawn');
    assert.deepEqual(all.slice(-500).map((s) => s.at), Array.from({ length: 500 }, (_, i) => 999_500 + i));
    // Evenly thinned: the gaps of the older part are all the same.
    const older = all.slice(0, -500);
    const gaps = new Set(older.slice(1).map((s, i) => s.at - older[i]!.at));
    assert.equal(gaps.size, 1, `gaps ${[...gaps].join(', ')}`);
    assert.ok(series.generation > 0);
    for (let i = 1; i < all.length; i++) assert.ok(all[i]!.at > all[i - 1]!.at);
  });

  it('keeps everything while under its caps', () => {
    const series = new DownsampledSeries<{ at: number }>(10, 5);
    for (let i = 0; i < 15; i++) series.add({ at: i });
    assert.deepEqual(series.all().map((s) => s.at), [...Array(15).keys()]);
    assert.equal(series.generation, 0);
  });
});
