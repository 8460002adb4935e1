import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeInfoOf } from '../../../src/controller/backends/slurm/cluster-view';
import type { SlurmJobStatus } from '../../../src/controller/backends/slurm/job-status';
import { parseScontrolNodes } from '../../../src/controller/backends/slurm/scontrol';
import { policyOfScheduler, shapeOf, simulateQueue } from '../../../src/controller/backends/slurm/simulate';

const gpuNodes = parseScontrolNodes(readFileSync(join(__dirname, 'fixtures', 'scontrol-node-gpu.txt'), 'utf8'))
  .filter((n) => n.partitions.includes('gpu'))
  .map(nodeInfoOf);
const now = Date.UTC(2024, 0, 15, 12, 0, 0);
const H = 3600_000;

function job(id: string, over: Partial<SlurmJobStatus>): SlurmJobStatus {
  return { slurmId: id, state: 'PENDING', nodes: [], nodeCount: 1, user: 'u', priority: 100, submitTime: now - H, ...over };
}

describe('Simulate this cluster (Slurm)', () => {
  it('builds the shape from usable nodes only, grouping identical ones', () => {
    const shape = shapeOf(gpuNodes, 'gpu');
    // gpu-a02 is draining and gpu-v01 down: only gpu-a01 takes work.
    assert.equal(shape.nodes.length, 1);
    assert.deepEqual(shape.nodes[0]?.devices, { model: 'a100', count: 8, memoryGiB: 80 });
    assert.equal(shape.nodes[0]?.count, 1);
    const both = shapeOf(gpuNodes.map((n) => ({ ...n, state: 'ready' as const })), 'gpu');
    assert.deepEqual(both.nodes.map((g) => [g.devices.model, g.count]), [['a100', 2], ['v100', 1]]);
  });

  it('predicts starts under FIFO: each pending job waits for the time limits ahead of it, in priority order', () => {
    const nodes = gpuNodes.map((n) => ({ ...n, state: 'ready' as const })).filter((n) => n.devices[0]?.model === 'a100');
    const sim = simulateQueue({
      at: now,
      partition: 'gpu',
      schedulerType: 'sched/builtin',
      nodes,
      jobs: [
        // Both nodes busy: one for another hour, one for two.
        job('1', { state: 'RUNNING', nodes: ['gpu-a01'], gpusPerNode: 8, startTime: now - H, timeLimitSeconds: 2 * 3600 }),
        job('2', { state: 'RUNNING', nodes: ['gpu-a02'], gpusPerNode: 8, startTime: now, timeLimitSeconds: 2 * 3600 }),
        job('low', { priority: 10, gpusPerNode: 2, timeLimitSeconds: 600 }),
        job('big', { priority: 500, nodeCount: 2, gpusPerNode: 8, timeLimitSeconds: 3600 }),
      ],
    });
    assert.equal(sim.policy, 'fifo');
    assert.equal(sim.running, 2);
    assert.deepEqual(sim.pending.map((p) => p.slurmId), ['big', 'low'], 'priority order');
    const [big, low] = sim.pending;
    assert.equal(big!.predictedStart, now + 2 * H, 'two nodes free when the second running job ends');
    assert.equal(big!.devices, 16);
    assert.equal(low!.predictedStart, now + 3 * H, 'FIFO: behind the big job');
  });

  it('lets a short job backfill ahead of the blocked head under sched/backfill', () => {
    const nodes = gpuNodes.map((n) => ({ ...n, state: 'ready' as const })).filter((n) => n.devices[0]?.model === 'a100');
    const sim = simulateQueue({
      at: now,
      partition: 'gpu',
      schedulerType: 'sched/backfill',
      nodes,
      jobs: [
        job('1', { state: 'RUNNING', nodes: ['gpu-a01'], gpusPerNode: 8, startTime: now, timeLimitSeconds: 3600 }),
        job('2', { state: 'RUNNING', nodes: ['gpu-a02'], gpusPerNode: 4, startTime: now, timeLimitSeconds: 2 * 3600 }),
        job('big', { priority: 500, nodeCount: 2, gpusPerNode: 8, timeLimitSeconds: 3600 }),
        job('short', { priority: 10, gpusPerNode: 4, timeLimitSeconds: 1800, startTime: now + 60_000 }),
      ],
    });
    assert.equal(policyOfScheduler('sched/backfill'), 'backfill');
    const byId = new Map(sim.pending.map((p) => [p.slurmId, p]));
    assert.equal(byId.get('big')!.predictedStart, now + 2 * H);
    assert.equal(byId.get('short')!.predictedStart, now, 'fits in the hole before the head job\'s reservation');
    assert.equal(byId.get('short')!.slurmEstimate, now + 60_000, 'Slurm\'s own estimate is kept beside ours');
  });

  it('treats CPU-only jobs as asking for CPU slots, and says when a job can never start', () => {
    const cpuNode = { name: 'c1', devices: Array.from({ length: 4 }, (_, i) => ({ uuid: `c1/cpu${i}`, index: i, model: 'cpu', memoryGiB: 1, vendor: 'cpu' as const })), cpus: 4, memoryGiB: 4, intraLinkGbps: 2400, state: 'ready' as const };
    const sim = simulateQueue({
      at: now,
      partition: 'cpu',
      schedulerType: 'sched/backfill',
      nodes: [cpuNode],
      jobs: [
        job('r', { state: 'RUNNING', cpus: 3, startTime: now, timeLimitSeconds: 600 }),
        job('two', { cpus: 2, timeLimitSeconds: 60 }),
        job('huge', { cpus: 64, priority: 1, timeLimitSeconds: 60 }),
      ],
    });
    const byId = new Map(sim.pending.map((p) => [p.slurmId, p]));
    assert.equal(byId.get('two')!.predictedStart, now + 600_000);
    assert.equal(byId.get('huge')!.predictedStart, null);
  });
});
