import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gpusOfGres, nodeInfoOf, nodeState, partitionNodes } from '../../../src/controller/backends/slurm/cluster-view';
import { expandHostlist } from '../../../src/controller/backends/slurm/hostlist';
import { decodeWaitStatus, parseGpuRequest } from '../../../src/controller/backends/slurm/job-status';
import { parseSlurmVersion, preferredFormat } from '../../../src/controller/backends/slurm/queue-reader';
import { parseSacct, sacctUnavailable } from '../../../src/controller/backends/slurm/sacct';
import { parseScontrolJobs, parseScontrolNodes } from '../../../src/controller/backends/slurm/scontrol';
import { parseSinfoPartitions } from '../../../src/controller/backends/slurm/sinfo';
import { parseSqueueFormatted, parseSqueueJson } from '../../../src/controller/backends/slurm/squeue';
import { isEnded, lifecycleState, slurmPhase } from '../../../src/controller/backends/slurm/state';
import { parseSlurmTime, toSlurmTime } from '../../../src/controller/backends/slurm/time';
import { specDurationSeconds } from '../../../src/core/job-spec';

// Fixtures: *-22.05 and scontrol-node-cpu/-multiline, squeue-format, scontrol-jobs, sinfo-partitions were
// recorded from the Slurm 22.05 of scripts/slurm-up.sh; the GPU and 23.02 ones follow the documented forms.
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('slurm hostlists', () => {
  it('expands ranges, zero padding, lists and several bracket groups in Slurm order', () => {
    assert.deepEqual(expandHostlist('node[01-03,7],gpu-a'), ['node01', 'node02', 'node03', 'node7', 'gpu-a']);
    assert.deepEqual(expandHostlist('r[1-2]n[1-2]'), ['r1n1', 'r1n2', 'r2n1', 'r2n2']);
    assert.deepEqual(expandHostlist('vm'), ['vm']);
    assert.deepEqual(expandHostlist(''), []);
    assert.deepEqual(expandHostlist('(null)'), []);
  });
  it('rejects a malformed expression with a message naming it', () => {
    assert.throws(() => expandHostlist('node[3-1]'), /bad hostlist range "3-1"/);
    assert.throws(() => expandHostlist('node[1-2'), /missing "]"/);
  });
});

describe('slurm times', () => {
  it('reads every form of Slurm time limits', () => {
    assert.equal(parseSlurmTime('30'), 1800);
    assert.equal(parseSlurmTime('10:00'), 600);
    assert.equal(parseSlurmTime('02:00:00'), 7200);
    assert.equal(parseSlurmTime('1-00:00:00'), 86400);
    assert.equal(parseSlurmTime('2-12'), 2 * 86400 + 12 * 3600);
    assert.equal(parseSlurmTime('365-00:00:00'), 365 * 86400);
    assert.equal(parseSlurmTime('UNLIMITED'), undefined);
    assert.equal(parseSlurmTime('infinite'), undefined);
  });
  it('writes limits as days-hours:minutes:seconds, rounded up to whole minutes', () => {
    assert.equal(toSlurmTime(90), '0-00:02:00');
    assert.equal(toSlurmTime(7200), '0-02:00:00');
    assert.equal(toSlurmTime(36 * 3600), '1-12:00:00');
  });
  it('reads spec durations with the job-spec helper of src/core', () => {
    assert.equal(specDurationSeconds('90s'), 90);
    assert.equal(specDurationSeconds('30m'), 1800);
    assert.equal(specDurationSeconds('1.5d'), 129600);
    assert.throws(() => specDurationSeconds('2 hours'), /expected a duration/);
  });
});

describe('squeue', () => {
  it('reads the --json of Slurm 22.05 (recorded): states, exit codes as wait statuses, nodes', () => {
    const jobs = parseSqueueJson(fixture('squeue-22.05.json'));
    const byId = new Map(jobs.map((j) => [j.slurmId, j]));
    assert.equal(byId.get('1')?.state, 'COMPLETED');
    assert.equal(byId.get('1')?.exitCode, 0);
    assert.deepEqual(byId.get('1')?.nodes, ['vm']);
    assert.equal(byId.get('1')?.cpus, 2);
    assert.equal(byId.get('2')?.state, 'FAILED');
    assert.equal(byId.get('2')?.exitCode, 3, 'exit 3 is recorded as wait status 768');
    assert.equal(byId.get('2')?.reason, 'NonZeroExitCode');
    assert.equal(byId.get('3')?.state, 'CANCELLED');
    assert.equal(byId.get('3')?.signal, 15);
    const pending = jobs.find((j) => j.state === 'PENDING');
    assert.ok(pending, 'the recording holds a pending job');
    assert.deepEqual(pending.nodes, []);
    assert.equal(pending.reason, 'Resources');
    const named = jobs.find((j) => j.name === 'name|with bar');
    assert.equal(named?.state, 'RUNNING');
    assert.equal(named?.user, 'root');
  });
  it('reads the --json of Slurm 23.02+ (state lists, {set, number} numbers, structured exit codes, GPU TRES)', () => {
    const [run, pend, oom] = parseSqueueJson(fixture('squeue-23.02.json'));
    assert.deepEqual(run, {
      slurmId: '4242', name: 'llm-pretrain', state: 'RUNNING', nodes: ['gpu-a01', 'gpu-a02'], nodeCount: 2, cpus: 32,
      partition: 'gpu', user: 'alice', priority: 1500, submitTime: 1705312800000, startTime: 1705312860000, endTime: 1705399260000,
      timeLimitSeconds: 86400, restarts: 1, exitCode: 0, gpusPerNode: 4, gpuType: 'a100',
    });
    assert.equal(pend!.state, 'PENDING');
    assert.equal(pend!.reason, 'Priority');
    assert.equal(pend!.gpusPerNode, 2);
    assert.equal(pend!.gpuType, undefined);
    assert.equal(pend!.timeLimitSeconds, 7200);
    assert.equal(oom!.state, 'OUT_OF_MEMORY');
    assert.equal(oom!.signal, 9);
    assert.equal(oom!.exitCode, 137);
    assert.equal(oom!.timeLimitSeconds, undefined);
  });
  it('says so when squeue printed something else', () => {
    assert.throws(() => parseSqueueJson('squeue: error: Invalid user'), /not JSON/);
    assert.throws(() => parseSqueueJson('{"meta": {}}'), /no "jobs" list/);
  });
  it('reads the formatted output (recorded), with a "|" in a job name', () => {
    const jobs = parseSqueueFormatted(fixture('squeue-format.txt'));
    const named = jobs.find((j) => j.slurmId === '8');
    assert.equal(named?.name, 'name|with bar');
    assert.equal(named?.state, 'RUNNING');
    const limited = jobs.find((j) => j.slurmId === '10');
    assert.equal(limited?.timeLimitSeconds, 600);
    const pending = jobs.find((j) => j.state === 'PENDING');
    assert.equal(pending?.reason, 'Resources');
    assert.deepEqual(pending?.nodes, []);
    assert.equal(jobs.find((j) => j.slurmId === '2')?.reason, 'NonZeroExitCode');
  });
});

describe('scontrol', () => {
  it('reads jobs (recorded): exit:signal pairs, restarts, values with spaces', () => {
    const jobs = parseScontrolJobs(fixture('scontrol-jobs.txt'));
    assert.ok(jobs.length >= 3);
    for (const j of jobs) {
      assert.match(j.slurmId, /^\d+$/);
      assert.equal(j.restarts, 0);
      assert.equal(j.partition, 'debug');
    }
    const named = jobs.find((j) => j.name === 'name|with bar');
    assert.ok(named, 'job name read whole');
    const done = jobs.find((j) => j.state === 'COMPLETED');
    assert.equal(done?.exitCode, 0);
    assert.deepEqual(done?.nodes, ['vm']);
  });
  it('reads a CPU node in one-line and multi-line form alike (recorded)', () => {
    const [one] = parseScontrolNodes(fixture('scontrol-node-cpu.txt'));
    const [multi] = parseScontrolNodes(fixture('scontrol-node-multiline.txt'));
    assert.equal(one!.name, 'vm');
    assert.equal(one!.cpus, 2);
    assert.ok(one!.realMemoryMiB > 0);
    assert.deepEqual(one!.partitions, ['debug']);
    assert.equal(one!.gres, '');
    assert.deepEqual({ ...multi, states: one!.states }, { ...one });
  });
  it('reads GPU nodes: GRES, drain and down states with reasons', () => {
    const nodes = parseScontrolNodes(fixture('scontrol-node-gpu.txt'));
    assert.deepEqual(nodes.map((n) => n.name), ['gpu-a01', 'gpu-a02', 'gpu-v01', 'cpu-001']);
    assert.equal(nodes[0]!.gres, 'gpu:a100:8(S:0-1)');
    assert.deepEqual(nodes[0]!.partitions, ['gpu', 'gpu-long']);
    assert.deepEqual(nodes[1]!.states, ['IDLE', 'DRAIN']);
    assert.equal(nodes[1]!.reason, 'bad gpu 3 [root@2024-01-14T12:00:00]');
    assert.deepEqual(nodes[2]!.states, ['DOWN', 'NOT_RESPONDING']);
  });
});

describe('sacct', () => {
  it('reads finished jobs: exit codes, signals, "CANCELLED by", unassigned nodes', () => {
    const jobs = parseSacct(fixture('sacct.txt'));
    assert.deepEqual(jobs.map((j) => [j.slurmId, j.state, j.exitCode]), [
      ['4100', 'COMPLETED', 0], ['4101', 'FAILED', 3], ['4102', 'CANCELLED', 143], ['4103', 'TIMEOUT', 0], ['4104', 'NODE_FAIL', 1],
    ]);
    assert.deepEqual(jobs[0]!.nodes, ['gpu-a01', 'gpu-a02']);
    assert.equal(jobs[1]!.name, 'bad|name');
    assert.equal(jobs[2]!.signal, 15);
    assert.deepEqual(jobs[4]!.nodes, []);
    assert.equal(jobs[4]!.startTime, undefined);
  });
  it('recognises a cluster without accounting', () => {
    assert.ok(sacctUnavailable('Slurm accounting storage is disabled'));
    assert.ok(!sacctUnavailable(''));
  });
});

describe('sinfo', () => {
  it('merges the lines of one partition and reads default, availability and limits', () => {
    const parts = parseSinfoPartitions(fixture('sinfo-gpu.txt'));
    assert.deepEqual(parts.map((p) => p.name), ['gpu', 'gpu-long', 'cpu', 'maint']);
    assert.deepEqual(parts[0], { name: 'gpu', isDefault: true, up: true, maxTimeSeconds: 86400, nodes: ['gpu-a01', 'gpu-a02', 'gpu-v01'] });
    assert.equal(parts[2]!.maxTimeSeconds, undefined);
    assert.equal(parts[3]!.up, false);
    const [local] = parseSinfoPartitions(fixture('sinfo-partitions.txt'));
    assert.deepEqual(local, { name: 'debug', isDefault: true, up: true, nodes: ['vm'] });
  });
});

describe('slurm cluster view', () => {
  it('turns GRES into devices and CPU-only nodes into cpu slots', () => {
    const nodes = parseScontrolNodes(fixture('scontrol-node-gpu.txt'));
    const a01 = nodeInfoOf(nodes[0]!);
    assert.equal(a01.devices.length, 8);
    assert.deepEqual(a01.devices[7], { uuid: 'gpu-a01/7', index: 7, model: 'a100', memoryGiB: 80, vendor: 'nvidia' });
    assert.equal(a01.cpus, 64);
    assert.equal(a01.state, 'ready');
    assert.equal(nodeInfoOf(nodes[1]!).state, 'draining');
    assert.equal(nodeInfoOf(nodes[2]!).state, 'dead');
    const cpu = nodeInfoOf(nodes[3]!);
    assert.equal(cpu.devices.length, 48);
    assert.equal(cpu.devices[0]!.vendor, 'cpu');
    assert.deepEqual(partitionNodes(nodes, 'gpu-long').map((n) => n.name), ['gpu-a01', 'gpu-a02']);
  });
  it('reads GRES forms: typed, untyped, several types, other GRES mixed in', () => {
    assert.deepEqual(gpusOfGres('gpu:a100:4(S:0-1),gpu:v100:2,mps:400'), [{ model: 'a100', count: 4 }, { model: 'v100', count: 2 }]);
    assert.deepEqual(gpusOfGres('gpu:2'), [{ model: 'gpu', count: 2 }]);
    assert.deepEqual(gpusOfGres('gpu:MI250X:8(S:0-7)'), [{ model: 'mi250x', count: 8 }]);
    assert.deepEqual(gpusOfGres(''), []);
    assert.equal(nodeState(['MIXED']), 'ready');
    assert.equal(nodeState(['ALLOCATED', 'DRAIN']), 'draining');
    assert.equal(nodeState(['IDLE', 'NOT_RESPONDING']), 'suspect');
  });
  it('reads a job\'s GPU request from TRES and GRES strings', () => {
    assert.deepEqual(parseGpuRequest('gres/gpu:a100=4'), { count: 4, type: 'a100' });
    assert.deepEqual(parseGpuRequest('gres:gpu:2'), { count: 2 });
    assert.deepEqual(parseGpuRequest('gpu:h100:8'), { count: 8, type: 'h100' });
    assert.deepEqual(parseGpuRequest('gres/mps=100,gres/gpu=1'), { count: 1 });
    assert.equal(parseGpuRequest('N/A'), undefined);
    assert.deepEqual(decodeWaitStatus(768), { exitCode: 3 });
    assert.deepEqual(decodeWaitStatus(9), { exitCode: 137, signal: 9 });
  });
});

describe('slurm states', () => {
  it('maps every Slurm job state onto the lifecycle', () => {
    const cases: [string, string][] = [
      ['PENDING', 'queued'], ['CONFIGURING', 'starting'], ['RUNNING', 'running'], ['COMPLETING', 'running'],
      ['REQUEUED', 'restarting'], ['PREEMPTED', 'restarting'], ['COMPLETED', 'succeeded'], ['CANCELLED', 'cancelled'],
      ['FAILED', 'failed'], ['TIMEOUT', 'failed'], ['NODE_FAIL', 'failed'], ['OUT_OF_MEMORY', 'failed'], ['BOOT_FAIL', 'failed'],
      ['SOMETHING_NEW', 'running'],
    ];
    for (const [slurm, ours] of cases) assert.equal(lifecycleState(slurmPhase(slurm)), ours, slurm);
    assert.ok(isEnded(slurmPhase('DEADLINE')));
    assert.ok(!isEnded(slurmPhase('SUSPENDED')));
  });
  it('uses --json only where squeue honours its job filter (23.02+)', () => {
    assert.deepEqual(parseSlurmVersion('slurm 22.05.8'), [22, 5]);
    assert.equal(preferredFormat([22, 5]), 'text');
    assert.equal(preferredFormat([23, 2]), 'json');
    assert.equal(preferredFormat([24, 11]), 'json');
    assert.equal(preferredFormat(undefined), 'text');
  });
});
