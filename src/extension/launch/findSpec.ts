/** Finds the job spec of a training script: `<stem>.claw.yaml` beside it, or a spec there whose command names it. */
import { basename, dirname, extname, join } from 'node:path';
import * as vscode from 'vscode';

export async function specsBeside(script: vscode.Uri): Promise<vscode.Uri[]> {
  const dir = vscode.Uri.file(dirname(script.fsPath));
  const name = basename(script.fsPath);
  const stem = basename(name, extname(name));
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(dir);
  } catch {
    return [];
  }
  const specs = entries.filter(([n, t]) => t === vscode.FileType.File && /\.claw\.ya?ml$/.test(n)).map(([n]) => n);
  const out: vscode.Uri[] = [];
  for (const n of specs.sort()) {
    const uri = vscode.Uri.file(join(dir.fsPath, n));
    if (n.startsWith(`${stem}.`)) {
      out.unshift(uri);
      continue;
    }
    const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    if (text.includes(name)) out.push(uri);
  }
  return out;
}
