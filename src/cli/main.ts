/**
 * The whole `openclaw` command (dist/cli-main.js): every command, `sim` among them for the help and
 * for a run of this bundle by itself. launch.ts hands `openclaw sim` to the simulator's own bundle
 * (sim-main.ts), so none of the modules below is read for a simulation.
 */
import { registerAgentCommand } from './agent';
import { registerCancel } from './cancel';
import { registerDrain } from './drain';
import { registerForecast } from './forecast';
import { registerJobs } from './jobs';
import { registerLogs } from './logs';
import { registerMetrics } from './metrics';
import { runCli } from './program';
import { registerRun } from './run';
import { registerServe } from './serve';
import { registerSim } from './sim';
import { registerSlurm } from './slurm-command';
import { registerSubmit } from './submit';
import { registerUsage } from './usage';

runCli((program) => {
  registerSim(program);
  registerRun(program);
  registerAgentCommand(program);
  registerJobs(program);
  registerLogs(program);
  registerMetrics(program);
  registerCancel(program);
  registerSubmit(program);
  registerServe(program);
  registerDrain(program);
  registerForecast(program);
  registerUsage(program);
  registerSlurm(program);
});
