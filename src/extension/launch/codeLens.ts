/**
 * CodeLens "Launch" above `if __name__ == "__main__":` in Python scripts and at the top of
 * `*.claw.yaml` specs. Offered only in a trusted workspace (launching runs the workspace's code).
 */
import * as vscode from 'vscode';
import type { Session } from '../session';
import { readSettings } from '../settings';

const MAIN_GUARD = /^if\s+__name__\s*==\s*(['"])__main__\1\s*:/;

export class LaunchCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly session: Session) {
    this.subscriptions = [
      session.onDidChangeConnection(() => this.emitter.fire()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.emitter.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('openclaw.codeLens')) this.emitter.fire();
      }),
    ];
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.isTrusted || !readSettings().codeLensEnabled) return [];
    const where = this.session.connection ? ` on ${this.session.connection.label}` : '';
    if (/\.claw\.ya?ml$/.test(doc.uri.path)) {
      const range = new vscode.Range(0, 0, 0, 0);
      return [new vscode.CodeLens(range, { title: `$(rocket) Launch${where}`, command: 'openclaw.launchFile', arguments: [doc.uri], tooltip: 'Validate this job spec and submit it to the connected cluster' })];
    }
    if (doc.languageId !== 'python') return [];
    for (let i = 0; i < doc.lineCount; i++) {
      const text = doc.lineAt(i).text;
      if (MAIN_GUARD.test(text)) {
        const range = new vscode.Range(i, 0, i, text.length);
        return [
          new vscode.CodeLens(range, { title: `$(rocket) Launch with OpenClaw${where}`, command: 'openclaw.launchFile', arguments: [doc.uri], tooltip: 'Launch this script as a training job (writes a job spec beside it if there is none)' }),
          new vscode.CodeLens(range, { title: 'New Job Spec…', command: 'openclaw.createSpec', arguments: [doc.uri] }),
        ];
      }
    }
    return [];
  }

  dispose(): void {
    this.emitter.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
