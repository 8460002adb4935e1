/** Actions on a checkpoint in the Checkpoints view: resume from it, reveal, copy its path, delete. */
import * as vscode from 'vscode';
import type { Session } from '../session';
import { requireTrust } from '../trust';
import { CheckpointElement, jobResumingFrom } from '../views/checkpointsTree';

export function registerCheckpointCommands(session: Session, refresh: () => void): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('openclaw.checkpoint.resume', async (el: CheckpointElement) => {
      if (!(el instanceof CheckpointElement) || !session.controller) return undefined;
      if (!requireTrust('resume a job')) return undefined;
      if (!el.checkpoint.complete) {
        void vscode.window.showWarningMessage('This checkpoint is still being written; resume from a complete one.');
        return undefined;
      }
      const record = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `OpenClaw: resuming ${el.job.spec.name} from ${el.checkpoint.path}` },
        () => session.controller!.resume(el.job.id, el.fullPath),
      );
      void vscode.window.setStatusBarMessage(`$(debug-continue) OpenClaw: ${el.job.spec.name} resumed as ${record.id}`, 5000);
      return record;
    }),
    vscode.commands.registerCommand('openclaw.checkpoint.reveal', async (el: CheckpointElement) => {
      if (!(el instanceof CheckpointElement)) return;
      const uri = vscode.Uri.file(el.fullPath);
      const inWorkspace = vscode.workspace.getWorkspaceFolder(uri) !== undefined;
      await vscode.commands.executeCommand(inWorkspace ? 'revealInExplorer' : 'revealFileInOS', uri);
    }),
    vscode.commands.registerCommand('openclaw.checkpoint.copyPath', async (el: CheckpointElement) => {
      if (!(el instanceof CheckpointElement)) return;
      await vscode.env.clipboard.writeText(el.fullPath);
      void vscode.window.setStatusBarMessage(`$(copy) Copied ${el.fullPath}`, 3000);
    }),
    vscode.commands.registerCommand('openclaw.checkpoint.delete', async (el: CheckpointElement, options?: { confirm?: boolean }) => {
      if (!(el instanceof CheckpointElement)) return false;
      const job = session.controller?.job(el.job.id) ?? el.job;
      const user = jobResumingFrom(session.controller?.jobs() ?? [], el.fullPath);
      if (user) {
        void vscode.window.showWarningMessage(`${user.spec.name} (${user.id}) is running from ${el.checkpoint.path}: it can't be deleted while that job runs.`);
        return false;
      }
      if (options?.confirm !== false) {
        const answer = await vscode.window.showWarningMessage(`Delete checkpoint ${el.checkpoint.path} of ${job.spec.name}?`, { modal: true, detail: el.fullPath }, 'Delete');
        if (answer !== 'Delete') return false;
      }
      await vscode.workspace.fs.delete(vscode.Uri.file(el.fullPath), { recursive: true, useTrash: false });
      refresh();
      return true;
    }),
  ];
}
