/** Simulation report panels: open the simulator's JSON report(s), export the report and charts. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { CommandRegistrar } from './panel-commands';
import { parseWith } from '../../core/errors';
import { parseSimEventLine, type SimEventRecord } from '../../core/sim-events';
import { SimReport } from '../../core/sim-report';
import { SimReportSubject, SimReportToHost, type ReportView, type SimReportToWebview } from '../../protocol/sim-report';
import type { OpenClawApi } from '../activation';
import { registerComparePolicies } from './compare-policies';
import { PanelHost, showUnavailable } from './panel-host';
import { pickSimOutput } from './sim-output-picker';
import { reportView } from './report-model';

export function readEventLog(path: string): SimEventRecord[] {
  const out: SimEventRecord[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      out.push(parseSimEventLine(line));
    } catch (err) {
      throw new Error(`${path}:${i + 1}: not a simulator event record (${(err as Error).message.split('\n')[0]!.slice(0, 200)})`);
    }
  });
  return out;
}

export interface LoadedReports {
  reports: SimReport[];
  /** Each report's event log, where one lies beside it. */
  logs: Array<SimEventRecord[] | undefined>;
}

/** Reads report files: each holds one report (`openclaw sim --json`) or an array of them (`openclaw sim compare --json`). */
export function loadReports(files: readonly string[]): LoadedReports {
  const reports: SimReport[] = [];
  const logs: Array<SimEventRecord[] | undefined> = [];
  for (const file of files) {
    const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const list = Array.isArray(data) ? data.map((r, i) => parseWith(SimReport, r, `${file}[${i}]`)) : [parseWith(SimReport, data, file)];
    // An event log beside a single report (<name>.events.jsonl or events.jsonl) gives the exact devices.
    const base = file.replace(/\.json$/, '');
    const found = list.length === 1 ? [`${base}.events.jsonl`, join(dirname(file), 'events.jsonl')].find((c) => existsSync(c)) : undefined;
    const log = found ? readEventLog(found) : undefined;
    for (const r of list) {
      reports.push(r);
      logs.push(log && log[0]?.type === 'header' && log[0].policy === r.policy ? log : undefined);
    }
  }
  return { reports, logs };
}

/**
 * Opens a report panel on simulator reports (one per policy), with their event logs when given;
 * `subject` names the files they were read from (a window reload reads them again).
 */
export function openReport(context: vscode.ExtensionContext, subject: SimReportSubject, { reports, logs }: LoadedReports, restoreIn?: vscode.WebviewPanel): PanelHost<SimReportToHost, SimReportToWebview> {
  const { title } = subject;
  const view: ReportView = reportView(title, reports, logs);
  // Kept alive while hidden: re-sending and re-parsing a trace of 80,000 jobs on every tab switch would cost the user a second each time.
  const host = new PanelHost<SimReportToHost, SimReportToWebview>(context, { viewType: 'openclaw.simReport', title, bundle: 'sim-report', incoming: SimReportToHost, retainContextWhenHidden: true, subject, ...(restoreIn && { restoreIn }) });
  host.onReady(() => host.post({ type: 'report', report: view }));
  const exportFrom = async (m: SimReportToHost): Promise<void> => {
    if (m.type === 'exportJson') {
      const uri = await host.showSaveDialog({ filters: { JSON: ['json'] }, defaultUri: defaultUri('report.json') });
      if (!uri) return;
      await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 1)));
      host.post({ type: 'saved', path: uri.fsPath });
    } else if (m.type === 'exportChart') {
      const uri = await host.showSaveDialog({ filters: { [m.format.toUpperCase()]: [m.format] }, defaultUri: defaultUri(`${m.chart}.${m.format}`) });
      if (!uri) return;
      await vscode.workspace.fs.writeFile(uri, m.format === 'png' ? Buffer.from(m.data, 'base64') : Buffer.from(m.data, 'utf8'));
      host.post({ type: 'saved', path: uri.fsPath });
    }
  };
  host.onMessage((m) =>
    exportFrom(m).catch((err: Error) => void vscode.window.showErrorMessage(`OpenClaw: export failed: ${err.message}`)),
  );
  return host;
}

function defaultUri(name: string): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder ? vscode.Uri.joinPath(folder, name) : undefined;
}

/** `openclaw.openSimReport [uri | uri[]]`: reports written by `openclaw sim --json`. */
export function registerSimReport(context: vscode.ExtensionContext, _api: OpenClawApi, commands: CommandRegistrar<'simReport'>): void {
  registerComparePolicies(context, commands);
  context.subscriptions.push(
    // Report files deleted meanwhile (a compare run's folder cleaned up) restore to a message saying so.
    commands.restore('openclaw.simReport', (panel, subject) => {
      const s = SimReportSubject.safeParse(subject);
      if (!s.success) return showUnavailable(context, panel, 'This simulation report could not be restored: open it again with "Open Simulation Report".');
      const missing = s.data.files.find((f) => !existsSync(f));
      if (missing) return showUnavailable(context, panel, `The simulation report ${missing} no longer exists: run the simulation again, or open another report.`);
      try {
        openReport(context, s.data, loadReports(s.data.files), panel);
      } catch (err) {
        showUnavailable(context, panel, `The simulation report could not be read again: ${(err as Error).message}`);
      }
    }),
    // From the explorer: (clicked file, all selected files).
    // `{pick: label}` answers the pick of reports without showing it (tests, other commands).
    commands.register('openclaw.openSimReport', async (arg?: vscode.Uri | vscode.Uri[] | { pick: string }, selected?: vscode.Uri[]) => {
      let uris = selected?.length ? selected : Array.isArray(arg) ? arg : arg instanceof vscode.Uri ? [arg] : undefined;
      if (!uris) {
        const picked = await pickSimOutput(context, 'report', arg && 'pick' in arg ? arg.pick : undefined);
        if (picked === 'simulate') return vscode.commands.executeCommand('openclaw.comparePolicies');
        uris = picked;
      }
      if (!uris?.length) return undefined;
      try {
        const files = uris.map((u) => u.fsPath);
        const loaded = loadReports(files);
        const title = `Simulation: ${loaded.reports.map((r) => r.policy).join(' vs ')}`;
        return openReport(context, { title, files }, loaded);
      } catch (err) {
        void vscode.window.showErrorMessage(`OpenClaw: ${(err as Error).message}`);
        return undefined;
      }
    }),
  );
}
