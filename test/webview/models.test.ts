/** The hosts' pure models: occupancy deltas, Gantt intervals and the time-travel replay, on real simulator output. */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterFile } from '../../src/core/cluster-file';
import { JobRecord, type MetricSample } from '../../src/core/job';
import { JobSpec } from '../../src/core/job-spec';
import { createController } from '../../src/controller/factory';
import { JobDetailToWebview } from '../../src/protocol/job-detail';
import { DeviceMapToWebview, unpackJobs, type MapJob } from '../../src/protocol/device-map';
import { ReportView } from '../../src/protocol/sim-report';
import { RoundState } from '../../src/protocol/time-travel';
import { DeviceMapModel } from '../../src/extension/webviews/device-map-model';
import { JobDetailFeed } from '../../src/extension/webviews/job-detail-model';
import { RunReplay } from '../../src/extension/webviews/time-travel-model';
import { clusterNodes } from './fixtures';
import { reportOf, runSim } from './sim-fixtures';

function job(id: string, state: JobRecord['state'], placement: JobRecord['placement']): JobRecord {
  return JobRecord.parse({
    id,
    spec: { name: `n-${id}`, command: ['x'], resources: { gpusPerProcess: 2 } },
    state,
    history: [],
    placement,
    backend: 'simulator',
  });
}

const jobs0 = (posted: JobDetailToWebview[]) => posted.filter((m) => m.type === 'job').length;

describe('webview host models', function () {
  it('device map: a job placed, moved and finished becomes exact deltas', () => {
    const nodes = clusterNodes(4, 8, ['a100'], false);
    const m = new DeviceMapModel(nodes, [job('a', 'running', [{ rank: 0, node: 'a100-1', devices: [2, 3] }])]);
    const snap = DeviceMapToWebview.parse(m.snapshot());
    assert.equal(snap.type, 'snapshot');
    if (snap.type !== 'snapshot') return;
    assert.deepEqual(snap.occupancy.job.map((j, i) => (j ? i : -1)).filter((i) => i >= 0), [10, 11]);
    assert.equal(m.takeDelta(), undefined);
    m.updateJob(job('a', 'restarting', []));
    m.updateJob(job('a', 'running', [{ rank: 0, node: 'a100-3', devices: [0, 1] }]));
    m.setUtil('a', 0.75);
    const d = DeviceMapToWebview.parse(m.takeDelta());
    assert.equal(d.type, 'delta');
    if (d.type !== 'delta') return;
    assert.deepEqual(d.devices, [10, 11, 24, 25]);
    assert.deepEqual(d.job, [null, null, 'a', 'a']);
    assert.deepEqual(d.util, [null, null, 0.75, 0.75]);
    const jobs = new Map<string, MapJob>();
    unpackJobs(d.jobs!, jobs);
    assert.equal(jobs.get('a')?.state, 'running');
    m.updateJob(job('a', 'succeeded', []));
    const end = DeviceMapToWebview.parse(m.takeDelta());
    assert.ok(end.type === 'delta' && end.job.every((j) => j === null) && end.devices.length === 2);
  });

  it('job detail: metrics reach an open panel while the job runs on the simulator, on its simulated clock', async function () {
    this.timeout(60_000);
    // 300 simulated seconds a wall second: the simulator reports a metric every half wall second.
    const c = await createController(ClusterFile.parse({ preset: 'dgx-a100', speedup: 300 }), { stateDir: mkdtempSync(join(tmpdir(), 'openclaw-detail-')) });
    try {
      const job = await c.submit(JobSpec.parse({ name: 'live', command: ['python3', 'train.py'], resources: { nodes: 1, processesPerNode: 8, gpusPerProcess: 1 }, checkpoint: { dir: '/ckpt', everySeconds: 300 }, simulation: { model: 'ResNet-50', durationSeconds: 1800 } }));
      const posted: JobDetailToWebview[] = [];
      const feed = new JobDetailFeed(() => c, job.id, { ready: () => true, post: (m) => posted.push(JobDetailToWebview.parse(m)) });
      const sub = c.onChange((ch) => feed.onChange(ch));
      // The panel opens while the job is queued or starting: it has no samples yet.
      await feed.sendAll();
      const first = posted.find((m) => m.type === 'metrics');
      assert.ok(first?.type === 'metrics' && first.reset);
      await c.waitForEnd(job.id);
      await new Promise((r) => setTimeout(r, 300));
      sub.dispose();
      feed.dispose();
      // What the page holds after applying every message equals what the controller reported.
      let page: MetricSample[] = [];
      for (const m of posted) if (m.type === 'metrics') page = m.reset ? m.samples : [...page, ...m.samples];
      const live = posted.filter((m) => m.type === 'metrics' && !m.reset);
      assert.ok(live.length >= 3, `metric messages while open: ${live.length}`);
      assert.deepEqual(page.map((s) => s.step), c.metrics(job.id).map((s) => s.step));
      assert.ok(page.length >= 5 && page[page.length - 1]!.step! > page[0]!.step!);
      // The checkpoint list (I/O on a live backend) is sent once a new checkpoint, not once a job change.
      const lists = posted.filter((m) => m.type === 'checkpoints').length;
      const ckpts = (await c.checkpoints(job.id)).length;
      assert.ok(jobs0(posted) > lists, `job messages ${jobs0(posted)}, checkpoint lists ${lists}`);
      assert.ok(lists <= 3 * ckpts + 3, `checkpoint lists ${lists} for ${ckpts} checkpoints`);
      // Times are on the simulator's clock, and the page is told so.
      const jobs = posted.filter((m): m is Extract<JobDetailToWebview, { type: 'job' }> => m.type === 'job');
      assert.ok(jobs.length > 0 && jobs.every((m) => m.clock === 'simulated'));
      const last = jobs[jobs.length - 1];
      assert.ok(last!.now >= last!.job.history[last!.job.history.length - 1]!.at);
    } finally {
      await c.dispose();
    }
  });

  it('time travel: the replayed device map matches the busy count the simulator logged, every round', () => {
    const { events, report } = runSim('dgx-a100', 'examples/workloads/gavel-generated.yaml', 'las');
    const replay = new RunReplay(events);
    assert.ok(replay.length > 100 && report.jobs === 300);
    for (let i = 0; i < replay.length; i += 7) {
      const r = RoundState.parse(replay.round(i));
      assert.equal(r.job.filter((j) => j !== null).length, replay.rounds[i]!.busy, `round ${i}`);
      assert.equal(r.queue.length, replay.rounds[i]!.waiting - replay.rounds[i]!.decisions.filter((d) => d.kind === 'place').length + replay.rounds[i]!.decisions.filter((d) => d.kind === 'preempt').length, `queue at round ${i}`);
    }
  });

  it('report: device intervals from the event log never double-book a device', () => {
    const view = ReportView.parse(reportOf('dgx-a100', 'examples/workloads/gavel-generated.yaml', ['las']));
    const s = view.runs[0]!.segments!;
    const byDevice = new Map<number, Array<[number, number]>>();
    s.device.forEach((d, i) => (byDevice.get(d) ?? byDevice.set(d, []).get(d)!).push([s.start[i]!, s.end[i]!]));
    for (const [d, list] of byDevice) {
      list.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < list.length; i++) assert.ok(list[i]![0] >= list[i - 1]![1] - 1e-9, `device ${d} held twice at ${list[i]![0]}`);
    }
    // Busy device-seconds from the intervals equal the simulator's utilisation times capacity.
    const busy = s.start.reduce((sum, t, i) => sum + (s.end[i]! - t), 0);
    const r = view.runs[0]!.summary;
    assert.ok(Math.abs(busy / (view.totalDevices * r.makespanSeconds) - r.utilization) < 0.01, `${busy / (view.totalDevices * r.makespanSeconds)} vs ${r.utilization}`);
  });
});
