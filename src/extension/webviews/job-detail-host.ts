/** Job detail panels: one per job, live from the controller's change events. */
import * as vscode from 'vscode';
import type { CommandRegistrar } from './panel-commands';
import { JobDetailSubject, JobDetailToHost, type JobDetailToWebview } from '../../protocol/job-detail';
import type { OpenClawApi } from '../activation';
import { jobIdOf } from './device-map-host';
import { JobDetailFeed } from './job-detail-model';
import { PanelHost, showUnavailable } from './panel-host';

class JobDetailHost implements vscode.Disposable {
  readonly host: PanelHost<JobDetailToHost, JobDetailToWebview>;
  private readonly feed: JobDetailFeed;
  private readonly subs: vscode.Disposable[] = [];

  constructor(
    context: vscode.ExtensionContext,
    private readonly api: OpenClawApi,
    readonly jobId: string,
    title: string,
    restoreIn?: vscode.WebviewPanel,
  ) {
    const subject: JobDetailSubject = { jobId, compare: [] };
    this.host = new PanelHost(context, { viewType: 'openclaw.jobDetail', title, bundle: 'job-detail', incoming: JobDetailToHost, subject, ...(restoreIn && { restoreIn }) });
    this.feed = new JobDetailFeed(() => this.controller, jobId, { ready: () => this.host.isReady, post: (m) => this.host.post(m) });
    this.subs.push(
      this.host.onReady(() => void this.feed.sendAll()),
      // A panel restored by a window reload may open before the cluster connects again.
      api.session.onDidChangeConnection(() => {
        if (this.host.isReady) void this.feed.sendAll();
      }),
      this.host.onMessage((m) => void this.onMessage(m)),
      api.session.onDidChange((c) => this.feed.onChange(c)),
    );
    this.host.onDidDispose(() => this.dispose());
  }

  private comparedIds: string[] = [];

  compareWith(jobIds: readonly string[]): void {
    this.comparedIds = [...jobIds];
    this.feed.compareWith(jobIds);
    this.host.setSubject({ jobId: this.jobId, compare: this.comparedIds } satisfies JobDetailSubject);
  }

  private get controller() {
    return this.api.session.controller;
  }

  private async onMessage(m: JobDetailToHost): Promise<void> {
    switch (m.type) {
      case 'openLogs':
        await vscode.commands.executeCommand('openclaw.job.showLogs', m.jobId);
        break;
      case 'openSpec':
        await vscode.commands.executeCommand('openclaw.job.openSpec', m.jobId);
        break;
      case 'showOnDeviceMap':
        await vscode.commands.executeCommand('openclaw.showDeviceMap', m.jobId);
        break;
      case 'cancel':
        await vscode.commands.executeCommand('openclaw.job.cancel', m.jobId);
        break;
      case 'pickCompare': {
        const c = this.controller;
        if (!c) break;
        const picked = await vscode.window.showQuickPick(
          c.jobs().filter((j) => j.id !== this.jobId).map((j) => ({ label: j.spec.name, description: `${j.id} · ${j.state}`, id: j.id, picked: this.comparedIds.includes(j.id) })),
          { canPickMany: true, placeHolder: 'Jobs whose metrics to overlay (dashed)' },
        );
        if (picked) this.compareWith(picked.map((p) => p.id));
        break;
      }
      case 'exportCsv': {
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
        const uri = await this.host.showSaveDialog({ filters: { CSV: ['csv'] }, ...(folder && { defaultUri: vscode.Uri.joinPath(folder, `${m.jobId}-${m.chart}.csv`) }) });
        if (uri) await vscode.workspace.fs.writeFile(uri, Buffer.from(m.csv, 'utf8'));
        break;
      }
      case 'resume': {
        if (!vscode.workspace.isTrusted) {
          void vscode.window.showWarningMessage('OpenClaw: resuming a job runs workspace code; trust this workspace first.');
          break;
        }
        const record = await this.controller?.resume(m.jobId, m.checkpointPath).catch((err: Error) => {
          void vscode.window.showErrorMessage(`OpenClaw: cannot resume ${m.jobId}: ${err.message}`);
          return undefined;
        });
        if (record) void vscode.commands.executeCommand('openclaw.showJobDetail', record.id);
        break;
      }
    }
  }

  dispose(): void {
    this.feed.dispose();
    for (const s of this.subs.splice(0)) s.dispose();
    this.host.dispose();
  }
}

/** `openclaw.showJobDetail jobId`: one panel per job, revealed if already open. */
export function registerJobDetail(context: vscode.ExtensionContext, api: OpenClawApi, commands: CommandRegistrar<'jobDetail'>): void {
  const open = new Map<string, JobDetailHost>();
  const track = (host: JobDetailHost): JobDetailHost => {
    open.set(host.jobId, host);
    host.host.onDidDispose(() => open.delete(host.jobId));
    return host;
  };
  context.subscriptions.push(
    // A job the manager forgot meanwhile restores to the page's "no longer exists".
    commands.restore('openclaw.jobDetail', (panel, subject) => {
      const s = JobDetailSubject.safeParse(subject);
      if (!s.success || open.has(s.data.jobId)) {
        showUnavailable(context, panel, 'This job detail could not be restored: open it again from the Jobs view.');
        return;
      }
      const job = api.session.controller?.job(s.data.jobId);
      const host = track(new JobDetailHost(context, api, s.data.jobId, panel.title || `Job ${job?.spec.name ?? s.data.jobId}`, panel));
      if (s.data.compare.length) host.compareWith(s.data.compare);
    }),
    // The Jobs view's multi-select: the first job's detail, the others overlaid on its charts.
    commands.register('openclaw.compareMetrics', async (arg?: unknown, selected?: unknown[]) => {
      const ids = (selected?.length ? selected : [arg]).map(jobIdOf).filter((id): id is string => !!id);
      if (ids.length === 0) return undefined;
      await vscode.commands.executeCommand('openclaw.showJobDetail', ids[0]);
      open.get(ids[0]!)?.compareWith(ids.slice(1));
      return open.get(ids[0]!)?.host;
    }),
    commands.register('openclaw.showJobDetail', async (arg?: unknown) => {
      let jobId = jobIdOf(arg);
      const c = api.session.controller;
      if (!jobId && c) {
        const picked = await vscode.window.showQuickPick(
          c.jobs().map((j) => ({ label: j.spec.name, description: `${j.id} · ${j.state}`, id: j.id })),
          { placeHolder: 'Job to show' },
        );
        jobId = picked?.id;
      }
      if (!jobId) return undefined;
      const existing = open.get(jobId);
      if (existing) {
        existing.host.reveal();
        return existing.host;
      }
      const job = c?.job(jobId);
      return track(new JobDetailHost(context, api, jobId, `Job ${job?.spec.name ?? jobId}`)).host;
    }),
    { dispose: () => [...open.values()].forEach((h) => h.dispose()) },
  );
}
