import { strict as assert } from 'node:assert';
import { nodeLaunches, rankLaunch, slotsOfNode, torchrunLaunch, type NodeContext } from '../../../src/core/rendezvous';

const node1: NodeContext = {
  jobId: 'job-7',
  attempt: 2,
  nodeRank: 1,
  nodes: 2,
  processesPerNode: 2,
  worldSize: 4,
  masterAddr: '10.0.0.1',
  masterPort: 29500,
  hosts: ['10.0.0.1', '10.0.0.2'],
  vendor: 'nvidia',
  checkpointDir: '/ckpt/job-7',
  resumeFrom: '/ckpt/job-7/step-100.pt',
};
const cmd = ['/usr/bin/python3', 'train.py', '--steps', '10'];

describe('rendezvous', () => {
  it('pytorch: one process per rank with the torch.distributed variables and the placed GPUs', () => {
    const l = rankLaunch('pytorch', cmd, { ...node1, rank: 3, localRank: 1, devices: [2, 3] });
    assert.deepEqual(l.argv, cmd);
    assert.equal(l.env.MASTER_ADDR, '10.0.0.1');
    assert.equal(l.env.MASTER_PORT, '29500');
    assert.equal(l.env.WORLD_SIZE, '4');
    assert.equal(l.env.RANK, '3');
    assert.equal(l.env.LOCAL_RANK, '1');
    assert.equal(l.env.CUDA_VISIBLE_DEVICES, '2,3');
    assert.equal(l.env.HIP_VISIBLE_DEVICES, undefined);
  });

  it('every launcher exports the job id, checkpoint dir and, when resuming, the checkpoint', () => {
    for (const launcher of ['pytorch', 'tensorflow', 'jax', 'plain'] as const) {
      const l = rankLaunch(launcher, cmd, { ...node1, rank: 2, localRank: 0, devices: [0] });
      assert.equal(l.env.OPENCLAW_JOB_ID, 'job-7', launcher);
      assert.equal(l.env.OPENCLAW_CHECKPOINT_DIR, '/ckpt/job-7', launcher);
      assert.equal(l.env.OPENCLAW_RESUME_FROM, '/ckpt/job-7/step-100.pt', launcher);
    }
    const fresh = rankLaunch('plain', cmd, { ...node1, resumeFrom: undefined, rank: 2, localRank: 0, devices: [] });
    assert.equal('OPENCLAW_RESUME_FROM' in fresh.env, false);
    const t = torchrunLaunch(cmd, node1, slotsOfNode(1, 2));
    assert.equal(t.env.OPENCLAW_RESUME_FROM, '/ckpt/job-7/step-100.pt');
  });

  it('AMD devices go to HIP_VISIBLE_DEVICES, CPU ranks get no device variable', () => {
    const amd = rankLaunch('pytorch', cmd, { ...node1, vendor: 'amd', rank: 2, localRank: 0, devices: [5] });
    assert.equal(amd.env.HIP_VISIBLE_DEVICES, '5');
    assert.equal(amd.env.CUDA_VISIBLE_DEVICES, undefined);
    const cpu = rankLaunch('pytorch', cmd, { ...node1, vendor: 'cpu', rank: 2, localRank: 0, devices: [] });
    assert.equal(cpu.env.CUDA_VISIBLE_DEVICES, undefined);
    assert.equal(cpu.env.HIP_VISIBLE_DEVICES, undefined);
  });

  it('torchrun: one process for the node, same interpreter, flags both torch 1.x and 2.x accept', () => {
    const slots = slotsOfNode(1, 2, (local) => [local]);
    const [l, ...more] = nodeLaunches('torchrun', cmd, node1, slots);
    assert.equal(more.length, 0);
    assert.deepEqual(l!.argv, [
      '/usr/bin/python3', '-m', 'torch.distributed.run',
      '--nnodes=2', '--nproc_per_node=2', '--node_rank=1', '--master_addr=10.0.0.1', '--master_port=29500',
      'train.py', '--steps', '10',
    ]);
    assert.equal(l!.rank, 2);
    assert.equal(l!.env.CUDA_VISIBLE_DEVICES, '0,1');
    assert.equal(l!.env.RANK, undefined, 'torchrun sets RANK for its children itself');
  });

  it('torchrun wraps a non-Python command with --no_python', () => {
    const l = torchrunLaunch(['./train.sh', 'x'], node1, slotsOfNode(1, 2));
    assert.deepEqual(l.argv.slice(0, 1), ['torchrun']);
    assert.deepEqual(l.argv.slice(-3), ['--no_python', './train.sh', 'x']);
  });

  it('tensorflow: TF_CONFIG lists every worker (one port per local rank) and this task', () => {
    const l = rankLaunch('tensorflow', cmd, { ...node1, rank: 3, localRank: 1, devices: [] });
    assert.deepEqual(JSON.parse(l.env.TF_CONFIG!), {
      cluster: { worker: ['10.0.0.1:29500', '10.0.0.1:29501', '10.0.0.2:29500', '10.0.0.2:29501'] },
      task: { type: 'worker', index: 3 },
    });
  });

  it('jax: coordinator address, process count and process id', () => {
    const l = rankLaunch('jax', cmd, { ...node1, rank: 2, localRank: 0, devices: [0] });
    assert.equal(l.env.JAX_COORDINATOR_ADDRESS, '10.0.0.1:29500');
    assert.equal(l.env.JAX_NUM_PROCESSES, '4');
    assert.equal(l.env.JAX_PROCESS_ID, '2');
  });

  it('plain: the command as given with rank and world size only', () => {
    const l = rankLaunch('plain', ['echo', 'hi'], { ...node1, rank: 2, localRank: 0, devices: [] });
    assert.deepEqual(l.argv, ['echo', 'hi']);
    assert.equal(l.env.RANK, '2');
    assert.equal(l.env.MASTER_ADDR, undefined);
  });

  it('nodeLaunches lays out one process per rank for per-rank launchers', () => {
    const ls = nodeLaunches('pytorch', cmd, node1, slotsOfNode(1, 2));
    assert.deepEqual(ls.map((l) => [l.rank, l.env.RANK, l.env.LOCAL_RANK]), [[2, '2', '0'], [3, '3', '1']]);
  });

  it('a missing host for a node is an error that says so', () => {
    assert.throws(() => rankLaunch('tensorflow', cmd, { ...node1, hosts: ['a'], rank: 0, localRank: 0, devices: [] }), /no host given for node 1/);
  });
});
