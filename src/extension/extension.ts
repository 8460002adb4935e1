import type * as vscode from 'vscode';
import { activateOpenClaw, type OpenClawApi } from './activation';
import { registerPanelCommands } from './webviews/commands';

let active: OpenClawApi | undefined;

export function activate(context: vscode.ExtensionContext): OpenClawApi {
  const openclaw = (active = activateOpenClaw(context));
  // The panels (device map, job detail, simulation report, time travel, policy debugger) load on first use.
  registerPanelCommands(context, openclaw);
  return openclaw;
}

/** Lets the job manager finish its journal writes before the extension host goes away. */
export function deactivate(): Promise<void> | undefined {
  return active?.session.disconnect();
}
