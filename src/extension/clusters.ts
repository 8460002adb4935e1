/** The clusters a user can connect to: simulator presets, `*.cluster.yaml` in the workspace, and settings. */
import * as vscode from 'vscode';
import { readSettings } from './settings';
import { runtime } from './runtime';

export type ClusterChoice =
  | { kind: 'preset'; preset: string }
  | { kind: 'file'; path: string };

const PRESET_DESCRIPTIONS: Record<string, string> = {
  'dgx-a100': '8 nodes × 8 A100 80 GiB',
  gavel: '36 V100 + 36 P100 + 36 K80, one GPU a server (Gavel)',
  mixed: '4,096 H100/A100/V100/MI300 in racks of 16 nodes',
};

export function choiceLabel(choice: ClusterChoice): string {
  return choice.kind === 'preset' ? `Simulator (${choice.preset})` : vscode.workspace.asRelativePath(choice.path);
}

export function choiceKey(choice: ClusterChoice): string {
  return choice.kind === 'preset' ? `simulator:${choice.preset}` : choice.path;
}

/** Parses the `openclaw.defaultCluster` form: `simulator:<preset>` or a (workspace-relative) path. */
export function parseChoice(value: string): ClusterChoice | undefined {
  const v = value.trim();
  if (!v) return undefined;
  if (v.startsWith('simulator:')) return { kind: 'preset', preset: v.slice('simulator:'.length) || readSettings().simulatorPreset };
  return { kind: 'file', path: resolveInWorkspace(v) };
}

function resolveInWorkspace(p: string): string {
  if (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p)) return p;
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, p).fsPath : p;
}

interface ChoiceItem extends vscode.QuickPickItem {
  choice?: ClusterChoice;
}

/** The quick pick: the local simulator first (what a newcomer wants), then files, then the other presets. */
export async function pickCluster(current?: ClusterChoice): Promise<ClusterChoice | undefined> {
  const settings = readSettings();
  const items = new Promise<ChoiceItem[]>((resolve) => {
    void (async () => {
      const { PRESET_NAMES } = runtime();
      const files = await vscode.workspace.findFiles('**/*.{cluster.yaml,cluster.yml}', '**/node_modules/**', 200);
      const paths = new Set(files.map((f) => f.fsPath));
      for (const p of settings.clusters) paths.add(resolveInWorkspace(p));
      const mark = (c: ClusterChoice) => (current && choiceKey(current) === choiceKey(c) ? '$(check) ' : '');
      const presetItem = (preset: string): ChoiceItem => {
        const choice: ClusterChoice = { kind: 'preset', preset };
        return { label: `${mark(choice)}$(vm) Simulator: ${preset}`, description: PRESET_DESCRIPTIONS[preset] ?? 'simulated cluster', choice };
      };
      const first = PRESET_NAMES.includes(settings.simulatorPreset) ? settings.simulatorPreset : PRESET_NAMES[0];
      const out: ChoiceItem[] = [
        { label: 'Local simulator', kind: vscode.QuickPickItemKind.Separator },
        { ...presetItem(first!), detail: 'Start Local Simulator: a cluster in accelerated time, nothing to install' },
      ];
      if (paths.size > 0) {
        out.push({ label: 'Cluster files', kind: vscode.QuickPickItemKind.Separator });
        for (const p of [...paths].sort()) {
          const choice: ClusterChoice = { kind: 'file', path: p };
          out.push({ label: `${mark(choice)}$(server-environment) ${vscode.workspace.asRelativePath(p)}`, choice });
        }
      }
      out.push({ label: 'Other simulator presets', kind: vscode.QuickPickItemKind.Separator });
      for (const p of PRESET_NAMES) if (p !== first) out.push(presetItem(p));
      resolve(out);
    })();
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: 'OpenClaw: Select Cluster',
    placeHolder: 'Connect to a cluster: the local simulator, or a *.cluster.yaml file',
    matchOnDescription: true,
  });
  return picked?.choice;
}
