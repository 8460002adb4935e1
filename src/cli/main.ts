import { Command, CommanderError } from 'commander';
import { version } from '../../package.json';
import { registerSim } from './sim';
import { registerAgentCommand } from './agent';
import { registerCancel } from './cancel';
import { registerJobs } from './jobs';
import { registerLogs } from './logs';
import { registerRun } from './run';
import { registerSlurm } from './slurm-command';

const program = new Command('openclaw')
  .description('Schedule, run and simulate distributed training across GPU clusters.')
  .version(version)
  .exitOverride()
  .configureOutput({ outputError: (str, write) => write(str.split('\n')[0] + '\n') });

registerSim(program);
registerRun(program);
registerAgentCommand(program);
registerJobs(program);
registerLogs(program);
registerCancel(program);
registerSlurm(program);

try {
  program.parse(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exit(err.exitCode === 0 ? 0 : 2);
  }
  throw err;
}
