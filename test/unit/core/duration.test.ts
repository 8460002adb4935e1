import assert from 'node:assert/strict';
import { formatDuration, formatDurationShort, formatElapsed } from '../../../src/core/duration';

describe('durations as people read them', () => {
  it('in words for panels and reasons, in narrow columns for tables, like a clock for elapsed time', () => {
    assert.deepEqual([4.25, 42, 210, 22_000, 200_000].map(formatDuration), ['4.3 s', '42 s', '3.5 min', '6.1 h', '2.3 d']);
    assert.deepEqual([42, 150, 22_000, 200_000].map(formatDurationShort), ['42s', '2.5m', '6.1h', '2.3d']);
    assert.deepEqual([-3, 42, 303, 7_980, 97_200, 270_000].map(formatElapsed), ['0s', '42s', '5m 03s', '2h 13m', '27h 00m', '3d 3h']);
  });
});
