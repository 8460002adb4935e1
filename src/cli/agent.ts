// `openclaw agent --listen HOST:PORT --workdir DIR [--token-file F] [--tls-cert F --tls-key F [--tls-ca F]]`
import type { Command } from 'commander';
import { defineAgentCommand } from '../../agent/command';

export function registerAgentCommand(program: Command): void {
  defineAgentCommand(program.command('agent'));
}
