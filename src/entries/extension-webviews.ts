/**
 * The panel hosts, bundled apart as dist/extension-webviews.js and loaded on the first panel command
 * (src/extension/webviews/commands.ts), so that activation does not parse them.
 */
import type * as vscode from 'vscode';
import type { OpenClawApi } from '../extension/activation';
import type { CommandRegistrar } from '../extension/webviews/commands';
import { registerDeviceMap } from '../extension/webviews/device-map-host';
import { registerJobDetail } from '../extension/webviews/job-detail-host';
import { registerPolicyDebugger } from '../extension/webviews/policy-debug';
import { registerSimReport } from '../extension/webviews/sim-report-host';
import { registerTimeTravel } from '../extension/webviews/time-travel-host';

export function registerPanels(context: vscode.ExtensionContext, api: OpenClawApi, commands: CommandRegistrar): void {
  registerDeviceMap(context, api, commands);
  registerJobDetail(context, api, commands);
  registerSimReport(context, api, commands);
  registerTimeTravel(context, commands);
  registerPolicyDebugger(context, api, commands);
}
