/** The time-travel view of a finished simulation, answered from its event log. */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { CommandRegistrar } from './panel-commands';
import { SimReport } from '../../core/sim-report';
import { TimeTravelSubject, TimeTravelToHost, type TimeTravelToWebview } from '../../protocol/time-travel';
import { PanelHost, showUnavailable } from './panel-host';
import { compareRunOutputs, pickSimOutput } from './sim-output-picker';
import { readEventLog } from './sim-report-host';
import { RunReplay } from './time-travel-model';

export function openTimeTravel(context: vscode.ExtensionContext, eventLog: string, title?: string, restoreIn?: vscode.WebviewPanel): PanelHost<TimeTravelToHost, TimeTravelToWebview> {
  const replay = new RunReplay(readEventLog(eventLog));
  const name = title ?? `Time Travel: ${replay.header.policy}`;
  const subject: TimeTravelSubject = { eventLog, ...(title !== undefined && { title }) };
  const host = new PanelHost<TimeTravelToHost, TimeTravelToWebview>(context, { viewType: 'openclaw.timeTravel', title: name, bundle: 'time-travel', incoming: TimeTravelToHost, subject, ...(restoreIn && { restoreIn }) });
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
    // An event log deleted meanwhile restores to a message saying so.
    commands.restore('openclaw.timeTravel', (panel, subject) => {
      const s = TimeTravelSubject.safeParse(subject);
      if (!s.success) return showUnavailable(context, panel, 'This time travel could not be restored: open it again with "Open Simulation Time Travel".');
      if (!existsSync(s.data.eventLog)) return showUnavailable(context, panel, `The event log ${s.data.eventLog} no longer exists: run the simulation again, or open another event log.`);
      try {
        openTimeTravel(context, s.data.eventLog, s.data.title, panel);
      } catch (err) {
        showUnavailable(context, panel, `The event log could not be read again: ${(err as Error).message}`);
      }
    }),
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
