import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ClusterShape } from '../../../src/core/cluster-spec';
import { SpecError } from '../../../src/core/errors';
import { ClusterState } from '../../../src/scheduler/cluster-state';
import { gbpsToBytesPerSec, ringAllReduceSeconds } from '../../../simulator/perf/allreduce';
import { loadGavelThroughputs, parseGavelThroughputs, spreadKey } from '../../../simulator/perf/gavel-throughputs';
import { PerfModel } from '../../../simulator/perf/perf-model';
import { gradientBytesOf } from '../../../simulator/perf/profiles';

const table = loadGavelThroughputs(join(__dirname, '../../../data/gavel_simulation_throughputs.json'));
const close = (a: number, b: number, eps = 1e-9): void => assert.ok(Math.abs(a - b) <= eps * Math.max(1, Math.abs(b)), `${a} != ${b}`);

function cluster(): ClusterState {
  return ClusterState.fromShape(
    ClusterShape.parse({
      nodes: [
        { name: 'v', count: 2, devices: { model: 'v100', count: 4, memoryGiB: 32 }, intraLinkGbps: 1200, rack: 'r0' },
        { name: 'a', count: 1, devices: { model: 'a100', count: 4, memoryGiB: 80 }, intraLinkGbps: 2400, rack: 'r1' },
      ],
      network: { bandwidthGbps: 100, latencyUs: 5, interRackBandwidthGbps: 25 },
    }),
  );
}

describe('simulator/performance model', () => {
  it('ring all-reduce: 4 ranks, 100 MB over 100 Gbit/s with 5 µs latency, worked by hand', () => {
    // 2(n−1) = 6 messages; S/(n·B) = 1e8 B / (4 × 12.5e9 B/s) = 2 ms; (5 µs + 2 ms) × 6 = 12.03 ms.
    close(ringAllReduceSeconds(4, 1e8, gbpsToBytesPerSec(100), 5e-6), 0.01203);
    assert.equal(ringAllReduceSeconds(1, 1e8, 1e9, 1e-6), 0, 'one rank sends nothing');
  });

  it('reads Gavel\'s isolated throughputs (steps/s by model, device and GPU count)', () => {
    close(table.get('ResNet-50 (batch size 64)')!.get('v100')!.get(1)!, 4.394774823323071);
    close(table.get('ResNet-50 (batch size 64)')!.get('v100')!.get(8)!, 17.303172756892167);
    assert.equal(table.size, 26);
    // The same jobs with every GPU in its own server ("v100_unconsolidated").
    close(table.get('ResNet-50 (batch size 64)')!.get(spreadKey('v100'))!.get(4)!, 11.136430014818272);
  });

  it('rejects a throughput table with a bad key or value, naming the entry', () => {
    assert.throws(() => parseGavelThroughputs({ v100: { 'ResNet-50': { null: 1 } } }, 't.json'), (e: unknown) => e instanceof SpecError && e.problems[0]!.path === 'v100.ResNet-50');
    assert.throws(() => parseGavelThroughputs({ v100: { "('A3C', 1)": { null: 'fast' } } }, 't.json'), /v100\.\('A3C', 1\)\.null: expected a non-negative throughput/);
    assert.throws(() => parseGavelThroughputs([], 't.json'), /expected an object of device models/);
  });

  it('uses the measurement where Gavel has one, and the relative-speed table elsewhere', () => {
    const perf = new PerfModel(cluster(), { throughputs: table });
    const resnet = perf.profile('ResNet-50 (batch size 64)');
    close(perf.packedRate(resnet, 1, 'v100'), 4.394774823323071);
    close(perf.packedRate(resnet, 1, 'a100'), 4.394774823323071 * 2, 1e-12);
    // 16 GPUs were not measured: the 8-GPU figure scaled by 16/8.
    close(perf.packedRate(resnet, 16, 'v100'), 17.303172756892167 * 2);
    // K80 multi-GPU entries Gavel could not run (0) fall back to the V100 figure scaled by speed.
    const k80zero = [...table].find(([, byDev]) => byDev.get('k80')?.get(2) === 0);
    if (k80zero) close(perf.packedRate(perf.profile(k80zero[0]), 2, 'k80'), table.get(k80zero[0])!.get('v100')!.get(2)! * 0.25);
    const custom = new PerfModel(cluster(), { throughputs: table, relativeSpeed: { a100: 3 } });
    close(custom.packedRate(custom.profile('ResNet-50 (batch size 64)'), 1, 'a100'), 4.394774823323071 * 3);
  });

  it('runs a trace job at the speed of its slowest device, one step a reference second', () => {
    const perf = new PerfModel(cluster(), {});
    const generic = perf.profile(undefined);
    close(perf.rate(generic, [0]), 1, 1e-12); // a V100 is the reference
    close(perf.rate(generic, [8]), 2, 1e-12); // an A100 is twice as fast
    // A V100 and an A100 across racks: paced by the V100, minus the all-reduce over the 25 Gbit/s link.
    assert.ok(perf.rate(generic, [0, 8]) < 1);
  });

  it('makes a job spread over nodes slower than one packed in a node, by the all-reduce difference', () => {
    const perf = new PerfModel(cluster(), {});
    const generic = perf.profile(undefined);
    const S = gradientBytesOf(undefined);
    assert.equal(S, 102e6);
    close(perf.rate(generic, [0, 1, 2, 3]), 1, 1e-12);
    // 2 + 2 over the 100 Gbit/s network: penalty = AR(4, S, 100 Gbit/s, 5 µs) − AR(4, S, 1200 Gbit/s, 2 µs)
    //   = 6 × (5e-6 + 102e6 / (4 × 12.5e9)) − 6 × (2e-6 + 102e6 / (4 × 150e9)) = 0.01227 − 0.001032 = 0.011238 s a step.
    close(perf.commPenaltySeconds(generic, [0, 1, 4, 5]), 0.011238, 1e-9);
    close(perf.rate(generic, [0, 1, 4, 5]), 1 / 1.011238, 1e-9);
    // Crossing racks uses the slower inter-rack link.
    assert.ok(perf.commPenaltySeconds(generic, [0, 1, 8, 9]) > perf.commPenaltySeconds(generic, [0, 1, 4, 5]));
  });

  it('takes Gavel\'s measurement of a job spread over servers on a network like Gavel\'s, and says so', () => {
    const shape = ClusterShape.parse({ nodes: [{ name: 'v100', count: 8, devices: { model: 'v100', count: 1, memoryGiB: 16 }, intraLinkGbps: 128 }], network: { bandwidthGbps: 10, latencyUs: 50 } });
    const perf = new PerfModel(ClusterState.fromShape(shape), { throughputs: table });
    const t = perf.profile('Transformer (batch size 64)');
    close(perf.rate(t, [0, 1, 2, 3, 4, 5, 6, 7]), table.get('Transformer (batch size 64)')!.get(spreadKey('v100'))!.get(8)!);
    assert.equal(perf.lastSource, 'measured-spread');
    assert.equal(perf.measuredSpreadPlacements, 1);
    // One GPU: one server, the consolidated measurement.
    close(perf.rate(t, [0]), table.get('Transformer (batch size 64)')!.get('v100')!.get(1)!);
    assert.equal(perf.lastSource, 'measured');
  });

  it('charges a measured model one all-reduce per iteration of all its workers on faster networks (Gavel counts every worker\'s steps)', () => {
    const shape = ClusterShape.parse({ nodes: [{ name: 'v100', count: 8, devices: { model: 'v100', count: 1, memoryGiB: 16 }, intraLinkGbps: 128 }], network: { bandwidthGbps: 25, latencyUs: 50 } });
    const perf = new PerfModel(ClusterState.fromShape(shape), { throughputs: table });
    const t = perf.profile('Transformer (batch size 64)');
    const packed = perf.packedRate(t, 8, 'v100');
    const spread = perf.rate(t, [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.equal(perf.lastSource, 'network-model');
    close(spread, 8 / (8 / packed + perf.commPenaltySeconds(t, [0, 1, 2, 3, 4, 5, 6, 7])));
    assert.ok(spread < packed, `${spread} < ${packed}`);
  });
});
