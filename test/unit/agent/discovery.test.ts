import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAmdSmiStatic, parseRocmSmiJson } from '../../../agent/discovery/amd';
import { discoverGpus, discoverNode, type ToolRunner } from '../../../agent/discovery/hardware';
import { modelId } from '../../../agent/discovery/model-id';
import { parseNvidiaSmiCsv, parseNvidiaTopo } from '../../../agent/discovery/nvidia';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('hardware discovery', () => {
  it('nvidia-smi query: every GPU keyed by UUID with model, memory and usage', () => {
    const gpus = parseNvidiaSmiCsv(fixture('nvidia-smi-query-a100x8.csv'));
    assert.equal(gpus.length, 8);
    assert.equal(gpus[1]!.uuid, 'GPU-7c1e9d2a-5b4f-4a3e-8d1c-2e9f7a6b5c02');
    assert.equal(gpus[1]!.model, 'a100');
    assert.equal(gpus[1]!.memoryGib, 80);
    assert.equal(gpus[1]!.utilizationPercent, 97);
    assert.equal(gpus[1]!.memoryUsedMib, 61230);
    assert.deepEqual(gpus.map((g) => g.index), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.equal(new Set(gpus.map((g) => g.uuid)).size, 8);
  });

  it('nvidia-smi query: consumer and datacenter names, [N/A] fields read as 0', () => {
    const gpus = parseNvidiaSmiCsv(fixture('nvidia-smi-query-mixed.csv'));
    assert.deepEqual(gpus.map((g) => g.model), ['rtx4090', 'a6000', 'v100', 'h100']);
    assert.equal(gpus[0]!.utilizationPercent, 0);
    assert.equal(gpus[3]!.name, 'NVIDIA H100 80GB HBM3');
    assert.equal(gpus[2]!.memoryGib, 16);
  });

  it('nvidia-smi query: a truncated line is an error naming it', () => {
    assert.throws(() => parseNvidiaSmiCsv('0, GPU-1, NVIDIA A100\n'), /expected 6 columns/);
  });

  it('nvidia-smi topo -m: one island on a fully NVLinked DGX, NIC rows ignored', () => {
    assert.deepEqual(parseNvidiaTopo(fixture('nvidia-smi-topo-dgx-a100.txt')), [[0, 1, 2, 3, 4, 5, 6, 7]]);
  });

  it('nvidia-smi topo -m: NVLink bridges in pairs make two islands; PCIe only makes one per GPU', () => {
    assert.deepEqual(parseNvidiaTopo(fixture('nvidia-smi-topo-nvlink-pairs.txt')), [[0, 1], [2, 3]]);
    assert.deepEqual(parseNvidiaTopo(fixture('nvidia-smi-topo-pcie.txt')), [[0], [1]]);
  });

  it('amd-smi static --json: MI300X with its serial as the key and VRAM in GiB', () => {
    const gpus = parseAmdSmiStatic(fixture('amd-smi-static.json'));
    assert.equal(gpus.length, 2);
    assert.equal(gpus[0]!.model, 'mi300x');
    assert.equal(gpus[0]!.uuid, '0xA4C1B2D3E4F50617');
    assert.equal(gpus[0]!.vendor, 'amd');
    assert.equal(Math.round(gpus[0]!.memoryGib!), 192);
  });

  it('rocm-smi --json: cards with unique ids, VRAM and use; the system entry skipped', () => {
    const gpus = parseRocmSmiJson(fixture('rocm-smi.json'));
    assert.deepEqual(gpus.map((g) => [g.index, g.uuid, g.model]), [
      [0, '0x18f68e602b8a790f', 'mi250x'],
      [1, '0x95a1b3c4d5e6f708', 'mi250x'],
    ]);
    assert.equal(gpus[0]!.memoryGib, 63.98);
    assert.equal(gpus[0]!.utilizationPercent, 23);
  });

  it('model ids', () => {
    assert.equal(modelId('NVIDIA H200'), 'h200');
    assert.equal(modelId('NVIDIA L4'), 'l4');
    assert.equal(modelId('Quadro RTX 8000'), 'rtx8000');
    assert.equal(modelId('NVIDIA GeForce GTX 1080 Ti'), 'gtx1080');
  });

  it('prefers nvidia-smi, falls back to amd-smi then rocm-smi, and reads topology only for NVIDIA', async () => {
    const calls: string[] = [];
    const only = (answers: Record<string, string>): ToolRunner => async (file, args) => {
      calls.push(`${file} ${args[0]}`);
      return answers[file] ?? undefined;
    };
    const nv = await discoverGpus(only({ 'nvidia-smi': fixture('nvidia-smi-query-a100x8.csv') }));
    assert.equal(nv.devices.length, 8);
    const rocm = await discoverGpus(only({ 'rocm-smi': fixture('rocm-smi.json') }));
    assert.equal(rocm.devices[0]!.vendor, 'amd');
    assert.ok(calls.includes('amd-smi static'), 'amd-smi is tried before rocm-smi');
  });

  it('a machine without GPUs offers its CPUs as devices of model cpu', async () => {
    const node = await discoverNode('n1', async () => undefined);
    assert.ok(node.cpus! >= 1);
    assert.equal(node.devices!.length, node.cpus);
    assert.ok(node.devices!.every((d) => d.model === 'cpu' && d.vendor === 'cpu'));
    assert.equal(new Set(node.devices!.map((d) => d.uuid)).size, node.devices!.length);
  });
});
