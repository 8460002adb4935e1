/** Connect, switch and disconnect: the cluster picker, "Start Local Simulator", and connecting on demand. */
import * as vscode from 'vscode';
import { parseChoice, pickCluster, type ClusterChoice } from './clusters';
import type { Connection, Session } from './session';
import { readSettings } from './settings';

export async function connectTo(session: Session, choice: ClusterChoice): Promise<Connection | undefined> {
  try {
    return await session.connect(choice);
  } catch (err) {
    if (err instanceof vscode.CancellationError) return undefined;
    const message = (err as Error).message.split('\n')[0];
    const actions = choice.kind === 'file' ? ['Open Cluster File', 'Select Another'] : ['Select Another'];
    void vscode.window.showErrorMessage(`OpenClaw could not connect: ${message}`, ...actions).then((a) => {
      if (a === 'Open Cluster File' && choice.kind === 'file') void vscode.window.showTextDocument(vscode.Uri.file(choice.path));
      if (a === 'Select Another') void vscode.commands.executeCommand('openclaw.selectCluster');
    });
    return undefined;
  }
}

/** The connected cluster, or the configured default, or the local simulator (what a newcomer needs). */
export async function ensureConnected(session: Session): Promise<Connection | undefined> {
  const pending = session.pending;
  if (pending) {
    const connection = await pending.catch(() => undefined);
    if (connection) return connection;
  }
  if (session.connection) return session.connection;
  const choice = parseChoice(readSettings().defaultCluster) ?? { kind: 'preset', preset: readSettings().simulatorPreset };
  return connectTo(session, choice);
}

export function startSimulator(session: Session, preset?: string): Promise<Connection | undefined> {
  return connectTo(session, { kind: 'preset', preset: preset ?? readSettings().simulatorPreset });
}

/** From the picker, or directly with a cluster file (explorer context menu, tests) or a `simulator:<preset>` string. */
export async function selectCluster(session: Session, arg?: vscode.Uri | string): Promise<Connection | undefined> {
  let choice: ClusterChoice | undefined;
  if (arg instanceof vscode.Uri) choice = { kind: 'file', path: arg.fsPath };
  else if (typeof arg === 'string') choice = parseChoice(arg);
  else choice = await pickCluster(session.connection?.choice);
  return choice ? connectTo(session, choice) : undefined;
}
