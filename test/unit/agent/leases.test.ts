import { strict as assert } from 'node:assert';
import { HeldByAnother, Leases } from '../../../agent/leases';
import type { RankRecord } from '../../../agent/ranks';

const rank = (jobId: string, managerId: string, heldDevices: number[], state: RankRecord['state'] = 'RANK_STATE_RUNNING'): RankRecord => ({
  jobId, attempt: 1, rank: 0, localRank: 0, nodeRank: 0, pid: 1, state, exitCode: 0, signal: '', startedMs: 0, endedMs: 0,
  logBytes: 0, devices: [], launcher: 'plain', argv: [], managerId, heldDevices, startTicks: '', logPath: '',
});

describe('agent leases', () => {
  it('two launches of different jobs asking for one device within the same moment: the second is refused, naming the first', () => {
    const leases = new Leases(60_000, 'n1');
    const release = leases.reserve({ jobId: 'train-1-aa', attempt: 1, managerId: 'alice@lab/1', devices: [0, 1] }, []);
    assert.throws(
      () => leases.reserve({ jobId: 'train-1-bb', attempt: 1, managerId: 'bob@lab/2', devices: [1] }, []),
      (err: Error) => err instanceof HeldByAnother && /device 1 is held by job train-1-aa of manager alice@lab\/1/.test(err.message),
    );
    release();
    leases.reserve({ jobId: 'train-1-bb', attempt: 1, managerId: 'bob@lab/2', devices: [1] }, [])();
  });

  it('a device of an exited rank is free; the same job of the same manager may ask again', () => {
    const leases = new Leases(60_000, 'n1');
    leases.reserve({ jobId: 'b', attempt: 1, managerId: 'bob', devices: [0] }, [rank('a', 'alice', [0], 'RANK_STATE_EXITED')])();
    leases.reserve({ jobId: 'a', attempt: 1, managerId: 'alice', devices: [0] }, [rank('a', 'alice', [0])])();
  });

  it('another manager may signal a job only once its holder has been silent for the grace', async () => {
    const leases = new Leases(100, 'n1');
    const ranks = [rank('a', 'alice', [0])];
    leases.heardFrom('alice');
    assert.throws(() => leases.checkHolder('bob', 'a', ranks, 'signal'), /signal of job a refused on n1: it is held by manager alice \(last heard/);
    leases.checkHolder('alice', 'a', ranks, 'signal');
    leases.checkHolder('', 'a', ranks, 'signal'); // a manager that gives no id is not checked
    await new Promise((r) => setTimeout(r, 150));
    leases.checkHolder('bob', 'a', ranks, 'signal');
  });
});
