// The node agent entry point (dist/agent.js): the same daemon as `openclaw agent`.
import { Command, CommanderError } from 'commander';
import { defineAgentCommand } from './command';

const program = defineAgentCommand(new Command('openclaw-agent'))
  .exitOverride()
  .configureOutput({ outputError: (str, write) => write(str.split('\n')[0] + '\n') });
program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2);
  throw err;
});
