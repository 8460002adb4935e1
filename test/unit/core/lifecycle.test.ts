import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkpointsWritten, decideStop, secondsToTrain, specCheckpointEvery, trainedSeconds } from '../../../src/core/lifecycle';

describe('the job lifecycle', () => {
  it('preempts without counting a restart, restarts a lost run within its budget, and fails it past the budget with the restarts it had', () => {
    const job = { restarts: 1, preemptions: 2, maxRestarts: 1 };
    assert.deepEqual(decideStop(job, 'preempted'), { next: 'queued', restarts: 1, preemptions: 3, countsLostWork: true });
    assert.deepEqual(decideStop(job, 'lost'), { next: 'failed', restarts: 1, preemptions: 2, countsLostWork: true });
    assert.deepEqual(decideStop(job, 'lost', false), { next: 'queued', restarts: 1, preemptions: 2, countsLostWork: true });
    assert.deepEqual(decideStop({ ...job, maxRestarts: 3 }, 'lost'), { next: 'queued', restarts: 2, preemptions: 2, countsLostWork: true });
    assert.equal(decideStop(job, 'cancelled').countsLostWork, false);
  });

  it('checkpoints a simulated spec as declared, a fifth of its run (1 to 30 min) when it gives no interval, never without checkpoints', () => {
    assert.equal(specCheckpointEvery({ checkpoint: { dir: 'c', everySeconds: 240 } }), 240);
    assert.equal(specCheckpointEvery({ checkpoint: { dir: 'c' }, simulation: { durationSeconds: 1200 } }), 240);
    assert.equal(specCheckpointEvery({ checkpoint: { dir: 'c' }, simulation: { durationSeconds: 100 } }), 60);
    assert.equal(specCheckpointEvery({ checkpoint: { dir: 'c' }, simulation: { durationSeconds: 86400 } }), 1800);
    assert.equal(specCheckpointEvery({}), Infinity);
  });

  it('ends a run when its training is done, the saves due before then included, and never writes a checkpoint at the end', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 1, max: 1e4, noNaN: true }), fc.double({ min: 1, max: 600, noNaN: true }), (trained, every, save) => {
        const end = secondsToTrain(trained, every, save);
        assert.ok(Math.abs(trainedSeconds(end, every, save) - trained) <= 1e-6 * Math.max(1, trained));
        assert.ok(checkpointsWritten(end, every, save) * every < trained || trained === 0);
      }),
    );
  });
});
