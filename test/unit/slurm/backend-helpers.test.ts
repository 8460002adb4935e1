import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gpuIndicesOfJob } from '../../../src/controller/backends/slurm/scontrol';
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

describe('slurm GPU placement', () => {
  it('reads the GPU indices Slurm gave a job on each node (scontrol show job -d) into the placement', () => {
    const detail = readFileSync(join(__dirname, 'fixtures', 'scontrol-job-detail-gpu.txt'), 'utf8');
    const idx = gpuIndicesOfJob(detail);
    assert.deepEqual([...idx], [['gpu-a01', [4, 5, 6, 7]], ['gpu-a02', [4, 5, 6, 7]], ['gpu-a03', [0, 1, 6, 7]]]);
    assert.deepEqual(gpuIndicesOfJob('   GRES_IDX=gpu(IDX:2-3)\n     Nodes=n1 CPU_IDs=0-3 Mem=0 GRES_IDX=gpu(IDX:2-3)\n'), new Map([['n1', [2, 3]]]));
    const job = { spec: JobSpec.parse({ name: 'j', command: ['x'], resources: { nodes: 3, processesPerNode: 2, gpusPerProcess: 2 } }) } as JobRecord;
    const placement = placementOf(job, ['gpu-a01', 'gpu-a02', 'gpu-a03'], idx);
    assert.deepEqual(placement.map((r) => [r.rank, r.node, r.devices]), [
      [0, 'gpu-a01', [4, 5]], [1, 'gpu-a01', [6, 7]], [2, 'gpu-a02', [4, 5]], [3, 'gpu-a02', [6, 7]], [4, 'gpu-a03', [0, 1]], [5, 'gpu-a03', [6, 7]],
    ]);
  });
});
