/** `openclaw forecast SPEC -c FILE`: when a job would start if submitted to a control plane now. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadJobSpec } from '../controller/spec-loader';
import { reportError, requireFile } from './cli-errors';
import { withServer } from './server-client';
import { formatElapsed } from '../core/duration';

export function registerForecast(program: Command): void {
  program
    .command('forecast')
    .description("say when a job would start if submitted to a team's control plane now (the live queue, simulated)")
    .argument('<spec>', 'job spec (*.claw.yaml)')
    .requiredOption('-c, --cluster <file>', "the control plane's cluster file (backend: server)")
    .action(async (specArg: string, flags: { cluster: string }) => {
      try {
        requireFile(specArg);
        const spec = loadJobSpec(resolve(specArg));
        const { f, simulated } = await withServer(flags.cluster, async (c) => ({ f: await c.forecast(spec), simulated: c.backendKind === 'simulator' }));
        const when = f.startInSeconds === undefined ? 'would not start with the jobs there now' : f.startInSeconds < 1 ? 'would start at once' : `would start in about ${formatElapsed(f.startInSeconds)}${simulated ? ' of simulated time' : ''}`;
        process.stdout.write(`${spec.name} ${when}\n  (${f.basis})\n`);
      } catch (err) {
        process.exitCode = reportError(err);
      }
    });
}
