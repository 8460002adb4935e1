/**
 * `openclaw` as it ships: dist/cli.js hands `openclaw sim` to cli-sim.js (which loads
 * cli-policy-compilers.js for a policy file) and every other command to cli-main.js. Copies of the
 * CLI take all of them.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';

export const CLI_BUNDLES = ['cli.js', 'cli-main.js', 'cli-sim.js', 'cli-policy-compilers.js'] as const;

/** Copies the CLI's bundles from `dist` into the folder `to` (which exists). */
export function copyCli(dist: string, to: string): void {
  for (const b of CLI_BUNDLES) copyFileSync(join(dist, b), join(to, b));
}
