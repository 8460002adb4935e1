/**
 * `openclaw run JOB.claw.yaml --cluster CLUSTER.yaml [--state-dir DIR]`: runs the job manager in the
 * foreground until the job ends, streaming rank output with a rank prefix. Exit code 0 only when the
 * job succeeded. Started again on the same state folder while the job is unfinished, it re-attaches
 * to that job instead of submitting it twice.
 */
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { JobRecord } from '../core/job';
import { policyOf } from '../core/cluster-file';
import { isTerminal } from '../core/job-state';
import { createController } from '../controller/factory';
import { RemoteController } from '../controller/remote-controller';
import { formatReport } from '../controller/job-report';
import { loadClusterFile, loadJobSpec } from '../controller/spec-loader';
import { loadPolicyFile, PolicyFileError } from '../controller/policy-loader';
import { isPolicyName } from '../scheduler/policies';
import { DEFAULT_STATE_DIR, reportError, requireFile, UsageError } from './cli-errors';

interface RunFlags {
  cluster: string;
  stateDir: string;
  quiet?: boolean;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run a job spec on a cluster and follow it until it ends')
    .argument('<spec>', 'job spec (*.claw.yaml)')
    .requiredOption('-c, --cluster <file>', 'cluster file (*.cluster.yaml)')
    .option('--state-dir <dir>', 'folder of the journal, logs and reports', DEFAULT_STATE_DIR)
    .option('-q, --quiet', 'do not stream rank output')
    .action(async (spec: string, flags: RunFlags) => {
      process.exitCode = await run(spec, flags);
    });
}

function say(line: string): void {
  process.stderr.write(`openclaw: ${line}\n`);
}

async function run(specArg: string, flags: RunFlags): Promise<number> {
  let controller;
  let job: JobRecord;
  const specPath = resolve(specArg);
  try {
    requireFile(specArg);
    requireFile(flags.cluster, '--cluster');
    const spec = loadJobSpec(specPath);
    const clusterPath = resolve(flags.cluster);
    const cluster = loadClusterFile(clusterPath);
    // A policy file the cluster file names runs here: the terminal is the user's own (the extension checks trust).
    const policyName = policyOf(cluster);
    const policyFile = policyName !== undefined && !isPolicyName(policyName) ? resolve(dirname(clusterPath), policyName) : undefined;
    const policy = policyFile ? await loadPolicyFile(policyFile).catch((err: unknown) => Promise.reject(err instanceof PolicyFileError ? new UsageError(`${flags.cluster}: policy: ${err.message.split('\n')[0]}`) : err)) : undefined;
    controller = await createController(cluster, { stateDir: resolve(flags.stateDir), baseDir: dirname(clusterPath), policy });
    // On a control plane, only one's own job is re-attached to (another member may use the same path).
    const me = controller instanceof RemoteController ? controller.user : undefined;
    const unfinished = controller.jobs().find((j) => j.specPath === specPath && !isTerminal(j.state) && (me === undefined || j.spec.user === me));
    if (unfinished) {
      job = unfinished;
      if (controller instanceof RemoteController) controller.follow(job.id);
      say(`re-attached to job ${job.id} (${job.state}, attempt ${job.attempt})`);
    } else {
      job = await controller.submit(spec, specPath);
      if (controller instanceof RemoteController) controller.follow(job.id);
      say(`submitted job ${job.id} to the ${controller.backendKind} backend`);
    }
  } catch (err) {
    await controller?.dispose().catch(() => undefined);
    return reportError(err);
  }
  const c = controller;
  const id = job.id;
  let last = '';
  let neverFits: string | undefined;
  c.onChange((ch) => {
    // A job larger than the cluster would wait forever: say why, cancel it, and exit 2.
    if (ch.kind === 'job' && ch.job.id === id && ch.job.state === 'queued' && ch.job.neverFits && neverFits === undefined) {
      neverFits = ch.job.neverFits;
      void c.cancel(id, 'it can never start on this cluster');
    }
    if (ch.kind === 'log' && ch.jobId === id && !flags.quiet) process.stdout.write(`[rank ${ch.rank}] ${ch.line}\n`);
    if (ch.kind === 'job' && ch.job.id === id) {
      const j = ch.job;
      const t = j.history.at(-1);
      const line = `${j.state}${t?.reason ? `: ${t.reason}` : ''}${j.state === 'queued' && j.waitReason ? ` (${j.waitReason})` : ''}`;
      if (line !== last) say(`job ${id} ${(last = line)}`);
    }
    if (ch.kind === 'cluster') {
      const bad = ch.nodes.filter((n) => n.state !== 'ready').map((n) => `${n.name} ${n.state}`);
      if (bad.length) say(`nodes: ${bad.join(', ')}`);
    }
  });
  // Ctrl-C cancels the job (its ranks are torn down) and then exits.
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    say(`cancelling job ${id} (Ctrl-C again to leave it running)`);
    void c.cancel(id, 'interrupted (Ctrl-C)');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const end = await c.waitForEnd(id);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  const report = c.report(id);
  if (report) process.stderr.write(formatReport(report) + '\n');
  if (end.reportPath) say(`report: ${end.reportPath}`);
  await c.dispose();
  if (neverFits !== undefined) {
    process.stderr.write(`openclaw: job ${id} can never start on this cluster: ${neverFits}; it was cancelled (edit the spec's resources or pick another --cluster)\n`);
    return 2;
  }
  return end.state === 'succeeded' ? 0 : interrupted ? 130 : 1;
}
