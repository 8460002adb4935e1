/**
 * A fleet of node agents in one process, for bench/controller.bench.ts: `count` real agent gRPC
 * servers (agent/server.ts) on loopback ports, each with its own workdir and token. Prints one JSON
 * line {ready: [{name, port, tokenFile}]}; reads commands from stdin: `kill NAME` stops one agent
 * abruptly (it no longer answers), `exit` stops them all.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startAgent, type RunningAgent } from '../agent/server';

async function main(): Promise<void> {
  const [prefix, countArg, dir] = process.argv.slice(2);
  const count = Number(countArg);
  const agents = new Map<string, RunningAgent>();
  const ready: { name: string; port: number; tokenFile: string }[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${prefix}${i}`;
    const workdir = join(dir!, name);
    mkdirSync(workdir, { recursive: true });
    const tokenFile = join(workdir, 'token');
    writeFileSync(tokenFile, randomBytes(16).toString('hex') + '\n', { mode: 0o600 });
    const a = await startAgent({ listen: '127.0.0.1:0', workdir, tokenFile, name });
    agents.set(name, a);
    ready.push({ name, port: a.port, tokenFile });
  }
  process.stdout.write(JSON.stringify({ ready }) + '\n');
  for await (const line of createInterface({ input: process.stdin })) {
    const [cmd, name] = line.trim().split(/\s+/);
    if (cmd === 'kill' && agents.has(name!)) {
      void agents.get(name!)!.close();
      agents.delete(name!);
      process.stdout.write(JSON.stringify({ killed: name }) + '\n');
    } else if (cmd === 'exit') {
      break;
    }
  }
  await Promise.all([...agents.values()].map((a) => a.close()));
  process.exit(0);
}

void main();
