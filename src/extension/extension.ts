import * as vscode from 'vscode';
import { activateOpenClaw, type OpenClawApi } from './activation';
import { registerDeviceMap } from './webviews/device-map-host';
import { registerJobDetail } from './webviews/job-detail-host';
import { registerPolicyDebugger } from './webviews/policy-debug';
import { registerSimReport } from './webviews/sim-report-host';
import { registerTimeTravel } from './webviews/time-travel-host';

let active: OpenClawApi | undefined;

export function activate(context: vscode.ExtensionContext): OpenClawApi {
  const openclaw = (active = activateOpenClaw(context));
  // Webview panels register below, one line each, e.g. registerDeviceMap(context, openclaw).
  registerDeviceMap(context, openclaw);
  registerJobDetail(context, openclaw);
  registerSimReport(context, openclaw);
  registerTimeTravel(context);
  registerPolicyDebugger(context, openclaw);
  return openclaw;
}

/** Lets the job manager finish its journal writes before the extension host goes away. */
export function deactivate(): Promise<void> | undefined {
  return active?.session.disconnect();
}
