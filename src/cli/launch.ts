/**
 * `openclaw` (dist/cli.js, the package's bin): hands the command line to the bundle that serves it.
 * `openclaw sim` goes to cli-sim.js, the simulator alone (a third of the whole CLI's code to read
 * and compile at start); every other command to cli-main.js. Both lie beside this file.
 */
import { join } from 'node:path';

const bundle = join(__dirname, process.argv[2] === 'sim' ? 'cli-sim.js' : 'cli-main.js');
try {
  require.resolve(bundle);
} catch {
  process.stderr.write(`openclaw: ${bundle} is missing beside ${__filename}: rebuild (npm run build) or reinstall OpenClaw\n`);
  process.exit(1);
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
require(bundle);
