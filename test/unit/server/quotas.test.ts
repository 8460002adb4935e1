import * as assert from 'node:assert/strict';
import { JobRecord } from '../../../src/core/job';
import { deviceHours, exceedsQuota, heldByQuota, usageByUser } from '../../../src/core/quotas';
import { UsersFile } from '../../../src/core/users-file';

const H = 3_600_000;

function job(id: string, user: string, gpus: number, history: [JobRecord['state'], number][]): JobRecord {
  return JobRecord.parse({
    id,
    spec: { name: id, user, command: ['x'], resources: { nodes: 1, processesPerNode: gpus, gpusPerProcess: 1 } },
    state: history.at(-1)![0],
    history: history.map(([state, at]) => ({ state, at })),
    backend: 'simulator',
  });
}

describe('quotas', () => {
  it('counts device-hours only while a job holds its devices, within the window', () => {
    const j = job('a', 'alice', 4, [['queued', 0], ['placed', 1 * H], ['running', 1 * H], ['restarting', 3 * H], ['queued', 3 * H], ['running', 5 * H], ['succeeded', 6 * H]]);
    assert.equal(deviceHours(j, 0, 10 * H), 4 * 3);
    assert.equal(deviceHours(j, 2 * H, 10 * H), 4 * 2, 'only the part after `since`');
    assert.equal(deviceHours(j, 0, 2 * H), 4 * 1, 'and before `now`');
  });

  it('admits a user\'s waiting jobs in order while they fit the device quota, and says why the rest wait', () => {
    const running = job('r', 'alice', 2, [['queued', 0], ['running', 0]]);
    const w1 = job('w1', 'alice', 1, [['queued', 1]]);
    const w2 = job('w2', 'alice', 1, [['queued', 2]]);
    const b = job('b', 'bob', 8, [['queued', 3]]);
    const held = heldByQuota([w1, w2, b], [running, w1, w2, b], (u) => (u === 'alice' ? { devices: 3 } : undefined), H);
    assert.deepEqual([...held.keys()], ['w2'], 'w1 fits the quota with the running job; w2 would be one over; bob has none');
    assert.match(held.get('w2')!, /alice's jobs hold 3 of a quota of 3 devices; this job needs 1 more/);
  });

  it('holds a user\'s jobs once the week\'s device-hours are spent, and refuses a job larger than the device quota', () => {
    const spent = job('s', 'alice', 10, [['queued', 0], ['running', 0], ['succeeded', 10 * H]]);
    const w = job('w', 'alice', 1, [['queued', 11 * H]]);
    const held = heldByQuota([w], [spent, w], () => ({ deviceHoursPerWeek: 100 }), 12 * H);
    assert.match(held.get('w')!, /alice has used 100\.0 of a quota of 100 device-hours this week/);
    assert.equal(heldByQuota([w], [spent, w], () => ({ deviceHoursPerWeek: 100 }), 12 * H + 7 * 24 * H).size, 0, 'a week later the hours are back');
    assert.match(exceedsQuota(job('big', 'bob', 5, [['queued', 0]]), { devices: 4 }) ?? '', /asks for 5 devices, more than bob's quota of 4/);
    assert.equal(usageByUser([spent, w], 12 * H).get('alice')?.devicesHeld, 0);
  });

  it('users files: a name or token used twice is named by its place', () => {
    const hash = 'a'.repeat(64);
    const r = UsersFile.safeParse({ users: [{ name: 'x', tokenSha256: hash }, { name: 'x', tokenSha256: hash }] });
    assert.ok(!r.success);
    const messages = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    assert.ok(messages.includes('users.1.name: "x" is also users[0]'), messages.join('; '));
    assert.ok(messages.some((m) => m.startsWith('users.1.tokenSha256: the same token as users[0]')), messages.join('; '));
  });
});
