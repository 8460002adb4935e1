/**
 * Each of Gavel's formulations on instances small enough to solve by hand. The recurring one: one
 * V100 and one K80, job A runs 4 steps/s on the V100 and 1 on the K80, job B 1 and 2: each is best
 * on a different model, so every sensible policy puts A on the V100 and B on the K80.
 */
import assert from 'node:assert/strict';
import { fifoAllocation, finishTimeFairness, maxMinFairness, maxThroughput, minMakespan, type AllocationProblem } from '../../../src/scheduler/policies/lp/formulations';
import { loadLpSolver } from '../../../src/scheduler/policies/lp/solver';

const close = (actual: number, expected: number, what: string, tol = 1e-6) => assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual}, expected ${expected}`);

const crossed: AllocationProblem = {
  models: ['v100', 'k80'],
  capacity: [1, 1],
  jobs: [
    { id: 'A', gpus: 1, throughput: [4, 1], remainingSteps: 4, elapsedSeconds: 0 },
    { id: 'B', gpus: 1, throughput: [1, 2], remainingSteps: 2, elapsedSeconds: 0 },
  ],
};

describe('scheduler/lp formulations (hand-solved optima)', () => {
  before(() => loadLpSolver());

  it('max-min fairness: A keeps 4/3 of its equal-share throughput only if B has the whole K80, so the optimum is 4/3', () => {
    // Equal share: A 2.5 steps/s, B 1.5. Normalised: A 1.6 (V100) / 0.4 (K80), B 2/3 / 4/3.
    // B can reach at most 4/3 (the whole K80); A on the V100 reaches 1.6 > 4/3.
    const { allocation: x, objective } = maxMinFairness(crossed);
    close(objective, 4 / 3, 'smallest normalised throughput');
    close(x[1]![1]!, 1, 'B on the K80');
    assert.ok(x[0]![0]! * 1.6 + x[0]![1]! * 0.4 >= 4 / 3 - 1e-6, 'A at least 4/3');
    close(x[0]![1]! + x[1]![1]!, 1, 'the K80 is fully used', 1e-6);
  });

  it('max-min fairness, heterogeneity-agnostic: three jobs on two devices each get 2/3 of the time', () => {
    const p: AllocationProblem = { models: ['v100', 'k80'], capacity: [1, 1], jobs: ['a', 'b', 'c'].map((id) => ({ id, gpus: 1, throughput: [4, 1] })) };
    const { allocation: x, objective } = maxMinFairness(p, true);
    // Equal share of a job: (1/2 + 1/2) × 2/3 = 2/3 of the time; normalised, every job reaches 1.
    close(objective, 1, 'smallest normalised share');
    for (const row of x) close(row[0]! + row[1]!, 2 / 3, 'time of each job');
  });

  it('max-min fairness counts devices: a 2-GPU job gets half the time of a 1-GPU job, the same device-time', () => {
    const p: AllocationProblem = { models: ['v100'], capacity: [2], jobs: [{ id: 'big', gpus: 2, throughput: [1] }, { id: 'small', gpus: 1, throughput: [1] }] };
    const { allocation: x } = maxMinFairness(p, true);
    close(x[0]![0]!, 0.5, 'big');
    close(x[1]![0]!, 1, 'small');
  });

  it('fifo: the earlier job goes where it keeps most of its best throughput, even onto the slow model', () => {
    // A keeps 90% on the K80, B only 50%: A (first) on the K80 and B on the V100 is worth
    // 2·0.9 + 1·1 = 2.8, against 2·1 + 1·0.5 = 2.5 the other way round.
    const p: AllocationProblem = {
      models: ['v100', 'k80'],
      capacity: [1, 1],
      jobs: [
        { id: 'A', gpus: 1, throughput: [1, 0.9] },
        { id: 'B', gpus: 1, throughput: [1, 0.5] },
      ],
    };
    const { allocation: x, objective } = fifoAllocation(p);
    close(objective, 2.8, 'objective');
    close(x[0]![1]!, 1, 'A on the K80');
    close(x[1]![0]!, 1, 'B on the V100');
  });

  it('fifo: with one device the first job has it all', () => {
    const p: AllocationProblem = { models: ['v100'], capacity: [1], jobs: ['a', 'b', 'c'].map((id) => ({ id, gpus: 1, throughput: [1] })) };
    const { allocation: x } = fifoAllocation(p);
    assert.deepEqual(x.map((r) => r[0]), [1, 0, 0]);
  });

  it('max throughput: A on the V100 and B on the K80, total normalised throughput 2', () => {
    const { allocation: x, objective } = maxThroughput(crossed);
    close(objective, 2, 'objective');
    close(x[0]![0]!, 1, 'A on the V100');
    close(x[1]![1]!, 1, 'B on the K80');
  });

  it('min makespan: both finish in 1 s (A: 4 steps at 4/s on the V100, B: 2 steps at 2/s on the K80)', () => {
    const { allocation: x, objective } = minMakespan(crossed);
    close(objective, 1, 'makespan (s)');
    close(x[0]![0]!, 1, 'A on the V100');
    close(x[1]![1]!, 1, 'B on the K80');
  });

  it('min makespan on one device is the total work: 100 + 300 steps at 1/s, shared 1:3', () => {
    const p: AllocationProblem = { models: ['v100'], capacity: [1], jobs: [{ id: 'a', gpus: 1, throughput: [1], remainingSteps: 100 }, { id: 'b', gpus: 1, throughput: [1], remainingSteps: 300 }] };
    const { allocation: x, objective } = minMakespan(p);
    close(objective, 400, 'makespan (s)', 1e-4);
    close(x[0]![0]!, 0.25, 'a', 1e-6);
    close(x[1]![0]!, 0.75, 'b', 1e-6);
  });

  it('finish-time fairness: the worst finish-time ratio is 3/4 (B on the K80 finishes in 3/4 of its equal-share time)', () => {
    // Equal share: A 2.5 steps/s, B 1.5; ρ = equal-share throughput / throughput when nothing has
    // elapsed. A alone on the V100: ρ 0.625; B alone on the K80: 0.75, and B can do no better.
    const { allocation: x, objective } = finishTimeFairness(crossed);
    close(objective, 0.75, 'worst ρ', 1e-3);
    close(x[1]![1]!, 1, 'B on the K80', 1e-3);
  });

  it('finish-time fairness on one device with nothing elapsed is the equal share: ρ = 1', () => {
    const p: AllocationProblem = { models: ['v100'], capacity: [1], jobs: [{ id: 'a', gpus: 1, throughput: [1], remainingSteps: 100 }, { id: 'b', gpus: 1, throughput: [1], remainingSteps: 300 }] };
    const { allocation: x, objective } = finishTimeFairness(p);
    close(objective, 1, 'worst ρ', 1e-3);
    close(x[0]![0]!, 0.5, 'a', 1e-3);
  });

  it('a job that cannot run anywhere gets nothing and does not make the LP infeasible', () => {
    const p: AllocationProblem = { models: ['v100'], capacity: [1], jobs: [{ id: 'a', gpus: 2, throughput: [1] }, { id: 'b', gpus: 1, throughput: [1] }] };
    const { allocation: x } = maxMinFairness(p);
    assert.deepEqual([x[0]![0], x[1]![0]], [0, 1]);
  });
});
