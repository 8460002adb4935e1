import { Command, CommanderError } from 'commander';
import { version } from '../../package.json';

const program = new Command('openclaw')
  .description('Schedule, run and simulate distributed training across GPU clusters.')
  .version(version)
  .exitOverride()
  .configureOutput({ outputError: (str, write) => write(str.split('\n')[0] + '\n') });

program.command('sim').description('run a workload on the built-in cluster simulator');
program.command('run').description('run a job spec on a cluster and follow it until it ends');
program.command('agent').description('start a node agent');
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
