import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../src/io/atomic-file';

describe('atomic file writes', () => {
  it('replaces a file whole, with the mode asked for, and leaves no temporary file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openclaw-atomic-'));
    const path = join(dir, 'record.json');
    writeFileSync(path, '{"old":true}');
    writeFileAtomic(path, '{"new":true}', 0o600);
    assert.equal(readFileSync(path, 'utf8'), '{"new":true}');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir), ['record.json']);
  });
});
