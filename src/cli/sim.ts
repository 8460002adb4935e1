/**
 * `openclaw sim`: runs a workload on the simulator and prints a summary; `openclaw sim compare`
 * runs several policies on the same inputs and prints one table.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { SpecError } from '../core/errors';
import { FileSpecError } from '../core/yaml-validation';
import type { SimReport } from '../core/sim-report';
import type { Policy } from '../scheduler/api';
import { PolicyError } from '../scheduler/policy-error';
import { getPolicy, isPolicyName, placementNames, policyNames, preparePolicy } from '../scheduler/policies';
import { JsonlWriter, loadSimulatedCluster, loadWorkload, looksLikePath, simulateWithStory, type SimProgress, type Workload } from '../../simulator/index';
import type { ClusterShape } from '../core/cluster-spec';
import { formatDurationShort as fmt } from '../core/duration';
import { requireFile, UsageError } from './cli-errors';
import { didYouMean } from './suggest';
import { grouped } from '../core/grouped-number';

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
  maxJobs?: string;
}

function intFlag(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new UsageError(`${name}: expected an integer, got ${JSON.stringify(value)}`);
  return n;
}

function positiveIntFlag(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name}: expected a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

function positiveFlag(name: string, value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new UsageError(`${name}: expected a positive number, got ${JSON.stringify(value)}`);
  return n;
}

/** A built-in policy or a policy file, named by `flag` (--policy, or --policies with its entry) in errors. */
async function loadPolicy(arg: string, placement: string | undefined, flag: string): Promise<Policy> {
  if (!isPolicyName(arg) && /[/\\]|\.[cm]?[jt]s$/.test(arg)) return loadPolicyFile(resolve(arg), arg, flag);
  if (!isPolicyName(arg)) {
    throw new UsageError(`${flag}: unknown policy "${arg}"${didYouMean(arg, policyNames())}; expected one of ${policyNames().join(', ')} or a path to a .ts/.js policy file`);
  }
  if (placement !== undefined && !placementNames().includes(placement)) {
    throw new UsageError(`--placement: unknown placement "${placement}"${didYouMean(placement, placementNames())}; expected one of ${placementNames().join(', ')}`);
  }
  await preparePolicy(arg);
  return getPolicy(arg, { placement });
}

async function loadPolicyFile(path: string, shown: string, flag: string): Promise<Policy> {
  // Loaded only for a policy file: its compiler and sandbox cost a built-in policy's run a tenth of a second.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadPolicyFile: loadPolicyFileFrom, PolicyFileError } = require('../controller/policy-loader') as typeof import('../controller/policy-loader');
  try {
    // The terminal is the user's own: their policy file runs (the extension checks workspace trust).
    return await loadPolicyFileFrom(path, { displayPath: shown });
  } catch (err) {
    if (err instanceof PolicyFileError) throw new UsageError(`${flag}: ${err.message.split('\n')[0]}`);
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
  if (looksLikePath(o.cluster)) requireFile(o.cluster, '--cluster');
  requireFile(o.workload, '--workload');
  const maxJobs = o.maxJobs !== undefined ? positiveIntFlag('--max-jobs', o.maxJobs) : undefined;
  const { shape: cluster, policy: clusterPolicy } = loadSimulatedCluster(o.cluster);
  const workload = loadWorkload(o.workload, { maxJobs });
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
      process.stderr.write(`\r${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${(frac * 100).toFixed(0).padStart(3)}%  ${n(p.completed)}/${n(p.jobs)} jobs  t=${fmt(p.now)}   `);
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

const n = grouped;
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const gpuHours = (s: number): string => `${n(Math.round(s / 3600))} GPU-h`;
const jobsWord = (x: number): string => `${n(x)} job${x === 1 ? '' : 's'}`;

/** "3 jobs never fit the cluster: 3 ask for more than 64 devices (largest: 128)", or nothing. */
export function neverFitLine(r: SimReport): string | undefined {
  const nf = r.neverFit;
  if (!nf || nf.jobs === 0) return undefined;
  return `${jobsWord(nf.jobs)} never fit the cluster: ${nf.reasons.map((g) => `${n(g.jobs)} ${g.text}`).join('; ')}`;
}

/** Jobs that fit but were still waiting at the end, with the scheduler's reason for the first. */
function leftWaitingLine(r: SimReport): string | undefined {
  const left = r.leftWaiting;
  if (!left || left.jobs === 0) return undefined;
  const first = left.first ? `; the first, "${left.first.id}": ${left.first.reason}` : '';
  return `${jobsWord(left.jobs)} that fit ${left.jobs === 1 ? 'was' : 'were'} still waiting when nothing else could run${first}`;
}

export function formatSummary(r: SimReport, devices: number): string {
  const never = neverFitLine(r);
  const left = leftWaitingLine(r);
  return [
    `${r.policy} on ${r.cluster} (${n(devices)} devices), ${r.workload} (${n(r.jobs)} jobs), seed ${r.seed}`,
    `  completed    ${n(r.completed)} / ${n(r.jobs)}`,
    ...(never ? [`  never fit    ${never}`] : []),
    ...(left ? [`  left waiting ${left}`] : []),
    `  JCT          avg ${fmt(r.avgJctSeconds)}   p50 ${fmt(r.p50JctSeconds)}   p99 ${fmt(r.p99JctSeconds)}`,
    `  makespan     ${fmt(r.makespanSeconds)}`,
    `  utilization  ${pct(r.utilization)}`,
    `  lost work    ${gpuHours(r.lostGpuSeconds)}   restarts ${n(r.restarts)}   preemptions ${n(r.preemptions)}`,
    `  events       ${n(r.events)} (${n(r.rounds)} scheduling rounds)${r.wallSeconds ? ` in ${r.wallSeconds.toFixed(2)} s, ${n(r.eventsPerSecond)}/s` : ''}`,
  ].join('\n');
}

/**
 * One row a policy. When jobs did not finish, a `never fit` and a `left waiting` column, and the
 * reasons under the table (the same for every policy: the cluster and the workload decide them).
 */
export function formatTable(reports: readonly SimReport[]): string {
  const unfinished = reports.some((r) => r.completed < r.jobs);
  const head = ['policy', 'completed', ...(unfinished ? ['never fit', 'left waiting'] : []), 'avg JCT', 'p50 JCT', 'p99 JCT', 'makespan', 'util', 'lost GPU-h', 'preempt', 'wall s'];
  const rows = reports.map((r) => [
    r.policy,
    `${n(r.completed)}/${n(r.jobs)}`,
    ...(unfinished ? [n(r.neverFit?.jobs ?? 0), n(r.leftWaiting?.jobs ?? 0)] : []),
    fmt(r.avgJctSeconds),
    fmt(r.p50JctSeconds),
    fmt(r.p99JctSeconds),
    fmt(r.makespanSeconds),
    pct(r.utilization),
    n(Math.round(r.lostGpuSeconds / 3600)),
    n(r.preemptions),
    r.wallSeconds.toFixed(2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const never = reports.length > 0 ? neverFitLine(reports[0]!) : undefined;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ...(never ? ['', never] : [])].join('\n');
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
  if (err instanceof FileSpecError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
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
    .requiredOption('--workload <file>', 'workload file (trace: or generator: gavel) or a job list (YAML or JSONL)')
    .option('--seed <n>', 'seed of the random draws (failures)', '0')
    .option('--round-seconds <s>', 'round length for time-sharing policies (default 360)')
    .option('--placement <name>', 'placement strategy for built-in policies (best-fit, spread, topology-aware)')
    .option('--max-jobs <n>', 'only the first N jobs of the workload (by arrival)')
    .option('--no-timing', 'write wallSeconds and eventsPerSecond as 0, for byte-identical reports');
}

/** The options and action of one run: `openclaw sim ...` itself, and `openclaw sim run ...`. */
function oneRun(cmd: Command): Command {
  return common(cmd)
    .option('--policy <name|path>', "built-in policy name or a .ts/.js policy file (default: the cluster file's policy, else fifo)")
    .option('--json <file>', 'write the JSON report')
    .option('--events <file>', 'write the event log (JSONL) for replay in the views')
    .option('--explain <job>', "print one job's story: arrival, why it waited, where it ran")
    .action(async (o: SimFlags) => {
      try {
        const inputs = loadInputs(o);
        const policy = await loadPolicy(o.policy ?? inputs.clusterPolicy, o.placement, '--policy');
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
}

export function registerSim(program: Command): void {
  // The run's options belong to `sim` itself, so that `openclaw sim --help` lists them; positional,
  // so that those after `compare` are compare's.
  const sim = oneRun(program.command('sim').description('run a workload on the built-in cluster simulator (`sim compare`: several policies)'))
    .enablePositionalOptions()
    .helpCommand(true); // commander adds `sim help compare` only to commands without an action of their own
  // `openclaw sim run ...`, as earlier versions (and the extension's Compare Policies) call it.
  oneRun(sim.command('run', { hidden: true }).description('run one policy (the same as `openclaw sim`)'));

  common(sim.command('compare').description('run several policies on the same inputs and print one table'))
    .requiredOption('--policies <list>', 'comma-separated policy names or files, e.g. fifo,las,sjf')
    .option('--json <file>', 'write the reports as a JSON array')
    .action(async (o: SimFlags & { policies: string }) => {
      try {
        const names = o.policies.split(',').map((s) => s.trim()).filter(Boolean);
        if (names.length === 0) throw new UsageError('--policies: expected a comma-separated list such as fifo,las');
        const policies: Policy[] = [];
        for (const [i, name] of names.entries()) policies.push(await loadPolicy(name, o.placement, names.length > 1 ? `--policies (entry ${i + 1})` : '--policies'));
        const inputs = loadInputs(o);
        const reports = policies.map((p) => runOne(inputs, p, { timing: o.timing }).report);
        if (o.json) writeFileSync(o.json, JSON.stringify(reports) + '\n');
        const r0 = reports[0]!; // one report per policy, and there is at least one
        process.stdout.write(`${r0.workload} (${n(r0.jobs)} jobs) on ${r0.cluster} (${n(countDevices(inputs.cluster))} devices), seed ${r0.seed}\n\n${formatTable(reports)}\n`);
      } catch (err) {
        fail(err);
      }
    });
}
