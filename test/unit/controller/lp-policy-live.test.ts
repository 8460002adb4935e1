// An LP policy drives the job manager as it drives the simulator: the same Scheduler, the solver
// loaded by createController before the first round.
import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterFile } from '../../../src/core/cluster-file';
import { JobSpec } from '../../../src/core/job-spec';
import type { Controller } from '../../../src/controller/api';
import { createController } from '../../../src/controller/factory';

describe('an LP policy through the job manager', function () {
  this.timeout(60000);
  let c: Controller | undefined;
  afterEach(async () => {
    await c?.dispose();
    c = undefined;
  });

  it('runs jobs to completion under max-min-fairness on the simulator backend', async () => {
    // 2,000 simulated seconds a wall second; Gavel's 108 one-GPU servers.
    const cluster = ClusterFile.parse({ preset: 'gavel', policy: 'max-min-fairness', speedup: 2000 });
    c = await createController(cluster, { stateDir: mkdtempSync(join(tmpdir(), 'openclaw-lp-')) });
    const spec = (name: string) =>
      JobSpec.parse({ name, command: ['python3', 'train.py'], resources: { nodes: 1, processesPerNode: 1, gpusPerProcess: 1 }, simulation: { model: 'ResNet-50', durationSeconds: 900 } });
    const jobs = [];
    for (let i = 0; i < 3; i++) jobs.push(await c.submit(spec(`lp-${i}`)));
    for (const j of jobs) assert.equal((await c.waitForEnd(j.id)).state, 'succeeded');
  });
});
