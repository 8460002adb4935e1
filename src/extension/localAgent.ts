/**
 * "Start Local Agent and Connect": runs the bundled node agent on 127.0.0.1 in a terminal of its own
 * (a fresh random token, its work folder under the state folder), writes `local.cluster.yaml` beside
 * it and connects. The same spec then runs real processes on this machine.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { connectTo } from './connectCommands';
import type { Session } from './session';
import { stateDir } from './settings';
import { requireTrust } from './trust';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export async function startLocalAgent(context: vscode.ExtensionContext, session: Session): Promise<vscode.Uri | undefined> {
  if (!requireTrust('start an agent')) return undefined;
  // Until the agent is connected, a launch waits for it rather than going to the cluster being left.
  return session.whileConnecting(startAndConnect(context, session));
}

async function startAndConnect(context: vscode.ExtensionContext, session: Session): Promise<vscode.Uri> {
  const dir = join(stateDir(context), 'local-agent');
  mkdirSync(join(dir, 'work'), { recursive: true });
  const tokenFile = join(dir, 'agent.token');
  writeFileSync(tokenFile, randomBytes(32).toString('hex'), { mode: 0o600 });
  const port = await freePort();
  const agentJs = vscode.Uri.joinPath(context.extensionUri, 'dist', 'agent.js').fsPath;
  const terminal = vscode.window.createTerminal({
    name: 'OpenClaw agent',
    shellPath: process.execPath,
    shellArgs: [agentJs, '--listen', `127.0.0.1:${port}`, '--workdir', join(dir, 'work'), '--token-file', tokenFile],
    // The extension host's executable is Electron in desktop VS Code: run it as Node.
    env: { ELECTRON_RUN_AS_NODE: '1' },
    iconPath: new vscode.ThemeIcon('vm-running'),
    isTransient: true,
  });
  terminal.show(true);
  const clusterFile = join(dir, 'local.cluster.yaml');
  writeFileSync(
    clusterFile,
    [
      '# Written by OpenClaw: Start Local Agent and Connect',
      'backend: agents',
      'name: local',
      'agents:',
      `  - {name: ${JSON.stringify(hostname().split('.')[0] || 'local')}, address: "127.0.0.1:${port}", tokenFile: agent.token}`,
      'heartbeat: {intervalSeconds: 1, deadAfterSeconds: 10}',
      '',
    ].join('\n'),
  );
  // The agent needs a moment to listen; the connection retries inside the backend, and here once more.
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      await session.connect({ kind: 'file', path: clusterFile });
      return vscode.Uri.file(clusterFile);
    } catch (err) {
      if (attempt === 19 || err instanceof vscode.CancellationError) break;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  await connectTo(session, { kind: 'file', path: clusterFile });
  return vscode.Uri.file(clusterFile);
}
