/**
 * `openclaw sim`: runs a workload on the simulator and prints a summary; `openclaw sim compare`
 * runs several policies on the same inputs and prints one table.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { SpecError } from '../core/errors';
import type { SimReport } from '../core/sim-report';
import type { Policy } from '../scheduler/api';
import { PolicyError } from '../scheduler/policy-error';
import { loadPolicyFile as loadPolicyFileFrom, PolicyFileError } from '../controller/policy-loader';
import { getPolicy, isPolicyName } from '../scheduler/policies';
import { JsonlWriter, loadClusterFile, loadWorkload, simulateWithStory, type SimProgress, type Workload } from '../../simulator/index';
import type { ClusterShape } from '../core/cluster-spec';
import { fmt } from '../../simulator/simulation';

interface SimFlags {
  cluster: string;
  workload: string;
  policy?: string;
  seed: string;
  json?: string;
  events?: string;
  explain?: string;
  timing: boolean;
  roundSeconds?: string;
  placement?: string;
}

/** A bad argument: reported on one line with exit code 2. */
class UsageError extends Error {}

function intFlag(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new UsageError(`${name}: expected an integer, got ${JSON.stringify(value)}`);
  return n;
}

function positiveFlag(name: string, value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new UsageError(`${name}: expected a positive number, got ${JSON.stringify(value)}`);
  return n;
}

async function loadPolicy(arg: string, placement: string | undefined): Promise<Policy> {
  if (!isPolicyName(arg) && /[/\\]|\.[cm]?[jt]s$/.test(arg)) return loadPolicyFile(resolve(arg), arg);
  // getPolicy names every built-in policy (and placement) in its errors.
  try {
    return getPolicy(arg, { placement });
  } catch (err) {
    const message = (err as Error).message;
    throw new UsageError(`${message.startsWith('unknown placement') ? '--placement' : '--policy'}: ${message}`);
  }
}

async function loadPolicyFile(path: string, shown: string): Promise<Policy> {
  try {
    // The terminal is the user's own: their policy file runs (the extension checks workspace trust).
    return await loadPolicyFileFrom(path, { displayPath: shown });
  } catch (err) {
    if (err instanceof PolicyFileError) throw new UsageError(`--policy: ${err.message.split('\n')[0]}`);
    throw err;
  }
}

interface Inputs {
  cluster: ClusterShape;
  /** The cluster file's `policy:` (fifo for a preset). */
  clusterPolicy: string;
  workload: Workload;
  seed: number;
  roundSeconds: number | undefined;
}

function loadInputs(o: SimFlags): Inputs {
  const { shape: cluster, policy: clusterPolicy } = loadClusterFile(o.cluster);
  const workload = loadWorkload(o.workload);
  return {
    cluster,
    clusterPolicy,
    workload,
    seed: intFlag('--seed', o.seed),
    roundSeconds: o.roundSeconds !== undefined ? positiveFlag('--round-seconds', o.roundSeconds) : undefined,
  };
}

/** A progress bar on a terminal, shown once a run has taken a second. */
function progressBar(label: string): { onProgress: (p: SimProgress) => void; done: () => void } {
  const tty = process.stderr.isTTY === true;
  const started = Date.now();
  // Tests lower the one-second threshold to see the bar on a short run.
  const after = Number(process.env.OPENCLAW_PROGRESS_AFTER_MS ?? 1000);
  let shown = false;
  let last = 0;
  return {
    onProgress(p) {
      const now = Date.now();
      if (!tty || now - started < after || now - last < 100) return;
      last = now;
      shown = true;
      const width = 30;
      const frac = p.jobs ? p.completed / p.jobs : 0;
      const fill = Math.round(frac * width);
      process.stderr.write(`\r${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${(frac * 100).toFixed(0).padStart(3)}%  ${p.completed.toLocaleString('en-US')}/${p.jobs.toLocaleString('en-US')} jobs  t=${fmt(p.now)}   `);
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}

function runOne(inputs: Inputs, policy: Policy, o: { events?: string; explain?: string; timing: boolean }): { report: SimReport; explanation: readonly string[] } {
  const writer = o.events ? new JsonlWriter(o.events) : undefined;
  const bar = progressBar(policy.name);
  try {
    return simulateWithStory(
      { cluster: inputs.cluster, workload: inputs.workload, policy, seed: inputs.seed, roundSeconds: inputs.roundSeconds, eventLog: writer?.write, explain: o.explain, noTiming: !o.timing },
      { onProgress: bar.onProgress },
    );
  } finally {
    bar.done();
    writer?.close();
  }
}

const n = (x: number): string => x.toLocaleString('en-US');
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const gpuHours = (s: number): string => `${n(Math.round(s / 3600))} GPU-h`;

export function formatSummary(r: SimReport, devices: number): string {
  return [
    `${r.policy} on ${r.cluster} (${n(devices)} devices), ${r.workload} (${n(r.jobs)} jobs), seed ${r.seed}`,
    `  completed    ${n(r.completed)} / ${n(r.jobs)}`,
    `  JCT          avg ${fmt(r.avgJctSeconds)}   p50 ${fmt(r.p50JctSeconds)}   p99 ${fmt(r.p99JctSeconds)}`,
    `  makespan     ${fmt(r.makespanSeconds)}`,
    `  utilization  ${pct(r.utilization)}`,
    `  lost work    ${gpuHours(r.lostGpuSeconds)}   restarts ${n(r.restarts)}   preemptions ${n(r.preemptions)}`,
    `  events       ${n(r.events)} (${n(r.rounds)} scheduling rounds)${r.wallSeconds ? ` in ${r.wallSeconds.toFixed(2)} s, ${n(r.eventsPerSecond)}/s` : ''}`,
  ].join('\n');
}

export function formatTable(reports: readonly SimReport[]): string {
  const head = ['policy', 'completed', 'avg JCT', 'p50 JCT', 'p99 JCT', 'makespan', 'util', 'lost GPU-h', 'preempt', 'wall s'];
  const rows = reports.map((r) => [
    r.policy,
    `${n(r.completed)}/${n(r.jobs)}`,
    fmt(r.avgJctSeconds),
    fmt(r.p50JctSeconds),
    fmt(r.p99JctSeconds),
    fmt(r.makespanSeconds),
    pct(r.utilization),
    n(Math.round(r.lostGpuSeconds / 3600)),
    n(r.preemptions),
    r.wallSeconds.toFixed(2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function countDevices(shape: ClusterShape): number {
  return shape.nodes.reduce((s, g) => s + g.count * g.devices.count, 0);
}

/** `file:line: field: message` (without a field for problems of the whole file). */
export function specErrorLine(err: SpecError): string {
  return `${err.source}: ${err.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ')}`;
}

/** Turns an error into one line and an exit code: 2 for bad input, 1 for a policy that broke a rule. */
function fail(err: unknown): never {
  if (err instanceof SpecError) {
    process.stderr.write(`openclaw sim: ${specErrorLine(err)}\n`);
    process.exit(2);
  }
  if (err instanceof UsageError) {
    process.stderr.write(`openclaw sim: ${err.message.split('\n')[0]}\n`);
    process.exit(2);
  }
  if (err instanceof PolicyError) {
    process.stderr.write(`openclaw sim: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}

function common(cmd: Command): Command {
  return cmd
    .requiredOption('--cluster <file|preset>', 'cluster YAML file or preset (gavel, dgx-a100, mixed)')
    .requiredOption('--workload <file>', 'workload YAML file (trace: or generator: gavel)')
    .option('--seed <n>', 'seed of the random draws (failures)', '0')
    .option('--round-seconds <s>', 'round length for time-sharing policies (default 360)')
    .option('--placement <name>', 'placement strategy for built-in policies (best-fit, spread, topology-aware)')
    .option('--no-timing', 'write wallSeconds and eventsPerSecond as 0, for byte-identical reports');
}

export function registerSim(program: Command): void {
  const sim = program.command('sim').description('run a workload on the built-in cluster simulator');
  common(sim.command('run', { isDefault: true }).description('run one policy (the default: `openclaw sim --cluster ...` runs this)'))
    .option('--policy <name|path>', "built-in policy name or a .ts/.js policy file (default: the cluster file's policy, else fifo)")
    .option('--json <file>', 'write the JSON report')
    .option('--events <file>', 'write the event log (JSONL) for replay in the views')
    .option('--explain <job>', "print one job's story: arrival, why it waited, where it ran")
    .action(async (o: SimFlags) => {
      try {
        const inputs = loadInputs(o);
        const policy = await loadPolicy(o.policy ?? inputs.clusterPolicy, o.placement);
        const { report, explanation } = runOne(inputs, policy, { events: o.events, explain: o.explain, timing: o.timing });
        if (o.json) writeFileSync(o.json, JSON.stringify(report) + '\n');
        process.stdout.write(formatSummary(report, countDevices(inputs.cluster)) + '\n');
        if (o.explain !== undefined) {
          process.stdout.write(explanation.length ? `\njob ${o.explain}:\n${explanation.map((l) => `  ${l}`).join('\n')}\n` : `\nno job "${o.explain}" in the workload\n`);
        }
      } catch (err) {
        fail(err);
      }
    });

  common(sim.command('compare').description('run several policies on the same inputs and print one table'))
    .requiredOption('--policies <list>', 'comma-separated policy names or files, e.g. fifo,las,sjf')
    .option('--json <file>', 'write the reports as a JSON array')
    .action(async (o: SimFlags & { policies: string }) => {
      try {
        const inputs = loadInputs(o);
        const names = o.policies.split(',').map((s) => s.trim()).filter(Boolean);
        if (names.length === 0) throw new UsageError('--policies: expected a comma-separated list such as fifo,las');
        const policies: Policy[] = [];
        for (const name of names) policies.push(await loadPolicy(name, o.placement));
        const reports = policies.map((p) => runOne(inputs, p, { timing: o.timing }).report);
        if (o.json) writeFileSync(o.json, JSON.stringify(reports) + '\n');
        const r0 = reports[0];
        process.stdout.write(`${r0.workload} (${n(r0.jobs)} jobs) on ${r0.cluster} (${n(countDevices(inputs.cluster))} devices), seed ${r0.seed}\n\n${formatTable(reports)}\n`);
      } catch (err) {
        fail(err);
      }
    });
}
