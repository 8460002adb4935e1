/**
 * One lifecycle, two drivers: the same workload and policy through the simulator (`simulate()`) and
 * through the job manager on the simulated backend, its clock moved event by event, give every job
 * the same restarts, preemptions, lost work and end. A rule kept in one place only would show here.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterFile } from '../../../src/core/cluster-file';
import { JobSpec, type JobSpecInput } from '../../../src/core/job-spec';
import { SimulatorBackend } from '../../../src/controller/backends/simulator';
import { JobManager } from '../../../src/controller/manager';
import { getPolicy } from '../../../src/scheduler/policies';
import { simulate } from '../../../simulator/index';
import { jobFromEntry } from '../../../simulator/workload/openclaw-jobs';
import { defaultThroughputs } from '../../../simulator/workload/workload-file';

interface Arrival {
  at: number;
  spec: JobSpec;
}

const spec = (name: string, nodes: number, priority: number, totalSteps: number, over: Partial<JobSpecInput> = {}): JobSpec =>
  JobSpec.parse({
    name,
    command: ['python3', 'train.py'],
    resources: { nodes, processesPerNode: 8, gpusPerProcess: 1 },
    priority,
    maxRestarts: 3,
    checkpoint: { dir: '/ckpt', everySeconds: 300 },
    simulation: { model: 'ResNet-50 (batch size 64)', totalSteps },
    ...over,
  });

/** Per job (by name): what the lifecycle decided. */
interface Outcome {
  restarts: number;
  preemptions: number;
  lostGpuSeconds: number;
  end: number | null;
}

describe('one job lifecycle under the simulator and the job manager', function () {
  this.timeout(120000);

  it('gives each job the same restarts, preemptions, lost work and end through simulate() and through the manager on the simulated backend', async () => {
    const file = ClusterFile.parse({ preset: 'dgx-a100', speedup: 1 }) as Extract<ClusterFile, { backend: 'simulator' }>;
    const backend = new SimulatorBackend(file, { clock: 'manual' });
    // Low-priority jobs fill the cluster and checkpoint; higher ones arrive and preempt them; a node
    // dies under running jobs and comes back. Times avoid coinciding with each other.
    const arrivals: Arrival[] = [
      { at: 0, spec: spec('low-a', 4, 0, 400_000) },
      { at: 7, spec: spec('low-b', 4, 0, 300_000) },
      { at: 411, spec: spec('mid-c', 3, 5, 120_000) },
      { at: 1303, spec: spec('high-d', 6, 9, 90_000, { maxRestarts: 0 }) },
      { at: 1777, spec: spec('low-e', 2, 0, 200_000) },
      { at: 2459, spec: spec('mid-f', 2, 5, 150_000, { checkpoint: undefined }) },
    ];
    const failures = [
      { node: 'dgx-1', at: 1601, repairSeconds: 900 },
      { node: 'dgx-6', at: 2901, repairSeconds: 700 },
    ];

    const report = simulate({
      cluster: backend.shape,
      policy: getPolicy('priority'),
      workload: {
        name: 'differential',
        jobs: arrivals.map((a, i) => jobFromEntry({ arrival: a.at, spec: a.spec }, i)),
        throughputs: defaultThroughputs(),
        checkpoint: { ...backend.costs },
        failures: { repairSeconds: 3600, scripted: failures },
      },
      noTiming: true,
    });
    const simulated = new Map<string, Outcome>(report.jobRecords.map((r) => [r.id, { restarts: r.restarts, preemptions: r.preemptions, lostGpuSeconds: r.lostGpuSeconds ?? 0, end: r.end }]));

    const stateDir = mkdtempSync(join(tmpdir(), 'openclaw-differential-'));
    const origin = backend.now();
    const m = await JobManager.start(backend, { stateDir, policy: getPolicy('priority'), requestPollMs: 0, network: backend.shape.network });
    try {
      const outside: { at: number; run: () => unknown }[] = [
        ...arrivals.map((a) => ({ at: a.at, run: () => m.submit(a.spec) })),
        ...failures.flatMap((f) => [
          { at: f.at, run: () => backend.failNode(f.node) },
          { at: f.at + f.repairSeconds, run: () => backend.repairNode(f.node) },
        ]),
      ].sort((a, b) => a.at - b.at);
      await m.settled();
      let i = 0;
      for (;;) {
        const t = Math.min(outside[i]?.at ?? Infinity, backend.nextEventSeconds());
        if (t === Infinity) break;
        backend.advanceTo(t);
        await m.settled();
        while (outside[i]?.at === t) {
          await outside[i++]!.run();
          await m.settled();
        }
      }
      const managed = new Map<string, Outcome>();
      for (const job of m.jobs()) {
        const attempts = m.report(job.id)?.attempts ?? [];
        managed.set(job.spec.name, {
          restarts: job.restarts,
          preemptions: attempts.filter((a) => a.outcome === 'preempted').length,
          lostGpuSeconds: job.lostGpuSeconds,
          end: job.state === 'succeeded' ? (job.history.at(-1)!.at - origin) / 1000 : null,
        });
      }

      // The scenario exercises every rule: preemptions with and without a checkpoint, restarts, a spent budget.
      const all = [...simulated.values()];
      assert.ok(all.some((o) => o.preemptions > 0), 'some job was preempted');
      assert.ok(all.some((o) => o.restarts > 0), 'some job was restarted');
      assert.ok(all.some((o) => o.end === null), 'some job failed, its restarts spent');
      assert.ok(all.some((o) => o.lostGpuSeconds > 0), 'some work was lost');

      assert.deepEqual([...managed.keys()].sort(), [...simulated.keys()].sort());
      const close = (a: number | null, b: number | null): boolean => (a === null || b === null ? a === b : Math.abs(a - b) < 1e-2);
      for (const [name, sim] of simulated) {
        const live = managed.get(name)!;
        const same = live.restarts === sim.restarts && live.preemptions === sim.preemptions && close(live.lostGpuSeconds, sim.lostGpuSeconds) && close(live.end, sim.end);
        assert.ok(same, `${name}: simulated ${JSON.stringify(sim)}, managed ${JSON.stringify(live)}`);
      }
    } finally {
      await m.dispose();
    }
  });
});
