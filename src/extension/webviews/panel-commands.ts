/**
 * Each panel and the commands its host registers, typed: activation registers a light stub for
 * every one of them (commands.ts) and a host can register only its own panel's (CommandRegistrar<P>).
 * Imports nothing of the hosts, so the stubs and the hosts' bundle do not import each other.
 */
import type * as vscode from 'vscode';

export const PANELS = {
  deviceMap: ['openclaw.showDeviceMap'],
  jobDetail: ['openclaw.showJobDetail', 'openclaw.compareMetrics'],
  checkpoint: ['openclaw.showCheckpointContents', 'openclaw.compareCheckpoints'],
  simReport: ['openclaw.openSimReport', 'openclaw.comparePolicies'],
  timeTravel: ['openclaw.openTimeTravel'],
  policyDebugger: ['openclaw.debugPolicy'],
} as const;

export type PanelName = keyof typeof PANELS;
export type PanelCommand<P extends PanelName = PanelName> = (typeof PANELS)[P][number];

/** Every panel command, for the stubs activation registers. */
export const PANEL_COMMANDS: readonly PanelCommand[] = Object.values(PANELS).flat();

// Handlers take whatever VS Code or a caller passes to a command.
export type CommandHandler = (...args: any[]) => unknown;

/** How the host of panel P registers its commands: only P's. */
export interface CommandRegistrar<P extends PanelName = PanelName> {
  register(id: PanelCommand<P>, handler: CommandHandler): vscode.Disposable;
}
