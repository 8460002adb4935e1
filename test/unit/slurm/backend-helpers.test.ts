import { strict as assert } from 'node:assert';
import { describePending, placementOf, wholeUtf8Length } from '../../../src/controller/backends/slurm/backend';
import type { JobRecord } from '../../../src/core/job';
import { JobSpec } from '../../../src/core/job-spec';

describe('slurm backend helpers', () => {
  it('lays ranks out node by node over the allocated hosts, as srun does', () => {
    const job = { spec: JobSpec.parse({ name: 'j', command: ['x'], resources: { nodes: 2, processesPerNode: 2, gpusPerProcess: 2 } }) } as JobRecord;
    assert.deepEqual(placementOf(job, ['gpu-a01', 'gpu-a02']), [
      { rank: 0, node: 'gpu-a01', devices: [0, 1] },
      { rank: 1, node: 'gpu-a01', devices: [2, 3] },
      { rank: 2, node: 'gpu-a02', devices: [0, 1] },
      { rank: 3, node: 'gpu-a02', devices: [2, 3] },
    ]);
  });
  it('explains Slurm\'s pending reasons in words, keeping Slurm\'s own', () => {
    assert.equal(describePending('Resources'), 'waiting for nodes to become free (Slurm: Resources)');
    assert.equal(describePending(undefined), "waiting in Slurm's queue");
    assert.equal(describePending('AssocMaxWallDurationPerJobLimit'), 'pending in Slurm: AssocMaxWallDurationPerJobLimit');
  });
  it('never cuts a UTF-8 character when a log is read in pieces', () => {
    const text = Buffer.from('loss 0.5 → 0.4 ✓ 🚀', 'utf8');
    for (let cut = 0; cut <= text.length; cut++) {
      const n = wholeUtf8Length(text.subarray(0, cut));
      assert.ok(n <= cut && cut - n < 4);
      assert.ok(!text.subarray(0, n).toString('utf8').includes('\uFFFD'), `cut at ${cut}`);
    }
    assert.equal(wholeUtf8Length(text), text.length);
  });
});
