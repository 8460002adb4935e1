/**
 * Chaos: a DDP job on three agents, killed at random moments around its checkpoint writes (an
 * agent, a rank, both, or the manager). Every run must succeed, resume from the newest checkpoint
 * complete before the kill, do every step once after it, lose at most one checkpoint interval
 * (plus what ran while the loss was being detected), and leave no process behind.
 *   OPENCLAW_CHAOS_KILLS=30 (default 4: one of each kind)   OPENCLAW_CHAOS_SEED=N (printed)
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal } from '../../../src/controller/journal';
import { replay } from '../../../src/controller/manager';
import { cli, killGroup, killLeftovers, recordedRankPids, startAgent, stopAgent, waitFor, workspace, type Cli, type RunningAgent } from './agents-harness';

const KILLS = Number(process.env.OPENCLAW_CHAOS_KILLS ?? 4);
const SEED = Number(process.env.OPENCLAW_CHAOS_SEED ?? Date.now() % 1_000_000);
const KINDS = ['agent+rank', 'rank', 'agent', 'manager'] as const;
const PHASES = ['before', 'during', 'just after'] as const;
const STEPS = 50;
const INTERVAL = 10;

/** mulberry32: the same seed gives the same kills. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const stepsOf = (text: string) => [...text.matchAll(/@openclaw \{"step": (\d+),/g)].map((m) => Number(m[1]));
const stepOfPath = (p: string | undefined) => (p ? Number(/step-(\d+)\.pt$/.exec(p)?.[1] ?? 0) : 0);

/** A rank's log as its agent wrote it (whichever agent ran it), '' when none did. */
function agentRankLog(dir: string, jobId: string, attempt: number, rank: number): string {
  for (const agent of readdirSync(dir).filter((d) => d.startsWith('agent-'))) {
    const jobs = join(dir, agent, 'jobs');
    for (const key of existsSync(jobs) ? readdirSync(jobs).filter((j) => j.startsWith(`${jobId}.`)) : []) {
      const log = join(jobs, key, `a${attempt}`, `rank-${rank}.log`);
      if (existsSync(log)) return readFileSync(log, 'utf8');
    }
  }
  return '';
}

/** Processes whose working folder is `dir` (ranks of the example run there). */
function processesIn(dir: string): number[] {
  const out: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readlinkSync(`/proc/${pid}/cwd`) === dir) out.push(Number(pid));
    } catch {
      // gone, or not ours to look at
    }
  }
  return out;
}

describe('chaos: a DDP job killed at random moments around its checkpoints', function () {
  this.timeout(KILLS * 150_000 + 60_000);
  let agents: RunningAgent[] = [];
  let dir = '';
  const clis: Cli[] = [];

  after(async () => {
    for (const c of clis) if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
    await Promise.all(agents.map((a) => stopAgent(a)));
    for (const c of clis) killLeftovers(c.stdout.join(''));
  });

  it(`${KILLS} kills: every run succeeds from the newest checkpoint before its kill, nothing left running`, async () => {
    const random = prng(SEED);
    dir = mkdtempSync(join(tmpdir(), 'openclaw-chaos-'));
    agents = await Promise.all(['n1', 'n2', 'n3'].map((n) => startAgent(dir, n)));
    const ws = workspace(agents, { intervalSeconds: 0.5, deadAfterSeconds: 5 });
    console.log(`      seed ${SEED} (OPENCLAW_CHAOS_SEED), ${KILLS} kills (OPENCLAW_CHAOS_KILLS)`);
    const lines: string[] = [];

    for (let k = 0; k < KILLS; k++) {
      const kind = KINDS[k % KINDS.length];
      const phase = PHASES[Math.floor(random() * PHASES.length)];
      const target = INTERVAL * (1 + Math.floor(random() * 3));
      const victimRank = random() < 0.5 ? 0 : 1;
      const name = `chaos-${k + 1}`;
      const ckpt = join(ws.specDir, `ckpt-${name}`);
      const spec = join(ws.specDir, `${name}.claw.yaml`);
      writeFileSync(spec, `name: ${name}\ncommand: [/usr/bin/python3, train.py, --steps, "${STEPS}", --checkpoint-every, "${INTERVAL}", --step-seconds, "0.05", --checkpoint-stall, "0.3", --output, model-${name}.pt]\nresources: {nodes: 2, processesPerNode: 1}\nlauncher: pytorch\ncheckpoint: {dir: ckpt-${name}}\nmaxRestarts: 2\n`);
      const stateDir = join(ws.dir, `state-${name}`);
      const jobId = `${name}-1`;
      let lastStep = 0;
      const onOut = (text: string) => {
        for (const s of stepsOf(text)) lastStep = s;
      };
      const run = () => {
        const c = cli(['run', spec, '--cluster', ws.clusterFile, '--state-dir', stateDir], ws.specDir, onOut);
        clis.push(c);
        return c;
      };
      let current = run();

      // The moment: a few steps before checkpoint `target`, while it is written (each write stalls
      // 0.3 s before its rename, as slow storage does), or just after its rename.
      const file = join(ckpt, `step-${String(target).padStart(6, '0')}.pt`);
      if (phase === 'before') await waitFor(() => lastStep >= target - 3, 120000, `step ${target - 3}`, 5);
      else await waitFor(() => existsSync(phase === 'during' ? `${file}.tmp` : file), 120000, file, 5);
      const completeAtKill = Math.max(0, ...(existsSync(ckpt) ? readdirSync(ckpt) : []).filter((f) => /^step-\d{6}\.pt$/.test(f)).map((f) => stepOfPath(f)));
      const stepAtKill = lastStep;
      const launch = Journal.read(join(stateDir, 'journal.jsonl')).filter((e) => e.t === 'launch').at(-1);
      assert.ok(launch?.t === 'launch');
      const node = launch.placement.find((r) => r.rank === victimRank)!.node;
      const agentIndex = agents.findIndex((a) => a.name === node);
      const killedAt = Date.now();
      if (kind === 'manager') {
        current.proc.kill('SIGKILL');
        await current.exit;
        await new Promise((r) => setTimeout(r, 500));
        current = run();
      } else {
        const pids = recordedRankPids(dir, node, `${jobId}.`);
        if (kind !== 'rank') agents[agentIndex]!.proc.kill('SIGKILL');
        if (kind !== 'agent') for (const [rank, pid] of pids) if (rank === victimRank) killGroup(pid);
        if (kind !== 'rank') {
          // The node comes back once its loss is seen: its fenced ranks are killed then.
          await stopAgent(agents[agentIndex]!);
          await waitFor(() => Journal.read(join(stateDir, 'journal.jsonl')).some((e) => e.t === 'restart'), 15000, 'the restart').catch(() => undefined);
          agents[agentIndex] = await startAgent(dir, node, agents[agentIndex]!.port, false);
        }
      }
      const code = await current.exit;
      assert.equal(code, 0, `${name} (${kind}, ${phase} step ${target}) ended with ${code}: ${current.stderr.join('')}`);

      const entries = Journal.read(join(stateDir, 'journal.jsonl'));
      const job = replay(entries).get(jobId)!.job;
      assert.equal(job.state, 'succeeded');
      // Steps as rank 0 printed them, from its log on its agent (the whole of it, whoever watched).
      const a = (n: number) => stepsOf(agentRankLog(dir, jobId, n, 0));
      let line = `kill ${k + 1}/${KILLS}: ${kind} (rank ${victimRank} on ${node}) ${phase} step ${target}`;
      if (kind === 'manager') {
        assert.equal(job.restarts, 0, 'a manager restart loses nothing: its ranks ran on');
        assert.deepEqual(a(1), Array.from({ length: STEPS }, (_, i) => i + 1), 'every step once');
        line += ': re-attached, lost 0 steps';
      } else {
        const restart = entries.find((e) => e.t === 'restart');
        assert.ok(restart?.t === 'restart', `${name}: a restart`);
        assert.equal(job.restarts, 1, entries.filter((e) => e.t === 'restart' || e.t === 'launch').map((e) => JSON.stringify(e)).join('\n'));
        const resumed = stepOfPath(restart.resumeFrom);
        assert.ok(resumed >= completeAtKill, `${name}: resumed from step ${resumed}, but step ${completeAtKill} was complete at the kill (${restart.resumeWhy})`);
        const first = a(1);
        const lostBefore = Math.max(0, stepAtKill - resumed);
        const lostDuring = Math.max(0, Math.max(...first) - Math.max(stepAtKill, resumed));
        assert.ok(lostBefore <= INTERVAL, `${name}: ${lostBefore} steps lost before the kill, over one interval (${INTERVAL})`);
        assert.deepEqual(a(2), Array.from({ length: STEPS - resumed }, (_, i) => resumed + i + 1), 'every step once after the resume point');
        line += `: resumed from step ${resumed} (newest complete at the kill: ${completeAtKill}), detected in ${((restart.at - killedAt) / 1000).toFixed(1)} s; lost ${lostBefore} steps before the kill (at most ${INTERVAL}) + ${lostDuring} while it was detected`;
      }
      console.log(`      ${line}`);
      lines.push(line);
      await waitFor(() => processesIn(ws.specDir).length === 0, 20000, `no process left in ${ws.specDir} after ${name}: ${processesIn(ws.specDir).join(', ')}`);
    }
    assert.equal(lines.length, KILLS);
  });
});
