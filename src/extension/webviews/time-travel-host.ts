/** The time-travel view of a finished simulation, answered from its event log. */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { CommandRegistrar } from './panel-commands';
import { SimReport } from '../../core/sim-report';
import { TimeTravelToHost, type TimeTravelToWebview } from '../../protocol/time-travel';
import { PanelHost } from './panel-host';
import { compareRunOutputs, pickSimOutput } from './sim-output-picker';
import { readEventLog } from './sim-report-host';
import { RunReplay } from './time-travel-model';

export function openTimeTravel(context: vscode.ExtensionContext, eventLog: string, title?: string): PanelHost<TimeTravelToHost, TimeTravelToWebview> {
  const replay = new RunReplay(readEventLog(eventLog));
  const name = title ?? `Time Travel: ${replay.header.policy}`;
  const host = new PanelHost<TimeTravelToHost, TimeTravelToWebview>(context, { viewType: 'openclaw.timeTravel', title: name, bundle: 'time-travel', incoming: TimeTravelToHost });
  const report = reportBeside(eventLog, replay.header.policy);
  host.onReady(() => host.post(replay.runMessage(report)));
  host.onMessage((m) => {
    if (m.type === 'selectRound' && m.index < replay.length) host.post({ type: 'round', round: replay.round(m.index) });
    else if (m.type === 'explainWait' && m.round < replay.length) host.post({ type: 'explanation', job: m.job, round: m.round, text: replay.explain(m.job, m.round) });
  });
  return host;
}

const RoundsOfReport = SimReport.pick({ policy: true, rounds: true });

/**
 * The run's report beside its event log (`<name>.json` for `<name>.events.jsonl`, or `report.json`
 * in the same folder, as the policy debugger writes them): its count of scheduling rounds is exact.
 */
function reportBeside(eventLog: string, policy: string): Pick<SimReport, 'policy' | 'rounds'> | undefined {
  const dir = dirname(eventLog);
  const named = basename(eventLog).replace(/(\.events)?\.jsonl$/, '.json');
  for (const candidate of [join(dir, named), join(dir, 'report.json')]) {
    if (!existsSync(candidate)) continue;
    try {
      // `openclaw sim compare --json` writes an array of reports, one per policy.
      const data: unknown = JSON.parse(readFileSync(candidate, 'utf8'));
      for (const item of Array.isArray(data) ? data : [data]) {
        const r = RoundsOfReport.safeParse(item);
        if (r.success && r.data.policy === policy) return r.data;
      }
    } catch {
      // Not a report (or not JSON): the count comes from the log.
    }
  }
  return undefined;
}

/** `openclaw.openTimeTravel [uri]`: an event log written by `openclaw sim --events`. */
export function registerTimeTravel(context: vscode.ExtensionContext, commands: CommandRegistrar<'timeTravel'>): void {
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
