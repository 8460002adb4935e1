/** Registers every panel host's commands; runs when the panels' bundle loads (see commands.ts). */
import type * as vscode from 'vscode';
import type { OpenClawApi } from '../activation';
import type { CommandRegistrar } from './panel-commands';
import { registerCheckpointPanel } from './checkpoint-host';
import { registerDeviceMap } from './device-map-host';
import { registerJobDetail } from './job-detail-host';
import { registerPolicyDebugger } from './policy-debug';
import { registerSimReport } from './sim-report-host';
import { registerTimeTravel } from './time-travel-host';

export function registerPanels(context: vscode.ExtensionContext, api: OpenClawApi, commands: CommandRegistrar): void {
  registerDeviceMap(context, api, commands);
  registerJobDetail(context, api, commands);
  registerCheckpointPanel(context, api, commands);
  registerSimReport(context, api, commands);
  registerTimeTravel(context, commands);
  registerPolicyDebugger(context, api, commands);
}
