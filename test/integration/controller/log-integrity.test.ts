/**
 * A job that writes a large log ends only once the manager has all of it: the manager's copy (what
 * `openclaw logs` reads) is byte-identical to the rank log on the agent. OPENCLAW_LOG_TEST_MIB sets
 * the size (64 MiB by default; the report that found the loss used 1024).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_JS, startAgent, stopAgent, type RunningAgent } from './agents-harness';

const MIB = Number(process.env.OPENCLAW_LOG_TEST_MIB ?? 64);

async function sha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

describe('a job with a large log', function () {
  this.timeout(120_000 + MIB * 1000);
  let dir: string;
  let agent: RunningAgent;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'openclaw-biglog-'));
    agent = await startAgent(dir, 'n1');
  });
  after(async () => {
    await stopAgent(agent);
    rmSync(dir, { recursive: true, force: true });
  });

  it(`ends with the manager's copy of a ${MIB} MiB log byte-identical to the agent's`, async () => {
    writeFileSync(join(dir, 'one.cluster.yaml'), `backend: agents\nagents:\n  - {name: n1, address: 127.0.0.1:${agent.port}, tokenFile: ${agent.tokenFile}}\n`);
    // As fast as the process can write: 1 KiB lines, each numbered, then a last line without a newline.
    const script = [
      'import sys',
      `n = ${MIB} * 1024`,
      'pad = "x" * 1012',
      'w = sys.stdout.write',
      'for i in range(n): w("%010d %s\\n" % (i, pad))',
      'w("the end")',
    ].join('\n');
    writeFileSync(join(dir, 'loud.claw.yaml'), `name: loud\ncommand: [/usr/bin/python3, -c, ${JSON.stringify(script)}]\nlauncher: plain\n`);
    const r = spawnSync(process.execPath, [CLI_JS, 'run', '-q', 'loud.claw.yaml', '--cluster', 'one.cluster.yaml', '--state-dir', 'state'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000 + MIB * 1000,
    });
    assert.equal(r.status, 0, r.stderr);
    // The agent knows the job by its unique key (the id and random bits).
    const keys = readdirSync(join(dir, 'agent-n1', 'jobs')).filter((k) => k.startsWith('loud-1.'));
    assert.equal(keys.length, 1, `one job on the agent: ${keys.join(', ')}`);
    const onAgent = join(dir, 'agent-n1', 'jobs', keys[0]!, 'a1', 'rank-0.log');
    const mine = join(dir, 'state', 'jobs', 'loud-1', 'logs', 'a1-r0.log');
    const expected = MIB * 1024 * 1024 + 'the end'.length;
    assert.equal(statSync(onAgent).size, expected);
    assert.equal(statSync(mine).size, expected, "the manager's copy is short");
    assert.equal(await sha256(mine), await sha256(onAgent));
  });
});
