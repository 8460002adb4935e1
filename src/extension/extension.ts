import * as vscode from 'vscode';
import { activateOpenClaw, type OpenClawApi } from './activation';

export function activate(context: vscode.ExtensionContext): OpenClawApi {
  const openclaw = activateOpenClaw(context);
  // Webview panels register below, one line each, e.g. registerDeviceMap(context, openclaw).
  return openclaw;
}

export function deactivate(): void {}
