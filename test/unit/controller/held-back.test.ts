/**
 * Jobs held back by a quota: what holds them may lapse with time alone (a week's device-hours), with
 * no arrival or completion to start a round. The manager offers them to the scheduler again by
 * itself, so such a job starts without anyone touching the queue.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterFile } from '../../../src/core/cluster-file';
import { JobSpec } from '../../../src/core/job-spec';
import { createBackend } from '../../../src/controller/factory';
import { JobManager } from '../../../src/controller/manager';
import { getPolicy } from '../../../src/scheduler/policies';

const CLUSTER = ClusterFile.parse({ preset: 'dgx-a100', speedup: 2000 });
const spec = JobSpec.parse({ name: 'held', command: ['python3', 'train.py'], resources: { nodes: 1, processesPerNode: 1, gpusPerProcess: 1 }, simulation: { durationSeconds: 60 } });

describe('controller/jobs held back', function () {
  this.timeout(30_000);
  let manager: JobManager | undefined;
  afterEach(async () => {
    await manager?.dispose();
    manager = undefined;
  });

  async function start(retryMs: number | undefined, held: { now: boolean }): Promise<JobManager> {
    return JobManager.start(createBackend(CLUSTER), {
      stateDir: mkdtempSync(join(tmpdir(), 'openclaw-held-')),
      policy: getPolicy('fifo'),
      holdBack: (waiting) => new Map(held.now ? waiting.map((j) => [j.id, 'over the quota of device-hours this week'] as const) : []),
      ...(retryMs !== undefined && { heldRetryMs: retryMs }),
    });
  }

  async function stateAfter(m: JobManager, id: string, ms: number): Promise<string> {
    const until = Date.now() + ms;
    while (Date.now() < until && m.job(id)?.state === 'queued') await new Promise((r) => setTimeout(r, 20));
    return m.job(id)!.state;
  }

  it('starts a held job once its hold lapses, with no event to start a round', async () => {
    const held = { now: true };
    manager = await start(300, held);
    const job = await manager.submit(spec);
    assert.equal(await stateAfter(manager, job.id, 500), 'queued');
    assert.equal(manager.job(job.id)!.waitReason, 'over the quota of device-hours this week');
    held.now = false; // the week moved on: nothing else happens
    assert.notEqual(await stateAfter(manager, job.id, 3_000), 'queued', 'offered again and placed');
  });

  it('leaves it queued until the next offer (a minute by default)', async () => {
    const held = { now: true };
    manager = await start(undefined, held);
    const job = await manager.submit(spec);
    await stateAfter(manager, job.id, 300);
    held.now = false;
    assert.equal(await stateAfter(manager, job.id, 1_000), 'queued', 'no round runs before the minute is up');
  });
});
