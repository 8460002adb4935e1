import { Command, CommanderError, type Option } from 'commander';
import { version } from '../../package.json';
import { registerSim } from './sim';
import { didYouMean } from './suggest';

const program = new Command('openclaw')
  .description('Schedule, run and simulate distributed training across GPU clusters.')
  .version(version)
  .exitOverride()
  // Each command's options follow its name: `sim --cluster` is sim's, `sim compare --cluster` compare's.
  .enablePositionalOptions()
  // One line: commander puts its "(Did you mean ...?)" on a second one.
  .configureOutput({ outputError: (str, write) => write(str.trim().replace(/\s*\n\(Did you mean (.*)\?\)/, ' (did you mean $1?)').split('\n')[0] + '\n') });

registerSim(program);
// `openclaw sim` needs nothing of the job manager, the agent or Slurm: their modules (gRPC among
// them) are loaded, and their top levels run, only for the other commands.
if (process.argv[2] !== 'sim') {
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
}

/**
 * Commander checks required options before unknown ones, so `--clustr x` would be answered with
 * "--cluster not specified"; checked just before the action instead, a typo gets its suggestion.
 */
const required = new Set<Option>();
function requireLater(cmd: Command): void {
  for (const o of cmd.options) {
    if (!o.mandatory) continue;
    o.mandatory = false;
    required.add(o);
  }
  cmd.commands.forEach(requireLater);
}
requireLater(program);
program.hook('preAction', (_program, action) => {
  for (const o of action.options) {
    if (required.has(o) && action.getOptionValue(o.attributeName()) === undefined) {
      action.error(`error: required option '${o.flags}' not specified`, { code: 'commander.missingMandatoryOptionValue' });
    }
  }
});

/**
 * A word where a subcommand goes, that names none: `openclaw simm`, `openclaw sim comprae`. (A
 * command that also runs by itself, as `sim` does, would otherwise take it for an operand.)
 */
function checkCommandWords(cmd: Command, args: readonly string[]): void {
  const [word, ...rest] = args;
  if (word === undefined || word.startsWith('-') || cmd.commands.length === 0) return;
  const sub = cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
  if (sub) return checkCommandWords(sub, rest);
  if (cmd.registeredArguments.length > 0 || word === 'help') return;
  const visible = cmd.createHelp().visibleCommands(cmd).map((c) => c.name());
  cmd.error(`error: unknown command '${word}'${didYouMean(word, visible)}`, { code: 'commander.unknownCommand' });
}

/**
 * Whatever escapes a command is still one line, without a stack trace (OPENCLAW_DEBUG=1 shows it):
 * exit 1, as for any failure that is not the input's fault.
 */
function crashed(err: unknown): void {
  if (process.env.OPENCLAW_DEBUG) process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  else process.stderr.write(`openclaw: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}\n`);
  process.exit(1);
}
process.on('uncaughtException', crashed);
process.on('unhandledRejection', crashed);

try {
  checkCommandWords(program, process.argv.slice(2));
  program.parse(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exit(err.exitCode === 0 ? 0 : 2);
  }
  crashed(err);
}
