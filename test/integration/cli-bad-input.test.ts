/**
 * Bad input to `openclaw run` and `openclaw sim`: one line per problem, `file:line:col: field:
 * message`, exit code 2, never a stack trace or raw schema output.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI_JS = join(__dirname, '..', '..', 'dist', 'cli.js');
const WORKLOAD = join(__dirname, '..', '..', 'examples', 'workloads', 'gavel-generated.yaml');

describe('openclaw run / sim: bad input', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'openclaw-badin-'));
    writeFileSync(join(dir, 'ok.claw.yaml'), 'name: ok\ncommand: [python3, train.py]\n');
    writeFileSync(join(dir, 'good.token'), 'ab'.repeat(16), { mode: 0o600 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cases: [string, string, string, RegExp[]][] = [
    ['a simulator cluster with no nodes', 'sim', 'nodes: []\n', [/^.*c\.cluster\.yaml:1:8: nodes: expected at least one node group/]],
    ['a simulator cluster file with no nodes', 'run', 'backend: simulator\nnodes: []\n', [/^.*c\.cluster\.yaml:2:8: nodes: expected at least one node group/]],
    ['a missing token file', 'run', 'backend: agents\nagents:\n  - {name: n1, address: "127.0.0.1:7101", tokenFile: nope.token}\n', [/c\.cluster\.yaml:3:\d+: agents\[0\]\.tokenFile: no such file: .*nope\.token$/]],
    ['a port past 65535', 'run', 'backend: agents\nagents:\n  - {name: n1, address: "127.0.0.1:99999", tokenFile: good.token}\n', [/c\.cluster\.yaml:3:\d+: agents\[0\]\.address: expected a port from 1 to 65535/]],
    ['two agents of one name', 'run', 'backend: agents\nagents:\n  - {name: n1, address: "127.0.0.1:7101", tokenFile: good.token}\n  - {name: n1, address: "127.0.0.1:7102", tokenFile: good.token}\n', [/c\.cluster\.yaml:4:\d+: agents\[1\]\.name: "n1" is also the name of agents\[0\]/]],
    ['an unknown policy', 'run', 'preset: dgx-a100\npolicy: fastest\n', [/c\.cluster\.yaml:2:9: policy: unknown policy "fastest"; expected one of fifo/]],
    ['an unknown preset', 'run', 'preset: dgx-h900\n', [/c\.cluster\.yaml:1:9: preset: unknown preset "dgx-h900"/]],
    ['two problems', 'sim', 'nodes:\n  - {name: a, count: -1, devices: {model: a100, count: 8, memoryGiB: 80}}\nspeedup: 0\n', [/c\.cluster\.yaml:2:\d+: nodes\[0\]\.count: expected a positive integer/, /c\.cluster\.yaml:3:10: speedup: expected at least 0\.01/]],
  ];

  for (const [what, command, cluster, want] of cases) {
    it(`${command}: ${what}`, () => {
      writeFileSync(join(dir, 'c.cluster.yaml'), cluster);
      const args = command === 'sim' ? ['sim', '--cluster', 'c.cluster.yaml', '--workload', WORKLOAD] : ['run', 'ok.claw.yaml', '--cluster', 'c.cluster.yaml', '--state-dir', 'state'];
      const r = spawnSync(process.execPath, [CLI_JS, ...args], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 2, r.stderr);
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, want.length, r.stderr);
      want.forEach((re, i) => assert.match(lines[i]!, re));
      for (const line of lines) assert.match(line, /^\S+:\d+:\d+: \S+: /, 'file:line:col: field: message');
      assert.doesNotMatch(r.stderr, /\n\s+at |ZodError|"code":/);
    });
  }
});
