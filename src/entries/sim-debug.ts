/**
 * The simulator with a user policy, for "Debug Policy in Simulator": VS Code starts this file under
 * its JavaScript debugger, so a breakpoint in the policy's own source (bundled by the policy loader
 * with a source map) stops here. It writes the report and the event log for the time-travel view.
 *
 *   node dist/sim-debug.js --policy FILE --cluster PRESET|FILE --workload FILE --out DIR [--seed N]
 *
 * Exit codes: 0 done, 1 the policy failed (its error names the file and line), 2 bad arguments.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadPolicyFile } from '../controller/policy-loader';
import { JsonlWriter, loadCluster, loadWorkload, simulate } from '../../simulator';

interface Args {
  policy: string;
  cluster: string;
  workload: string;
  out: string;
  seed: number;
}

function parseArgs(argv: string[]): Args {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i]!;
    const v = argv[i + 1];
    if (!k.startsWith('--') || v === undefined) throw new Error(`expected --flag value pairs, got "${k}"`);
    flags.set(k.slice(2), v);
  }
  const need = (k: string) => {
    const v = flags.get(k);
    if (!v) throw new Error(`--${k}: required`);
    return v;
  };
  const seed = Number(flags.get('seed') ?? '0');
  if (!Number.isInteger(seed)) throw new Error(`--seed: expected an integer, got "${flags.get('seed')}"`);
  return { policy: need('policy'), cluster: need('cluster'), workload: need('workload'), out: need('out'), seed };
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`sim-debug: ${(err as Error).message}`);
    return 2;
  }
  const cluster = loadCluster(args.cluster);
  const workload = loadWorkload(resolve(args.workload));
  // Under a debugger a round may sit at a breakpoint for minutes: no per-round budget here.
  const policy = await loadPolicyFile(resolve(args.policy), { budgetMs: 2 ** 31 - 1 });
  mkdirSync(args.out, { recursive: true });
  const events = new JsonlWriter(join(args.out, 'events.jsonl'));
  let report;
  try {
    report = simulate({ cluster, workload, policy, seed: args.seed, eventLog: events.write }, {
      onProgress: (p) => process.stdout.write(`\r${p.completed}/${p.jobs} jobs done, simulated ${Math.round(p.now)} s`),
    });
  } finally {
    events.close();
  }
  writeFileSync(join(args.out, 'report.json'), JSON.stringify(report));
  console.log(`\n${report.policy}: ${report.completed}/${report.jobs} jobs, avg JCT ${report.avgJctSeconds.toFixed(0)} s, utilisation ${(report.utilization * 100).toFixed(1)}%`);
  console.log(`report: ${join(args.out, 'report.json')}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
