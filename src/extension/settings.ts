/** The `openclaw.*` settings, read in one place with their defaults. */
import * as vscode from 'vscode';

export interface Settings {
  pythonPath: string;
  defaultCluster: string;
  clusters: string[];
  stateDir: string;
  simulatorPreset: string;
  simulatorSpeedup: number;
  heartbeatIntervalSeconds: number;
  heartbeatDeadAfterSeconds: number;
  logTailBytes: number;
  logFollow: boolean;
  refreshDelayMs: number;
  codeLensEnabled: boolean;
  showSidebarOnStartup: boolean;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('openclaw');
  return {
    pythonPath: c.get('pythonPath', 'python3') || 'python3',
    defaultCluster: c.get('defaultCluster', ''),
    clusters: c.get<string[]>('clusters', []),
    stateDir: c.get('stateDir', ''),
    simulatorPreset: c.get('simulator.preset', 'dgx-a100') || 'dgx-a100',
    simulatorSpeedup: c.get('simulator.speedup', 60),
    heartbeatIntervalSeconds: c.get('heartbeat.intervalSeconds', 1),
    heartbeatDeadAfterSeconds: c.get('heartbeat.deadAfterSeconds', 30),
    logTailBytes: c.get('logs.tailBytes', 65536),
    logFollow: c.get('logs.follow', true),
    refreshDelayMs: c.get('jobs.refreshDelayMs', 200),
    codeLensEnabled: c.get('codeLens.enabled', true),
    showSidebarOnStartup: c.get('showSidebarOnStartup', false),
  };
}

/** Where the job journal, logs and reports live: the setting, `.openclaw/` in the workspace, or the extension's storage. */
export function stateDir(context: vscode.ExtensionContext): string {
  const configured = readSettings().stateDir;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (configured) {
    if (configured.startsWith('/') || /^[A-Za-z]:[\\/]/.test(configured) || !folder) return configured;
    return vscode.Uri.joinPath(folder.uri, configured).fsPath;
  }
  if (folder && folder.uri.scheme === 'file') return vscode.Uri.joinPath(folder.uri, '.openclaw').fsPath;
  return (context.storageUri ?? context.globalStorageUri).fsPath;
}
