// The `agent` command's options and what it does, shared by `openclaw agent` and dist/agent.js.
import { Command, InvalidArgumentError } from 'commander';
import { StartRefused, type AgentArgs } from './options';
import { startAgent } from './server';

function nonNegativeInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number of milliseconds');
  return n;
}

/** Adds the agent's options and action to `cmd` (a sub-command, or a program of its own). */
export function defineAgentCommand(cmd: Command): Command {
  return cmd
    .description('start a node agent: runs ranks for a job manager, serves their logs, metrics and checkpoints over gRPC')
    .requiredOption('--listen <host:port>', 'address to listen on; only loopback unless TLS and a token are both given')
    .requiredOption('--workdir <dir>', 'folder for rank records, logs and the generated token')
    .option('--token-file <file>', 'file holding the shared token (at least 32 characters); made in the workdir when absent')
    .option('--tls-cert <file>', 'PEM certificate chain for TLS')
    .option('--tls-key <file>', 'PEM private key for TLS')
    .option('--tls-ca <file>', 'PEM CA bundle: when given, clients must present a certificate it signed')
    .option('--name <name>', 'node name reported to the manager (default: the host name)')
    .option('--checkpoint-settle-ms <ms>', 'a checkpoint modified more recently is reported as still being written', nonNegativeInt)
    .option('--lease-grace-ms <ms>', 'how long a silent manager keeps its jobs: until then another manager may not kill or forget them (default 60000)', nonNegativeInt)
    .action(async (flags: AgentArgs) => {
      try {
        const agent = await startAgent(flags);
        // A daemon whose ranks outlive it must not end on one stray rejection: say it, keep serving.
        process.on('unhandledRejection', (err) => {
          process.stderr.write(`openclaw agent: internal error, kept running: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        });
        process.stderr.write(`openclaw agent ${agent.config.name}: listening on ${agent.address} (instance ${agent.instanceId}, token in ${agent.config.tokenPath})\n`);
        const stop = (sig: string) => {
          process.stderr.write(`openclaw agent: ${sig}, stopping (running ranks keep running and are found again at the next start)\n`);
          void agent.close().then(() => process.exit(0));
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      } catch (err) {
        if (err instanceof StartRefused) {
          process.stderr.write(`openclaw agent: ${err.message}\n`);
          process.exit(2);
        }
        process.stderr.write(`openclaw agent: ${(err as Error).message}\n`);
        process.exit(1);
      }
    });
}
