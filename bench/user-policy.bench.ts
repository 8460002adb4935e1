/**
 * A user's policy file against the same logic built in: examples/policies/smallest-first.ts loaded
 * as `--policy` loads it (compiled, in its own node:vm context, each round under its time budget),
 * and the same file bundled into the process like a built-in policy. Both replay the first 5,000
 * Philly jobs on dgx-a100 (a queue forms), alternating, several times; prints the medians and the
 * ratio (target <= 1.5x).
 *
 * Run alone: npm run bench -- user-policy   (OPENCLAW_BENCH_RUNS=N, default 5)
 */
import { buildSync } from 'esbuild';
import { join } from 'node:path';
import type { Policy } from '../src/scheduler/api';
import { loadPolicyFile } from '../src/controller/policy-loader';
import { loadCluster, loadWorkload, simulate } from '../simulator/index';

const root = join(__dirname, '..');
const RUNS = Number(process.env.OPENCLAW_BENCH_RUNS ?? 5);
const file = join(root, 'examples/policies/smallest-first.ts');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The policy file bundled with the scheduler's API, as a built-in policy is. */
function builtIn(): Policy {
  const out = join(__dirname, 'results', 'smallest-first.builtin.js');
  buildSync({ entryPoints: [file], outfile: out, bundle: true, platform: 'node', format: 'cjs', alias: { 'openclaw/policy': join(root, 'src/scheduler/index.ts') }, logLevel: 'error' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(out) as { default: Policy }).default;
}

async function main(): Promise<void> {
  const cluster = loadCluster(join(root, 'examples/clusters/dgx-a100.cluster.yaml'));
  const workload = loadWorkload(join(root, 'examples/workloads/philly-5k.yaml'));
  const sandboxed = await loadPolicyFile(file);
  const inProcess = builtIn();
  const time = (policy: Policy): { s: number; jct: number; rounds: number } => {
    const t0 = process.hrtime.bigint();
    const r = simulate({ cluster, workload, policy });
    return { s: Number(process.hrtime.bigint() - t0) / 1e9, jct: r.avgJctSeconds, rounds: r.rounds };
  };
  time(inProcess); // warm-up
  time(sandboxed);
  const a: ReturnType<typeof time>[] = [];
  const b: ReturnType<typeof time>[] = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(time(inProcess));
    b.push(time(sandboxed));
  }
  const ratio = median(b.map((x) => x.s)) / median(a.map((x) => x.s));
  const same = a.every((x, i) => x.jct === b[i]!.jct);
  console.log(
    `user policy (examples/policies/smallest-first.ts), 5,000 Philly jobs on dgx-a100, ${a[0]!.rounds.toLocaleString('en-US')} rounds: in its sandbox ${median(b.map((x) => x.s)).toFixed(2)} s, ` +
      `bundled in like a built-in ${median(a.map((x) => x.s)).toFixed(2)} s: ${ratio.toFixed(2)}x (target <= 1.5: ${ratio <= 1.5 ? 'ok' : 'MISSED'}); same results: ${same ? 'yes' : 'NO'} (medians of ${RUNS} alternating runs)`,
  );
}

void main();
