import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { batchScript, sbatchOptions, type BatchScriptInput } from '../../../src/controller/backends/slurm/batch-script';
import { masterPortFor, RankPlan, taskLaunch } from '../../../src/controller/backends/slurm/rank-plan';
import { remoteCommandLine, shQuote } from '../../../src/controller/backends/slurm/shell';
import { SpecError } from '../../../src/core/errors';
import { JobSpec, type JobSpecInput } from '../../../src/core/job-spec';

function input(spec: Partial<JobSpecInput>, over: Partial<BatchScriptInput> = {}): BatchScriptInput {
  return {
    jobId: 'ddp-1',
    spec: JobSpec.parse({ name: 'ddp', command: ['/usr/bin/python3', 'train.py'], ...spec }),
    partition: 'gpu',
    jobDir: '/shared/openclaw/jobs/ddp-1',
    workdir: '/home/alice/proj',
    node: '/shared/openclaw/.openclaw/node-v20',
    rankScript: '/shared/openclaw/.openclaw/slurm-rank-abc.js',
    ...over,
  };
}

describe('sbatch script', () => {
  it('asks for nodes, tasks, CPUs, GPUs, memory, time, partition and account from spec and cluster file', () => {
    const opts = sbatchOptions(input(
      { resources: { nodes: 2, processesPerNode: 4, gpusPerProcess: 2, cpusPerProcess: 6, memoryGiB: 500, deviceModel: 'a100' }, timeLimit: '90m' },
      { account: 'ml-team' },
    ));
    assert.deepEqual(opts, [
      '--job-name=ddp',
      '--partition=gpu',
      '--account=ml-team',
      '--nodes=2',
      '--ntasks-per-node=4',
      '--cpus-per-task=6',
      '--gres=gpu:a100:8',
      '--mem=512000M',
      '--time=0-01:30:00',
      '--chdir=/home/alice/proj',
      '--output=/shared/openclaw/jobs/ddp-1/logs/rank-0.log',
      '--open-mode=append',
      '--requeue',
    ]);
  });
  it('asks with --gpus-per-node when the cluster file says so, and for nothing on CPU-only jobs', () => {
    const gpus = sbatchOptions(input({ resources: { processesPerNode: 2, gpusPerProcess: 1 } }, { gpuOption: 'gpus-per-node', gpuType: 'A100' }));
    assert.ok(gpus.includes('--gpus-per-node=A100:2'));
    const cpu = sbatchOptions(input({ resources: { processesPerNode: 2 } }));
    assert.ok(!cpu.some((o) => /gres|gpus/.test(o)));
    assert.ok(!cpu.some((o) => o.startsWith('--time') || o.startsWith('--mem') || o.startsWith('--account')));
  });
  it('gives torchrun one task per node holding the node\'s CPUs', () => {
    const opts = sbatchOptions(input({ launcher: 'torchrun', resources: { nodes: 2, processesPerNode: 8, cpusPerProcess: 4 } }));
    assert.ok(opts.includes('--ntasks-per-node=1'));
    assert.ok(opts.includes('--cpus-per-task=32'));
    assert.match(batchScript(input({ launcher: 'torchrun' })), /logs\/node-%t\.log/);
  });
  it('takes the cluster file\'s default time limit in either form', () => {
    assert.ok(sbatchOptions(input({}, { defaultTimeLimit: '2h' })).includes('--time=0-02:00:00'));
    assert.ok(sbatchOptions(input({}, { defaultTimeLimit: '1-00:00:00' })).includes('--time=1-00:00:00'));
    assert.throws(() => sbatchOptions(input({}, { defaultTimeLimit: 'soon' })), (e: unknown) => e instanceof SpecError && /timeLimit/.test(e.message));
  });
  it('refuses values that Slurm would misread, naming the field', () => {
    assert.throws(() => sbatchOptions(input({}, { partition: 'gpu --wrap=rm' })), /partition: expected a Slurm partition name/);
    assert.throws(() => sbatchOptions(input({}, { jobDir: '/shared/my jobs/x' })), /sharedDir: expected an absolute path/);
    assert.throws(() => sbatchOptions(input({}, { workdir: '/home/%u/x' })), /workdir/);
  });
  it('runs one srun step through the rank launcher; the command is not in the script', () => {
    const script = batchScript(input({ command: ['/usr/bin/python3', 'train.py', '--name', "it's; rm -rf /"] }));
    assert.ok(script.startsWith('#!/bin/bash\n'));
    assert.ok(!script.includes('rm -rf'), 'the command travels in job.json');
    assert.match(script, /^srun --kill-on-bad-exit=1 .* "\$node_bin" "\$rank_js" rank "\$job_dir\/job\.json"$/m);
    assert.match(script, /resume-point/);
    assert.match(script, /^exit \$code$/m);
  });
});

describe('slurm rank launcher', () => {
  const plan = RankPlan.parse({
    jobId: 'ddp-1', launcher: 'pytorch', command: ['/usr/bin/python3', 'train.py'], env: { SEED: '1', RANK: 'spec-cannot-override' },
    nodes: 2, processesPerNode: 2, gpusPerProcess: 2, checkpointDir: '/shared/ck', attempt: 1,
  });
  const task = { SLURM_JOB_ID: '1234', SLURM_PROCID: '3', SLURM_LOCALID: '1', SLURM_NODEID: '1', SLURM_NTASKS: '4', SLURM_JOB_NODELIST: 'gpu-a[01-02]', CUDA_VISIBLE_DEVICES: '0,1,2,3' };

  it('maps Slurm\'s task variables onto the rendezvous the agents use', () => {
    const l = taskLaunch(plan, task, undefined);
    assert.deepEqual(l.argv, ['/usr/bin/python3', 'train.py']);
    assert.equal(l.env.MASTER_ADDR, 'gpu-a01');
    assert.equal(l.env.MASTER_PORT, String(masterPortFor('1234')));
    // A requeued run rendezvouses on another port: the killed run may still hold the first.
    const again = taskLaunch(plan, { ...task, SLURM_RESTART_COUNT: '1' }, undefined);
    assert.notEqual(again.env.MASTER_PORT, l.env.MASTER_PORT);
    assert.equal(again.env.OPENCLAW_ATTEMPT, '2');
    assert.equal(l.env.RANK, '3');
    assert.equal(l.env.LOCAL_RANK, '1');
    assert.equal(l.env.WORLD_SIZE, '4');
    assert.equal(l.env.CUDA_VISIBLE_DEVICES, '2,3', 'local rank 1 takes the second pair of the node\'s GPUs');
    assert.equal(l.env.OPENCLAW_JOB_ID, 'ddp-1');
    assert.equal(l.env.OPENCLAW_CHECKPOINT_DIR, '/shared/ck');
    assert.equal(l.env.OPENCLAW_RESUME_FROM, undefined);
    assert.equal(l.env.SEED, '1');
  });
  it('counts Slurm\'s requeues as attempts and passes the resume point', () => {
    const l = taskLaunch(plan, { ...task, SLURM_RESTART_COUNT: '2' }, '/shared/ck/step-40.pt');
    assert.equal(l.env.OPENCLAW_ATTEMPT, '3');
    assert.equal(l.env.OPENCLAW_RESUME_FROM, '/shared/ck/step-40.pt');
  });
  it('refuses to start a rank of a job whose task count does not match', () => {
    assert.throws(() => taskLaunch(plan, { ...task, SLURM_NTASKS: '3' }, undefined), /srun started 3 tasks, the job has 4 ranks/);
    assert.throws(() => taskLaunch(plan, { ...task, SLURM_JOB_NODELIST: undefined }, undefined), /SLURM_JOB_NODELIST is not set/);
  });
  it('starts one torchrun per node for the torchrun launcher', () => {
    const l = taskLaunch({ ...plan, launcher: 'torchrun' }, { ...task, SLURM_PROCID: '1', SLURM_LOCALID: '0' }, undefined);
    assert.deepEqual(l.argv.slice(0, 3), ['/usr/bin/python3', '-m', 'torch.distributed.run']);
    assert.ok(l.argv.includes('--node_rank=1'));
    assert.ok(l.argv.includes('--master_addr=gpu-a01'));
    assert.equal(l.env.CUDA_VISIBLE_DEVICES, '0,1,2,3');
  });
});

describe('ssh quoting', () => {
  it('quotes every argument so the remote shell sees the same argv', () => {
    assert.equal(shQuote('plain-arg_1.txt'), 'plain-arg_1.txt');
    assert.equal(shQuote(''), "''");
    assert.equal(shQuote("it's"), `'it'\\''s'`);
    assert.equal(remoteCommandLine(['sbatch', '--parsable', '/a b/$(x).sh']), `sbatch --parsable '/a b/$(x).sh'`);
  });
});

describe('ssh quoting through a real shell', () => {
  it('gives any argv back unchanged after the remote shell parses it (fast-check)', () => {
    // Many arguments per shell run keep this fast: one `sh` per sample batch.
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', ' ', "'", '"', '$', '`', '\\', ';', '&', '|', '*', '?', '~', '#', '\n', '\t', '(', ')', '{', '}', '!', 'é', '%') , maxLength: 12 }), { minLength: 1, maxLength: 6 }), (args) => {
        const line = remoteCommandLine(['printf', '%s\\0', ...args]);
        const r = spawnSync('sh', ['-c', line], { encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(r.stdout.split('\0').slice(0, -1), args);
      }),
      { numRuns: 150 },
    );
  });
});
