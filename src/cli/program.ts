/**
 * The `openclaw` program around its commands: parsing, the checks commander leaves to the action,
 * and one line (no stack trace) for whatever goes wrong. Shared by the whole CLI (main.ts) and the
 * simulator's own bundle (sim-main.ts), so that `openclaw sim` answers the same from either.
 */
import { Command, CommanderError, type Option } from 'commander';
import { version } from '../../package.json';
import { didYouMean } from './suggest';

/** Builds the program, lets `register` add its commands, and runs the command line. */
export function runCli(register: (program: Command) => void): void {
  const program = new Command('openclaw')
    .description('Schedule, run and simulate distributed training across GPU clusters.')
    .version(version)
    .exitOverride()
    // Each command's options follow its name: `sim --cluster` is sim's, `sim compare --cluster` compare's.
    .enablePositionalOptions()
    // One line: commander puts its "(Did you mean ...?)" on a second one.
    .configureOutput({ outputError: (str, write) => write(str.trim().replace(/\s*\n\(Did you mean (.*)\?\)/, ' (did you mean $1?)').split('\n')[0] + '\n') });

  register(program);
  requireLater(program);
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
}

/**
 * Commander checks required options before unknown ones, so `--clustr x` would be answered with
 * "--cluster not specified"; checked just before the action instead, a typo gets its suggestion.
 */
function requireLater(program: Command): void {
  const required = new Set<Option>();
  const collect = (cmd: Command): void => {
    for (const o of cmd.options) {
      if (!o.mandatory) continue;
      o.mandatory = false;
      required.add(o);
    }
    cmd.commands.forEach(collect);
  };
  collect(program);
  program.hook('preAction', (_program, action) => {
    for (const o of action.options) {
      if (required.has(o) && action.getOptionValue(o.attributeName()) === undefined) {
        action.error(`error: required option '${o.flags}' not specified`, { code: 'commander.missingMandatoryOptionValue' });
      }
    }
  });
}

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
