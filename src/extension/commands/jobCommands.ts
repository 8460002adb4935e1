/** Actions on a job (Jobs view inline and context menus, device clicks, tests): argument a JobNode or a job id. */
import { dirname, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import type { JobRecord } from '../../core/job';
import type { JobLogs } from '../logs';
import type { Session } from '../session';
import { requireTrust } from '../trust';
import { JobNode } from '../views/jobsTree';

export type JobArg = JobNode | string | { job: JobRecord } | undefined;

export function jobOf(session: Session, arg: JobArg): JobRecord | undefined {
  const id = typeof arg === 'string' ? arg : arg instanceof JobNode ? arg.job.id : arg?.job.id;
  return id ? session.controller?.job(id) : undefined;
}

/** Runs `fn` on the job named by `arg`, or on one the user picks. */
async function withJob(session: Session, arg: JobArg, fn: (job: JobRecord) => Promise<unknown> | unknown): Promise<unknown> {
  let job = jobOf(session, arg);
  if (!job && arg === undefined && session.controller) {
    const picked = await vscode.window.showQuickPick(
      session.controller.jobs().map((j) => ({ label: j.spec.name, description: `${j.id} · ${j.state}`, id: j.id })),
      { placeHolder: 'Which job?' },
    );
    job = picked ? session.controller.job(picked.id) : undefined;
  }
  if (!job) return undefined;
  return fn(job);
}

export function registerJobCommands(session: Session, logs: JobLogs): vscode.Disposable[] {
  const c = () => session.controller;
  return [
    vscode.commands.registerCommand('openclaw.job.showLogs', (arg: JobArg) =>
      withJob(session, arg, (job) => {
        const controller = c();
        if (controller) logs.show(controller, job);
      }),
    ),
    vscode.commands.registerCommand('openclaw.job.cancel', (arg: JobArg, options?: { confirm?: boolean }) =>
      withJob(session, arg, async (job) => {
        if (options?.confirm !== false) {
          const answer = await vscode.window.showWarningMessage(
            `Cancel ${job.spec.name} (${job.id})?`,
            { modal: true, detail: job.state === 'queued' ? 'It has not started yet.' : 'Its ranks are stopped; work since its last checkpoint is lost.' },
            'Cancel Job',
          );
          if (answer !== 'Cancel Job') return false;
        }
        await c()?.cancel(job.id, 'cancelled from VS Code');
        return true;
      }),
    ),
    vscode.commands.registerCommand('openclaw.job.restart', (arg: JobArg) =>
      withJob(session, arg, async (job) => {
        if (!requireTrust('restart a job')) return undefined;
        const record = await c()?.restart(job.id);
        if (record) void vscode.window.setStatusBarMessage(`$(debug-restart) OpenClaw: ${job.spec.name} restarted as ${record.id}`, 5000);
        return record;
      }),
    ),
    vscode.commands.registerCommand('openclaw.job.showOnDeviceMap', (arg: JobArg) =>
      withJob(session, arg, (job) => vscode.commands.executeCommand('openclaw.showDeviceMap', job.id)),
    ),
    vscode.commands.registerCommand('openclaw.job.openSpec', (arg: JobArg) =>
      withJob(session, arg, (job) => {
        if (job.specPath) return vscode.window.showTextDocument(vscode.Uri.file(job.specPath));
        return vscode.window.showInformationMessage(`${job.spec.name} was not launched from a spec file.`);
      }),
    ),
    vscode.commands.registerCommand('openclaw.job.revealResults', (arg: JobArg) =>
      withJob(session, arg, async (job) => {
        const base = job.spec.workdir ?? (job.specPath ? dirname(job.specPath) : undefined);
        const candidates = [
          ...job.outputs.map((o) => o.localPath),
          ...(job.reportPath ? [job.reportPath] : []),
          ...job.spec.outputs.map((o) => (isAbsolute(o) ? o : base ? join(base, o) : o)),
          job.spec.checkpoint?.dir && (isAbsolute(job.spec.checkpoint.dir) ? job.spec.checkpoint.dir : base && join(base, job.spec.checkpoint.dir)),
        ].filter((p): p is string => !!p);
        for (const p of candidates) {
          try {
            await vscode.workspace.fs.stat(vscode.Uri.file(p));
            return vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(p));
          } catch {
            // Not on this machine (yet): try the next.
          }
        }
        return vscode.window.showInformationMessage(`No results of ${job.spec.name} on this machine yet.`);
      }),
    ),
  ];
}
