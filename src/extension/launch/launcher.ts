/**
 * Launching: a `*.claw.yaml` spec, or a Python script (its spec beside it, or one written by the
 * guided flow). The spec is validated first: a bad one goes to the Problems panel and the launch says
 * why it can't. Needs a trusted workspace, since the job runs the workspace's code.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { JobRecord } from '../../core/job';
import type { Session } from '../session';
import { ensureConnected } from '../connectCommands';
import { requireTrust } from '../trust';
import { specsBeside } from './findSpec';
import { isSpecDocument, toDiagnostic, type SpecProblems } from './specProblems';
import { createSpecFor } from './specWizard';
import { runtime } from '../runtime';

export class Launcher {
  /** Jobs launched from this window: their failures are worth a notification. */
  readonly launched = new Set<string>();
  private readonly onLaunchedEmitter = new vscode.EventEmitter<JobRecord>();
  readonly onDidLaunch = this.onLaunchedEmitter.event;
  /** Jobs already told to the user as never fitting (once per job). */
  private readonly toldNeverFits = new Set<string>();
  private readonly listener: vscode.Disposable;

  constructor(
    private readonly session: Session,
    private readonly problems: SpecProblems,
  ) {
    this.listener = session.onDidChange((change) => {
      if (change.kind === 'job' && change.job.state === 'queued' && change.job.neverFits && this.launched.has(change.job.id)) this.tellNeverFits(change.job);
    });
  }

  /**
   * A job that can never start on the connected cluster would sit in Queued forever: say so at once,
   * with the ways out (edit the spec, pick another cluster, cancel it).
   */
  private tellNeverFits(job: JobRecord): void {
    if (this.toldNeverFits.has(job.id)) return;
    this.toldNeverFits.add(job.id);
    const where = this.session.connection?.label ?? 'this cluster';
    const actions = [...(job.specPath ? ['Edit Spec'] : []), 'Select Cluster…', 'Cancel Job'];
    void vscode.window.showWarningMessage(`OpenClaw: ${job.spec.name} (${job.id}) can never start on ${where}: ${job.neverFits}`, ...actions).then(async (a) => {
      if (a === 'Edit Spec') await vscode.commands.executeCommand('openclaw.job.openSpec', job.id);
      if (a === 'Select Cluster…') await vscode.commands.executeCommand('openclaw.selectCluster');
      if (a === 'Cancel Job') await this.session.controller?.cancel(job.id, 'cancelled: it can never start on this cluster');
    });
  }

  /** A spec file or a Python script; without an argument, the active editor's file. */
  async launchFile(uri?: vscode.Uri): Promise<JobRecord | undefined> {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!target) {
      void vscode.window.showInformationMessage('Open a training script or a *.claw.yaml job spec to launch it.');
      return undefined;
    }
    if (/\.claw\.ya?ml$/.test(target.path)) return this.launchSpec(target);
    if (target.path.endsWith('.py')) return this.launchScript(target);
    void vscode.window.showErrorMessage(`OpenClaw launches Python scripts and *.claw.yaml job specs, not ${vscode.workspace.asRelativePath(target)}.`);
    return undefined;
  }

  async launchScript(script: vscode.Uri): Promise<JobRecord | undefined> {
    if (!requireTrust('launch a job')) return undefined;
    const specs = await specsBeside(script);
    let spec: vscode.Uri | undefined;
    if (specs.length === 1) spec = specs[0];
    else if (specs.length > 1) {
      const picked = await vscode.window.showQuickPick(
        specs.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })),
        { title: 'OpenClaw: Launch', placeHolder: 'Which job spec?' },
      );
      spec = picked?.uri;
    } else {
      spec = await createSpecFor(script);
      if (spec) void vscode.window.showTextDocument(spec, { preview: false, preserveFocus: true, viewColumn: vscode.ViewColumn.Beside });
    }
    return spec ? this.launchSpec(spec) : undefined;
  }

  async launchSpec(specUri: vscode.Uri): Promise<JobRecord | undefined> {
    if (!requireTrust('launch a job')) return undefined;
    const doc = await vscode.workspace.openTextDocument(specUri);
    if (doc.isDirty) await doc.save();
    const loader = runtime();
    const { value, problems } = loader.validateJobSpecText(doc.getText());
    const rel = vscode.workspace.asRelativePath(specUri);
    if (!value) {
      if (isSpecDocument(doc)) this.problems.collection.set(specUri, problems.map(toDiagnostic));
      const first = problems[0];
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
      const why = first ? `line ${first.line}: ${first.path ? `${first.path}: ` : ''}${first.message}${more}` : 'it is not a valid job spec';
      void vscode.window.showErrorMessage(`Can't launch ${rel}: ${why}`, 'Show Problems', 'Open Spec').then((a) => {
        if (a === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
        if (a === 'Open Spec') void vscode.window.showTextDocument(specUri);
      });
      return undefined;
    }
    const spec = loader.resolveJobPaths(value, dirname(specUri.fsPath));
    const connection = await ensureConnected(this.session);
    if (!connection) return undefined;
    const job = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `OpenClaw: launching ${spec.name} on ${connection.label}`, cancellable: true },
      async (_p, token) => {
        const record = await connection.controller.submit(spec, specUri.fsPath);
        if (token.isCancellationRequested) {
          await connection.controller.cancel(record.id, 'cancelled while launching');
          return undefined;
        }
        return record;
      },
    );
    if (!job) return undefined;
    this.launched.add(job.id);
    // The first round may have run while submit returned: a job already known never to fit is told now.
    const now = connection.controller.job(job.id);
    if (now?.state === 'queued' && now.neverFits) this.tellNeverFits(now);
    this.onLaunchedEmitter.fire(job);
    void vscode.window.setStatusBarMessage(`$(rocket) OpenClaw: ${spec.name} submitted to ${connection.label} as ${job.id}`, 5000);
    return job;
  }

  dispose(): void {
    this.listener.dispose();
    this.onLaunchedEmitter.dispose();
  }
}
