/**
 * A script that floods its log with metric lines: the agent's memory stays flat (a bounded,
 * thinned list of samples per job) and the samples still span the whole run.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AgentClient } from '../../../src/controller/agent-client';
import { PYTHON, ranksEnded, spawnAgent, tempDir, until, type AgentProcess } from './helpers';

const LINES = 300_000;

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) / 1024;
}

describe('agent under a flood of metric lines', function () {
  this.timeout(180_000);
  let dir: string;
  let agent: AgentProcess;
  let client: AgentClient;
  before(async () => {
    dir = tempDir('flood');
    // A heap of 128 MiB: an agent that kept what it reads of a flood would run out of it.
    const options = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = `${options ?? ''} --max-old-space-size=128`;
    try {
      agent = await spawnAgent(join(dir, 'agent'));
    } finally {
      if (options === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = options;
    }
    client = await AgentClient.connect({ address: `127.0.0.1:${agent.port}`, token: agent.token });
  });
  after(() => {
    client?.close();
    agent?.killHard();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`keeps its memory flat over ${LINES.toLocaleString('en-US')} metric lines, with samples from the first step to the last`, async () => {
    const before = rssMiB(agent.child.pid!);
    // 20 metrics a line, as fast as Python prints them.
    const script = `import sys\nfor i in range(${LINES}): sys.stdout.write('@openclaw {"step": %d, ' % i + ', '.join('"m%d": %d.5' % (k, i) for k in range(20)) + '}\\n')\n`;
    await client.launch({ jobId: 'flood-1', attempt: 1, launcher: 'plain', command: [PYTHON, '-c', script], cwd: join(dir, 'flood'), ranks: [{ rank: 0 }] });
    await ranksEnded(client, 'flood-1', 1, 120_000);
    // Read to the end: the agent has seen every line once the last step is among the samples.
    const all = await until('the last step among the samples', async () => {
      if (agent.child.exitCode !== null || agent.child.signalCode !== null) throw new Error(`the agent died: ${agent.stderr().slice(-500)}`);
      // One page holds them all: at most 4,096 are kept.
      const r = await client.metrics({ jobId: 'flood-1', attempt: 1, sinceSeq: 0, limit: 10_000 });
      const got = r.samples.map((s) => ({ step: s.values.step!, seq: Number(s.seq) }));
      return got.at(-1)?.step === LINES - 1 ? got : undefined;
    }, 120_000, 500);
    // Its resident memory a moment after the flood, at its lowest: garbage the collector has not
    // yet returned (a loaded machine runs it late) is not growth; what is kept does not go.
    const limitMiB = 100;
    let grown = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 20 && grown >= limitMiB; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 250));
      grown = Math.min(grown, rssMiB(agent.child.pid!) - before);
    }
    assert.ok(all.length <= 4096, `${all.length} samples kept`);
    assert.equal(all[0]!.step, 0, 'the first sample is kept');
    assert.ok(all.every((s, i) => i === 0 || s.seq > all[i - 1]!.seq), 'in order');
    assert.equal(agent.child.exitCode, null, `the agent is still running: ${agent.stderr()}`);
    assert.ok(grown < limitMiB, `the agent's memory grew ${grown.toFixed(0)} MiB`);
  });
});
