/**
 * `openclaw` (dist/cli.js, the package's bin): hands the command line to the bundle that serves it.
 * `openclaw sim` goes to cli-sim.js, the simulator alone (a third of the whole CLI's code to read
 * and compile at start); every other command to cli-main.js. Both lie beside this file, and run with
 * the code V8 compiled for them in an earlier run (code-cache.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runBundle } from './code-cache';

const bundle = join(__dirname, process.argv[2] === 'sim' ? 'cli-sim.js' : 'cli-main.js');
if (!existsSync(bundle)) {
  process.stderr.write(`openclaw: ${bundle} is missing beside ${__filename}: rebuild (npm run build) or reinstall OpenClaw\n`);
  process.exit(1);
}
runBundle(bundle);
