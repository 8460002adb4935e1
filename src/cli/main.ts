/**
 * The whole `openclaw` command (dist/cli-main.js). `openclaw sim` runs from a bundle of its own
 * (sim-main.ts), which launch.ts picks; this one still answers it, loading only the simulator.
 */
import { runCli } from './program';
import { registerSim } from './sim';

runCli((program) => {
  registerSim(program);
  // `openclaw sim` needs nothing of the job manager, the agent or Slurm: their modules (gRPC among
  // them) are loaded, and their top levels run, only for the other commands.
  if (process.argv[2] === 'sim') return;
  /* eslint-disable @typescript-eslint/no-require-imports */
  (require('./run') as typeof import('./run')).registerRun(program);
  (require('./agent') as typeof import('./agent')).registerAgentCommand(program);
  (require('./jobs') as typeof import('./jobs')).registerJobs(program);
  (require('./logs') as typeof import('./logs')).registerLogs(program);
  (require('./metrics') as typeof import('./metrics')).registerMetrics(program);
  (require('./cancel') as typeof import('./cancel')).registerCancel(program);
  (require('./submit') as typeof import('./submit')).registerSubmit(program);
  (require('./serve') as typeof import('./serve')).registerServe(program);
  (require('./drain') as typeof import('./drain')).registerDrain(program);
  (require('./forecast') as typeof import('./forecast')).registerForecast(program);
  (require('./usage') as typeof import('./usage')).registerUsage(program);
  (require('./slurm-command') as typeof import('./slurm-command')).registerSlurm(program);
  /* eslint-enable @typescript-eslint/no-require-imports */
});
