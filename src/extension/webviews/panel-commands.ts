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

/**
 * The webview panel type each panel opens: a serializer for each (registered at activation, like the
 * command stubs) brings its panels back after a window reload. The policy debugger opens time travels.
 */
export const PANEL_VIEW_TYPES = {
  deviceMap: 'openclaw.deviceMap',
  jobDetail: 'openclaw.jobDetail',
  checkpoint: 'openclaw.checkpoint',
  simReport: 'openclaw.simReport',
  timeTravel: 'openclaw.timeTravel',
} as const;

export type PanelViewType<P extends PanelName = PanelName> = P extends keyof typeof PANEL_VIEW_TYPES ? (typeof PANEL_VIEW_TYPES)[P] : never;

/** Every panel command, for the stubs activation registers. */
export const PANEL_COMMANDS: readonly PanelCommand[] = Object.values(PANELS).flat();

// Handlers take whatever VS Code or a caller passes to a command.
export type CommandHandler = (...args: any[]) => unknown;

/**
 * Opens a panel again in `panel` (a window reload kept its tab) on the subject its page had saved:
 * unknown until the host has checked it.
 */
export type PanelRestorer = (panel: vscode.WebviewPanel, subject: unknown) => void | Thenable<void>;

/** How the host of panel P registers its commands and its panel's restorer: only P's. */
export interface CommandRegistrar<P extends PanelName = PanelName> {
  register(id: PanelCommand<P>, handler: CommandHandler): vscode.Disposable;
  restore(viewType: PanelViewType<P>, restorer: PanelRestorer): vscode.Disposable;
}
