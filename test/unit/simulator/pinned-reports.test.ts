/**
 * The reports of the shipped examples, pinned: every workload under examples/workloads and every
 * cluster under examples/clusters, run under every built-in policy, must give the same report
 * (every job's start, end, devices' models, preemptions, restarts; every figure) as recorded in
 * pinned-reports.json. A change that makes rounds faster must not change a decision; one that is
 * meant to (a bug fixed) updates the file and names the fix in its commit:
 *
 *   OPENCLAW_PIN_UPDATE=1 node node_modules/mocha/bin/mocha.js --require tsx/cjs test/unit/simulator/pinned-reports.test.ts
 *
 * Kept small for CI: traces cut to their first jobs by arrival.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimReport } from '../../../src/core/sim-report';
import { getPolicy, needsLpSolver, policyNames } from '../../../src/scheduler/policies';
import { loadLpSolver } from '../../../src/scheduler/policies/lp/solver';
import { loadCluster, loadWorkload, simulate } from '../../../simulator/index';

const root = join(__dirname, '../../..');
const PINS = join(__dirname, 'pinned-reports.json');
const UPDATE = process.env.OPENCLAW_PIN_UPDATE === '1';

/** What is pinned of a report: a few figures to read in a diff, and a hash of the rest. */
interface Pin {
  completed: number;
  avgJctSeconds: number;
  makespanSeconds: number;
  preemptions: number;
  sha256: string;
}

/**
 * The report without what may change without a decision changing: the wall clock, and how often
 * the policy was asked (a round that cannot change anything may be skipped).
 */
function pinOf(r: SimReport): Pin {
  const { wallSeconds: _w, eventsPerSecond: _e, rounds: _r, ...decided } = r;
  return {
    completed: r.completed,
    avgJctSeconds: r.avgJctSeconds,
    makespanSeconds: r.makespanSeconds,
    preemptions: r.preemptions,
    sha256: createHash('sha256').update(JSON.stringify(decided)).digest('hex'),
  };
}

const workloads = readdirSync(join(root, 'examples/workloads')).filter((f) => /\.(ya?ml|jsonl)$/.test(f)).sort();
const clusters = readdirSync(join(root, 'examples/clusters')).filter((f) => f.endsWith('.cluster.yaml')).sort();

/** Each workload on the 64 A100s of dgx-a100 (a queue forms), Gavel's also on hetero-small; each cluster with Philly's first jobs. */
const runs: { key: string; workload: string; cluster: string; maxJobs: number }[] = [
  ...workloads.map((w) => ({ key: `${w} on dgx-a100`, workload: w, cluster: 'dgx-a100.cluster.yaml', maxJobs: 400 })),
  ...workloads.filter((w) => w.startsWith('gavel')).map((w) => ({ key: `${w} on hetero-small`, workload: w, cluster: 'hetero-small.cluster.yaml', maxJobs: 300 })),
  ...clusters.map((c) => ({ key: `philly.yaml (first 1,500) on ${c.replace('.cluster.yaml', '')}`, workload: 'philly.yaml', cluster: c, maxJobs: 1500 })),
];

describe('simulator: pinned reports of the shipped examples under every built-in policy', function () {
  // The LP policies' solver loads asynchronously, once.
  before(() => loadLpSolver());
  this.timeout(600_000);
  const pinned: Record<string, Pin> = existsSync(PINS) ? (JSON.parse(readFileSync(PINS, 'utf8')) as Record<string, Pin>) : {};
  const seen: Record<string, Pin> = {};

  for (const run of runs) {
    it(`${run.key}: every policy's report is the pinned one`, () => {
      const cluster = loadCluster(join(root, 'examples/clusters', run.cluster));
      const workload = loadWorkload(join(root, 'examples/workloads', run.workload), { maxJobs: run.maxJobs });
      const changed: string[] = [];
      // The LP policies are pinned on the Gavel workloads and the small examples: on Philly's queues
      // of a thousand jobs their per-job LPs (FIFO, makespan, finish-time fairness) take minutes.
      for (const name of policyNames().filter((n) => !run.key.startsWith('philly') || !needsLpSolver(n))) {
        const key = `${run.key} / ${name}`;
        const pin = pinOf(simulate({ cluster, workload, policy: getPolicy(name), noTiming: true }));
        seen[key] = pin;
        if (UPDATE) continue;
        const want = pinned[key];
        if (!want) changed.push(`${key}: not pinned (run with OPENCLAW_PIN_UPDATE=1 to pin it)`);
        else if (JSON.stringify(want) !== JSON.stringify(pin)) changed.push(`${key}: was ${JSON.stringify(want)}, now ${JSON.stringify(pin)}`);
      }
      assert.deepEqual(changed, [], `reports changed:\n${changed.join('\n')}`);
    });
  }

  after(() => {
    if (!UPDATE) return;
    const sorted = Object.fromEntries(Object.keys(seen).sort().map((k) => [k, seen[k]]));
    writeFileSync(PINS, `${JSON.stringify(sorted, null, 2)}\n`);
  });
});
