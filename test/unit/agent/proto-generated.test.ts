import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentPackage } from '../../../proto/load';

const root = join(__dirname, '../../..');

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts')).sort();
}

describe('proto/generated', () => {
  it('is exactly what proto-loader-gen-types makes of agent.proto (regenerate with `node proto/gen.mjs`)', function () {
    this.timeout(30000);
    const out = mkdtempSync(join(tmpdir(), 'openclaw-proto-'));
    try {
      const r = spawnSync(process.execPath, [join(root, 'proto/gen.mjs'), out], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const committed = join(root, 'proto/generated');
      assert.deepEqual(files(out), files(committed));
      for (const f of files(out)) {
        assert.equal(readFileSync(join(committed, f), 'utf8'), readFileSync(join(out, f), 'utf8'), `proto/generated/${f} is stale`);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('loads at runtime with every RPC of the service', () => {
    const rpcs = Object.keys(agentPackage().Agent.service);
    for (const name of ['GetVersion', 'GetNodeInfo', 'Heartbeat', 'LaunchRanks', 'Signal', 'StreamLogs', 'GetMetrics', 'ListCheckpoints', 'FetchFile', 'ListRanks', 'ForgetJob']) {
      assert.ok(rpcs.includes(name), name);
    }
  });
});
