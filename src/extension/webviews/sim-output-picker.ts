/**
 * What "Open Simulation Report" and "Open Simulation Time Travel" offer when no file is given: the
 * reports or event logs of the workspace and of earlier "Compare Policies" runs (newest first), running
 * a simulation now, or browsing for a file. A bare open dialog tells a newcomer nothing.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { formatDuration } from '../views/jobFormat';

export type SimOutputKind = 'report' | 'events';

interface Found {
  uri: vscode.Uri;
  label: string;
  where: string;
  mtimeMs: number;
}

const WORKSPACE_GLOB: Record<SimOutputKind, string> = {
  // As the explorer's "Open Simulation Report" menu: the names `openclaw sim --json` is given in the docs.
  report: '**/*{report,sim,compare}*.json',
  events: '**/*events*.jsonl',
};

function matches(kind: SimOutputKind, name: string): boolean {
  return kind === 'report' ? name.endsWith('.json') : name.endsWith('.events.jsonl');
}

/** Where "Compare Policies" keeps its runs (one folder per run). */
export function compareRunsDir(context: vscode.ExtensionContext): string {
  return join(context.globalStorageUri.fsPath, 'compare');
}

/** Outputs of earlier Compare Policies runs, newest first. */
export function compareRunOutputs(context: vscode.ExtensionContext, kind: SimOutputKind): Found[] {
  const out: Found[] = [];
  let runs: string[] = [];
  try {
    runs = readdirSync(compareRunsDir(context));
  } catch {
    return out;
  }
  for (const run of runs) {
    const dir = join(compareRunsDir(context), run);
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((n) => matches(kind, n));
    } catch {
      continue;
    }
    for (const n of names) {
      const path = join(dir, n);
      const policy = n.replace(/\.events\.jsonl$|\.json$/, '');
      out.push({ uri: vscode.Uri.file(path), label: policy, where: 'Compare Policies run', mtimeMs: statSync(path).mtimeMs });
    }
  }
  return out.sort((a, b) => b.mtimeMs - a.mtimeMs);
}

async function workspaceOutputs(kind: SimOutputKind): Promise<Found[]> {
  // Not the state folder: its report.json files are job reports, not the simulator's.
  const files = await vscode.workspace.findFiles(WORKSPACE_GLOB[kind], '{**/node_modules/**,**/.openclaw/**}', 200);
  return files
    .map((uri) => ({ uri, label: basename(uri.fsPath), where: vscode.workspace.asRelativePath(uri), mtimeMs: statSync(uri.fsPath).mtimeMs }))
    .sort((a, b) => b.mtimeMs - a.mtimeMs);
}

type Item = vscode.QuickPickItem & { action: 'open' | 'simulate' | 'browse'; uri?: vscode.Uri };

/**
 * The files to open, or 'simulate' when the user chose to run a simulation now; undefined when dismissed.
 * `answer` picks an item by label without showing the pick (for tests and other commands).
 */
export async function pickSimOutput(context: vscode.ExtensionContext, kind: SimOutputKind, answer?: string): Promise<vscode.Uri[] | 'simulate' | undefined> {
  const what = kind === 'report' ? 'simulation report' : 'simulator event log';
  const found = [...(await workspaceOutputs(kind)), ...compareRunOutputs(context, kind)];
  const now = Date.now();
  const items: Item[] = [];
  if (found.length) items.push({ label: kind === 'report' ? 'Reports' : 'Event logs', kind: vscode.QuickPickItemKind.Separator, action: 'open' });
  for (const f of found) {
    items.push({ label: f.label, description: `${f.where} · ${formatDuration(now - f.mtimeMs)} ago`, detail: f.uri.fsPath, action: 'open', uri: f.uri });
  }
  items.push({ label: 'More', kind: vscode.QuickPickItemKind.Separator, action: 'open' });
  items.push({
    label: '$(play) Run a simulation now…',
    description: 'Compare Policies: pick a cluster, a workload and policies',
    detail: found.length ? undefined : `No ${what} in this workspace yet: \`openclaw sim --json report.json --events events.jsonl\` writes one, or run one here.`,
    action: 'simulate',
  });
  items.push({ label: '$(folder-opened) Browse…', description: `open a ${what} from disk`, action: 'browse' });
  const picked = answer !== undefined
    ? items.find((i) => i.kind !== vscode.QuickPickItemKind.Separator && (i.label === answer || i.uri?.fsPath === answer || i.label.endsWith(answer)))
    : await vscode.window.showQuickPick(items, { title: `OpenClaw: Open ${kind === 'report' ? 'Simulation Report' : 'Simulation Time Travel'}`, placeHolder: found.length ? `Which ${what}?` : `No ${what} found: run a simulation now?`, matchOnDetail: true });
  if (!picked) return undefined;
  if (picked.action === 'simulate') return 'simulate';
  if (picked.action === 'open' && picked.uri) return [picked.uri];
  const filters: Record<string, string[]> = kind === 'report' ? { 'Simulation report': ['json'] } : { 'Simulator event log': ['jsonl'] };
  return vscode.window.showOpenDialog({ canSelectMany: kind === 'report', filters, openLabel: kind === 'report' ? 'Open Report' : 'Open Event Log' });
}
