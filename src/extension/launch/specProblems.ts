/**
 * Problems of `*.claw.yaml` job specs and `*.cluster.yaml` cluster files in the Problems panel, with
 * the line and column the job manager's loader finds for each field. Checked on open and on edit
 * (debounced), so a spec shows its mistakes before anyone tries to launch it.
 */
import * as vscode from 'vscode';
import type { LocatedProblem } from '../../controller/spec-loader';
import { runtime } from '../runtime';

export const SPEC_GLOB = /\.claw\.ya?ml$/;
export const CLUSTER_GLOB = /\.cluster\.ya?ml$/;

export function isSpecDocument(doc: vscode.TextDocument): boolean {
  return SPEC_GLOB.test(doc.uri.path);
}

function isClusterDocument(doc: vscode.TextDocument): boolean {
  return CLUSTER_GLOB.test(doc.uri.path);
}

export function toDiagnostic(p: LocatedProblem): vscode.Diagnostic {
  const start = new vscode.Position(Math.max(0, p.line - 1), Math.max(0, p.column - 1));
  let end = new vscode.Position(Math.max(0, p.endLine - 1), Math.max(0, p.endColumn - 1));
  if (!end.isAfter(start)) end = start.translate(0, 1);
  const d = new vscode.Diagnostic(new vscode.Range(start, end), p.path ? `${p.path}: ${p.message}` : p.message, vscode.DiagnosticSeverity.Error);
  d.source = 'openclaw';
  return d;
}

export class SpecProblems implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('openclaw');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, 300)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme !== 'file') this.collection.delete(d.uri);
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private schedule(doc: vscode.TextDocument, ms: number): void {
    if (!isSpecDocument(doc) && !isClusterDocument(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.check(doc);
    }, ms));
  }

  /** Validates the document's current text; returns its problems (empty when it is valid). */
  async check(doc: vscode.TextDocument): Promise<LocatedProblem[]> {
    const loader = runtime();
    const result = isClusterDocument(doc) ? loader.validateClusterFileText(doc.getText()) : loader.validateJobSpecText(doc.getText());
    this.collection.set(doc.uri, result.problems.map(toDiagnostic));
    return result.problems;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.collection.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
