import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OpenClawJobEntry, shortEntry } from '../../../simulator/workload/openclaw-jobs';

// Values near every bound the schema checks, and of the wrong types.
const value = fc.oneof(
  fc.constantFrom(0, 1, -1, 0.5, 8, 1e6, 1e6 + 1, 1e12, 1e12 + 1, 315_360_000, 315_360_001, Number.MAX_SAFE_INTEGER + 2, 2 ** 60),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.string(),
  fc.constantFrom('', 'a', null, true, [], {}),
);
const keys = ['id', 'arrival', 'gpus', 'durationSeconds', 'totalSteps', 'checkpointEverySeconds', 'priority', 'user', 'model', 'deviceModel', 'nodes', 'spec', 'extra'];
const entry = fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 8 });
// Mostly valid lines, so that acceptance is exercised as much as refusal.
const validish = fc.record(
  {
    id: fc.string({ minLength: 1 }),
    arrival: fc.oneof(fc.nat(), fc.double({ min: 0, max: 4e8, noNaN: true })),
    gpus: fc.oneof(fc.integer({ min: 0, max: 1_000_001 }), fc.double({ noNaN: true })),
    durationSeconds: fc.oneof(fc.double({ min: -1, max: 4e8, noNaN: true }), fc.constant(0)),
    priority: fc.oneof(fc.integer(), fc.double({ noNaN: true })),
    user: fc.string(),
  },
  { requiredKeys: [] },
);

describe('job list: the fast path for plain JSONL lines', () => {
  it('takes a typical trace line without the schema, and gives what the schema gives', () => {
    const line = { id: 'j00001', arrival: 54, gpus: 1, durationSeconds: 616 };
    assert.deepEqual(shortEntry(line), OpenClawJobEntry.parse(line));
  });

  it('accepts only what the schema accepts, as the schema reads it', () => {
    fc.assert(
      fc.property(fc.oneof(entry, validish), (raw) => {
        const fast = shortEntry(raw);
        if (fast === undefined) return;
        const slow = OpenClawJobEntry.safeParse(raw);
        assert.ok(slow.success, `the fast path took ${JSON.stringify(raw)}, which the schema refuses`);
        assert.deepEqual({ ...fast }, { ...slow.data });
      }),
      { numRuns: 5000 },
    );
  });
});
