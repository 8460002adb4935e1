import { Command, CommanderError } from 'commander';
import { version } from '../../package.json';
import { registerSim } from './sim';
import { registerAgentCommand } from './agent';

const program = new Command('openclaw')
  .description('Schedule, run and simulate distributed training across GPU clusters.')
  .version(version)
  .exitOverride()
  .configureOutput({ outputError: (str, write) => write(str.split('\n')[0] + '\n') });

registerSim(program);
program.command('run').description('run a job spec on a cluster and follow it until it ends');
registerAgentCommand(program);
program.command('jobs').description('list jobs');
program.command('logs').description("show a job's logs");

try {
  program.parse(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exit(err.exitCode === 0 ? 0 : 2);
  }
  throw err;
}
