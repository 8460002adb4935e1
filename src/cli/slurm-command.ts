/**
 * `openclaw slurm simulate --cluster FILE [--policy NAME] [--json]`: the live Slurm cluster's shape
 * and queue replayed in the simulator, with a predicted start time for every pending job.
 */
import type { Command } from 'commander';
import { simulateSlurmCluster, type ClusterSimulation } from '../controller/backends/slurm/simulate';
import { loadClusterFile } from '../controller/spec-loader';
import { SpecError } from '../core/errors';
import { formatElapsed } from '../core/duration';
import { reportError, requireFile } from './cli-errors';

const clock = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

/** The table the command prints. */
export function formatSimulation(sim: ClusterSimulation): string {
  const nodes = sim.shape.nodes.reduce((n, g) => n + g.count, 0);
  const lines = [
    `Slurm partition ${sim.partition}: ${nodes} usable node${nodes === 1 ? '' : 's'}, ${sim.schedulerType} simulated as ${sim.policy}; ` +
      `${sim.running} running, ${sim.pending.length} pending (read ${clock(sim.at)})`,
  ];
  if (sim.pending.length === 0) {
    lines.push('No pending jobs.');
    return lines.join('\n') + '\n';
  }
  const rows = [['JOB', 'NAME', 'USER', 'ASKS', 'LIMIT', 'PREDICTED START', "SLURM'S ESTIMATE"]];
  for (const p of sim.pending) {
    const start = p.predictedStart === null ? 'never (does not fit)' : p.predictedStart <= sim.at ? 'now' : `in ${formatElapsed((p.predictedStart - sim.at) / 1000)} (${clock(p.predictedStart)})`;
    rows.push([
      p.slurmId,
      p.name ?? '',
      p.user ?? '',
      `${p.devices} x ${p.deviceModel}${p.nodes > 1 ? ` on ${p.nodes} nodes` : ''}`,
      formatElapsed(p.runSeconds),
      start,
      p.slurmEstimate !== undefined ? clock(p.slurmEstimate) : '-',
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) lines.push(r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
  return lines.join('\n') + '\n';
}

export function registerSlurm(program: Command): void {
  const slurm = program.command('slurm').description('work with a Slurm cluster');
  slurm
    .command('simulate')
    .description("predict when each pending job of a Slurm partition starts, by simulating the live cluster's shape and queue")
    .requiredOption('--cluster <file>', 'a cluster file with `backend: slurm`')
    .option('--policy <name>', "a built-in policy instead of the cluster's own (sched/backfill -> backfill, sched/builtin -> fifo)")
    .option('--json', 'print the prediction as JSON')
    .action(async (flags: { cluster: string; policy?: string; json?: boolean }) => {
      try {
        requireFile(flags.cluster, '--cluster');
        const cluster = loadClusterFile(flags.cluster);
        if (cluster.backend !== 'slurm') {
          throw new SpecError(flags.cluster, [{ path: 'backend', message: `expected "slurm", got "${cluster.backend}"` }]);
        }
        const sim = await simulateSlurmCluster(cluster, { policy: flags.policy });
        if (flags.json) {
          const { report, ...rest } = sim;
          process.stdout.write(`${JSON.stringify({ ...rest, report: { policy: report.policy, jobs: report.jobs, completed: report.completed, makespanSeconds: report.makespanSeconds } }, null, 2)}\n`);
        } else process.stdout.write(formatSimulation(sim));
      } catch (err) {
        process.exitCode = reportError(err);
      }
    });
}
