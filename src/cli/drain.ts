/** `openclaw drain NODE -c FILE [--undo]`: an admin of a control plane takes a node out of scheduling (or back). */
import type { Command } from 'commander';
import { reportError } from './cli-errors';
import { withServer } from './server-client';

export function registerDrain(program: Command): void {
  program
    .command('drain')
    .description("take a node out of a control plane's scheduling (admins); what runs there runs on")
    .argument('<node>', 'node name')
    .requiredOption('-c, --cluster <file>', "the control plane's cluster file (backend: server)")
    .option('--undo', 'put the node back into scheduling')
    .action(async (node: string, flags: { cluster: string; undo?: boolean }) => {
      try {
        const state = await withServer(flags.cluster, (c) => c.drainNode(node, !flags.undo));
        process.stdout.write(`node ${node}: ${state}\n`);
      } catch (err) {
        process.exitCode = reportError(err);
      }
    });
}
