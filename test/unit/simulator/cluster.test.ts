import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodesOfShape } from '../../../src/core/cluster-spec';
import { SpecError } from '../../../src/core/errors';
import { loadCluster } from '../../../simulator/cluster/load-cluster';
import { PRESET_NAMES, presetShape } from '../../../simulator/cluster/presets';

const root = join(__dirname, '../../..');
const devicesOf = (name: string): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const n of nodesOfShape(presetShape(name)!)) for (const d of n.devices) counts.set(d.model, (counts.get(d.model) ?? 0) + 1);
  return counts;
};

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'openclaw-cluster-'));
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('simulator/cluster model', () => {
  it('has the gavel preset: 36 V100, 36 P100 and 36 K80, one GPU a server', () => {
    const nodes = nodesOfShape(presetShape('gavel')!);
    assert.equal(nodes.length, 108);
    assert.ok(nodes.every((n) => n.devices.length === 1));
    assert.deepEqual(Object.fromEntries(devicesOf('gavel')), { v100: 36, p100: 36, k80: 36 });
  });

  it('has dgx-a100 (8 × 8 A100) and a mixed cluster of thousands of H100/A100/V100/MI300', () => {
    assert.deepEqual(Object.fromEntries(devicesOf('dgx-a100')), { a100: 64 });
    const mixed = devicesOf('mixed');
    assert.deepEqual([...mixed.keys()].sort(), ['a100', 'h100', 'mi300', 'v100']);
    assert.ok([...mixed.values()].reduce((a, b) => a + b) >= 4096);
    assert.deepEqual([...PRESET_NAMES].sort(), ['dgx-a100', 'gavel', 'mixed']);
  });

  it('loads the documented YAML form and names nodes <group>-<i>', () => {
    const p = tempFile(
      'c.yaml',
      `nodes:
  - name: a100            # node names become a100-0, a100-1, ...
    count: 256
    devices: {model: a100, count: 8, memoryGiB: 80}
    cpus: 96
    memoryGiB: 1024
network: {bandwidthGbps: 200, latencyUs: 5}
`,
    );
    const shape = loadCluster(p);
    const nodes = nodesOfShape(shape);
    assert.equal(nodes.length, 256);
    assert.equal(nodes[255]!.name, 'a100-255');
    assert.equal(nodes[0]!.devices[7]!.uuid, 'a100-0/7');
    assert.equal(shape.network.bandwidthGbps, 200);
  });

  it('loads every example cluster file', () => {
    for (const f of ['dgx-a100', 'hetero-small', 'v100-2048', 'large-16k', 'mixed']) {
      const shape = loadCluster(join(root, 'examples/clusters', `${f}.cluster.yaml`));
      assert.ok(shape.nodes.length > 0, f);
    }
    const large = nodesOfShape(loadCluster(join(root, 'examples/clusters/large-16k.cluster.yaml')));
    assert.equal(large.reduce((s, n) => s + n.devices.length, 0), 16384);
  });

  it('names the file, the line and the field of a negative count', () => {
    const p = tempFile('bad.yaml', 'nodes:\n  - name: a\n    count: -3\n    devices: {model: a100, count: 8, memoryGiB: 80}\n');
    assert.throws(
      () => loadCluster(p),
      (e: unknown) => e instanceof SpecError && e.message === `${p}:3:12: nodes[0].count: expected a positive integer, got -3`,
    );
  });

  it('rejects an unknown preset, naming the presets there are', () => {
    assert.throws(() => loadCluster('dgx-h100'), /--cluster: preset: unknown preset "dgx-h100"; expected one of gavel, dgx-a100, mixed/);
    const p = tempFile('p.yaml', 'preset: nope\n');
    assert.throws(() => loadCluster(p), /p\.yaml:1:9: preset: unknown preset "nope"/);
  });

  it('rejects a cluster file of another backend and a missing file', () => {
    const p = tempFile('slurm.yaml', 'backend: slurm\npartition: gpu\n');
    assert.throws(() => loadCluster(p), /"slurm" cluster; the simulator needs a cluster shape/);
    assert.throws(() => loadCluster('/nonexistent/c.yaml'), (e: unknown) => e instanceof SpecError && e.source === '/nonexistent/c.yaml' && /^no such file/.test(e.problems[0]!.message));
  });
});
