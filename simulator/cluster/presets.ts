/**
 * Named cluster shapes. `gavel` is the cluster of Gavel's simulations (Narayanan et al., OSDI 2020):
 * 36 V100, 36 P100 and 36 K80, one GPU a server. `dgx-a100` is one DGX A100 SuperPOD-like unit of
 * 8 nodes. `mixed` is a large heterogeneous cluster of 4,096 accelerators in racks of 16 nodes.
 */
import type { ClusterShape } from '../../src/core/cluster-spec';
import { ClusterShape as ClusterShapeSchema } from '../../src/core/cluster-spec';
import type { z } from 'zod';

type ShapeInput = z.input<typeof ClusterShapeSchema>;

const RAW: Record<string, ShapeInput> = {
  gavel: {
    name: 'gavel',
    nodes: [
      { name: 'v100', count: 36, devices: { model: 'v100', count: 1, memoryGiB: 16 }, cpus: 8, memoryGiB: 61, intraLinkGbps: 128 },
      { name: 'p100', count: 36, devices: { model: 'p100', count: 1, memoryGiB: 16 }, cpus: 8, memoryGiB: 61, intraLinkGbps: 128 },
      { name: 'k80', count: 36, devices: { model: 'k80', count: 1, memoryGiB: 12 }, cpus: 4, memoryGiB: 61, intraLinkGbps: 128 },
    ],
    network: { bandwidthGbps: 10, latencyUs: 50 },
  },
  'dgx-a100': {
    name: 'dgx-a100',
    nodes: [{ name: 'dgx', count: 8, devices: { model: 'a100', count: 8, memoryGiB: 80 }, cpus: 128, memoryGiB: 2048, intraLinkGbps: 2400 }],
    network: { bandwidthGbps: 200, latencyUs: 5 },
  },
  mixed: {
    name: 'mixed',
    nodes: [
      { name: 'h100', count: 160, devices: { model: 'h100', count: 8, memoryGiB: 80 }, cpus: 112, memoryGiB: 2048, intraLinkGbps: 3600, nodesPerRack: 16 },
      { name: 'a100', count: 160, devices: { model: 'a100', count: 8, memoryGiB: 80 }, cpus: 128, memoryGiB: 1024, intraLinkGbps: 2400, nodesPerRack: 16 },
      { name: 'v100', count: 128, devices: { model: 'v100', count: 8, memoryGiB: 32 }, cpus: 64, memoryGiB: 512, intraLinkGbps: 1200, nodesPerRack: 16 },
      { name: 'mi300', count: 64, devices: { model: 'mi300', count: 8, memoryGiB: 192 }, cpus: 128, memoryGiB: 2048, intraLinkGbps: 3584, nodesPerRack: 16 },
    ],
    network: { bandwidthGbps: 200, latencyUs: 5, interRackBandwidthGbps: 100 },
  },
};

export const PRESET_NAMES: readonly string[] = Object.keys(RAW);

export function presetShape(name: string): ClusterShape | undefined {
  const raw = RAW[name];
  return raw ? ClusterShapeSchema.parse(raw) : undefined;
}

/** A homogeneous shape of `gpus` devices, 8 a node (e.g. the 2,048-GPU cluster of the Philly replay). */
export function uniformShape(gpus: number, model = 'v100', perNode = 8): ClusterShape {
  return ClusterShapeSchema.parse({
    name: `${model}-${gpus}`,
    nodes: [{ name: model, count: Math.ceil(gpus / perNode), devices: { model, count: perNode, memoryGiB: 32 }, intraLinkGbps: 1200, nodesPerRack: 32 }],
    network: { bandwidthGbps: 100, latencyUs: 5 },
  });
}
