/** The time-travel view of a finished simulation, answered from its event log. */
import * as vscode from 'vscode';
import type { CommandRegistrar } from './commands';
import { TimeTravelToHost, type TimeTravelToWebview } from '../../protocol/time-travel';
import { PanelHost } from './panel-host';
import { compareRunOutputs, pickSimOutput } from './sim-output-picker';
import { readEventLog } from './sim-report-host';
import { RunReplay } from './time-travel-model';

export function openTimeTravel(context: vscode.ExtensionContext, eventLog: string, title?: string): PanelHost<TimeTravelToHost, TimeTravelToWebview> {
  const replay = new RunReplay(readEventLog(eventLog));
  const name = title ?? `Time Travel: ${replay.header.policy}`;
  const host = new PanelHost<TimeTravelToHost, TimeTravelToWebview>(context, { viewType: 'openclaw.timeTravel', title: name, bundle: 'time-travel', incoming: TimeTravelToHost });
  host.onReady(() =>
    host.post({
      type: 'run',
      title: `${replay.header.policy} · ${replay.header.workload}`,
      policy: replay.header.policy,
      topology: replay.topology,
      rounds: { time: replay.rounds.map((r) => r.t), trigger: replay.rounds.map((r) => r.trigger) },
    }),
  );
  host.onMessage((m) => {
    if (m.type === 'selectRound' && m.index < replay.length) host.post({ type: 'round', round: replay.round(m.index) });
    else if (m.type === 'explainWait' && m.round < replay.length) host.post({ type: 'explanation', job: m.job, round: m.round, text: replay.explain(m.job, m.round) });
  });
  return host;
}

/** `openclaw.openTimeTravel [uri]`: an event log written by `openclaw sim --events`. */
export function registerTimeTravel(context: vscode.ExtensionContext, commands: CommandRegistrar): void {
  context.subscriptions.push(
    // `{pick: label}` answers the pick of event logs without showing it (tests, other commands).
    commands.register('openclaw.openTimeTravel', async (arg?: vscode.Uri | { pick: string }) => {
      let uri = arg instanceof vscode.Uri ? arg : undefined;
      if (!uri) {
        const picked = await pickSimOutput(context, 'events', arg && 'pick' in arg ? arg.pick : undefined);
        if (picked === 'simulate') {
          // Compare Policies opens its report; the run's first event log then opens here.
          const before = new Set(compareRunOutputs(context, 'events').map((f) => f.uri.fsPath));
          await vscode.commands.executeCommand('openclaw.comparePolicies');
          uri = compareRunOutputs(context, 'events').find((f) => !before.has(f.uri.fsPath))?.uri;
        } else uri = picked?.[0];
      }
      if (!uri) return undefined;
      try {
        return openTimeTravel(context, uri.fsPath);
      } catch (err) {
        void vscode.window.showErrorMessage(`OpenClaw: ${(err as Error).message}`);
        return undefined;
      }
    }),
  );
}
