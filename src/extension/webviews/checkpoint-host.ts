/**
 * The checkpoint panel: what is inside a checkpoint (tensors, training state, model), read where it
 * lies by the job's backend, and the difference between two checkpoints. Opened from the
 * Checkpoints view (Show Contents, Compare with Checkpoint…, or Compare on two selected).
 */
import * as vscode from 'vscode';
import { diffCheckpoints } from '../../core/checkpoint-contents/diff';
import type { Controller } from '../../controller/api';
import { CheckpointSubject, CheckpointToHost, type CheckpointRef, type CheckpointToWebview } from '../../protocol/checkpoint';
import type { OpenClawApi } from '../activation';
import type { CommandRegistrar } from './panel-commands';
import { PanelHost, showUnavailable } from './panel-host';

/** A checkpoint as commands receive it: a Checkpoints view element, or `{jobId, path}` from a caller. */
function refOf(arg: unknown, c: Controller | undefined): CheckpointRef | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const o = arg as { job?: { id?: unknown; spec?: { name?: unknown } }; checkpoint?: { path?: unknown }; jobId?: unknown; path?: unknown };
  const jobId = typeof o.job?.id === 'string' ? o.job.id : typeof o.jobId === 'string' ? o.jobId : undefined;
  const path = typeof o.checkpoint?.path === 'string' ? o.checkpoint.path : typeof o.path === 'string' ? o.path : undefined;
  if (!jobId || !path) return undefined;
  return { jobId, path, jobName: c?.job(jobId)?.spec.name ?? (typeof o.job?.spec?.name === 'string' ? o.job.spec.name : jobId) };
}

class CheckpointPanel {
  readonly host: PanelHost<CheckpointToHost, CheckpointToWebview>;
  private against: CheckpointRef | undefined;

  constructor(
    context: vscode.ExtensionContext,
    private readonly api: OpenClawApi,
    readonly of: CheckpointRef,
    restoreIn?: vscode.WebviewPanel,
  ) {
    const subject: CheckpointSubject = { of };
    this.host = new PanelHost(context, { viewType: 'openclaw.checkpoint', title: `Checkpoint ${of.path}`, bundle: 'checkpoint', incoming: CheckpointToHost, subject, ...(restoreIn && { restoreIn }) });
    this.host.onReady(() => void this.show());
    this.host.onMessage((m) => void this.onMessage(m));
    // A panel restored by a window reload may open before the cluster connects again.
    const connection = api.session.onDidChangeConnection(() => {
      if (this.host.isReady) void this.show();
    });
    this.host.onDidDispose(() => connection.dispose());
  }

  compare(against: CheckpointRef | undefined): void {
    this.against = against;
    this.host.setSubject({ of: this.of, ...(against && { against }) } satisfies CheckpointSubject);
    this.host.panel.title = against ? `${this.of.path} ↔ ${against.path}` : `Checkpoint ${this.of.path}`;
    if (this.host.isReady) void this.show();
  }

  private async onMessage(m: CheckpointToHost): Promise<void> {
    if (m.type === 'compareWith') {
      const picked = await pickCheckpoint(this.api.session.controller, this.of);
      if (picked) this.compare(picked);
    } else if (m.type === 'showContents') this.compare(undefined);
  }

  private async show(): Promise<void> {
    const c = this.api.session.controller;
    const of = this.of;
    const against = this.against;
    if (!c) {
      this.host.post({ type: 'failed', of, message: 'No cluster is connected: connect the one the job ran on to read its checkpoints.' });
      return;
    }
    this.host.post({ type: 'loading', of, ...(against && { against }) });
    try {
      const contents = await c.inspectCheckpoint(of.jobId, of.path);
      if (!against) {
        this.host.post({ type: 'contents', of, contents });
        return;
      }
      const other = await c.inspectCheckpoint(against.jobId, against.path);
      // Older first, so that "added" means added since.
      this.host.post({ type: 'diff', of, against, before: other, after: contents, diff: diffCheckpoints(other, contents) });
    } catch (err) {
      this.host.post({ type: 'failed', of, message: (err as Error).message });
    }
  }
}

/** Another checkpoint: of the same job first, then of the other jobs the manager knows. */
async function pickCheckpoint(c: Controller | undefined, not: CheckpointRef): Promise<CheckpointRef | undefined> {
  if (!c) return undefined;
  const jobs = [...c.jobs()].sort((a, b) => Number(b.id === not.jobId) - Number(a.id === not.jobId)).slice(0, 50);
  const items: Array<vscode.QuickPickItem & { ref: CheckpointRef }> = [];
  for (const job of jobs) {
    const listed = await c.checkpoints(job.id).catch(() => []);
    for (const ck of [...listed].reverse()) {
      if (job.id === not.jobId && ck.path === not.path) continue;
      if (!ck.complete) continue;
      items.push({ label: ck.path, description: `${job.spec.name} (${job.id})${ck.step === undefined ? '' : ` · step ${ck.step}`}`, ref: { jobId: job.id, jobName: job.spec.name, path: ck.path } });
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage('OpenClaw: no other complete checkpoint to compare with.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { placeHolder: `Compare ${not.path} with…`, matchOnDescription: true }))?.ref;
}

export function registerCheckpointPanel(context: vscode.ExtensionContext, api: OpenClawApi, commands: CommandRegistrar<'checkpoint'>): void {
  const open = new Map<string, CheckpointPanel>();
  const keyOf = (ref: CheckpointRef) => `${ref.jobId}\0${ref.path}`;
  const track = (panel: CheckpointPanel): CheckpointPanel => {
    const key = keyOf(panel.of);
    open.set(key, panel);
    panel.host.onDidDispose(() => open.delete(key));
    return panel;
  };
  const panelFor = (ref: CheckpointRef): CheckpointPanel => {
    const existing = open.get(keyOf(ref));
    existing?.host.reveal();
    return existing ?? track(new CheckpointPanel(context, api, ref));
  };
  context.subscriptions.push(
    // A checkpoint deleted meanwhile restores to the page's "failed" with the reader's reason.
    commands.restore('openclaw.checkpoint', (panel, subject) => {
      const s = CheckpointSubject.safeParse(subject);
      if (!s.success || open.has(keyOf(s.data.of))) {
        showUnavailable(context, panel, 'This checkpoint view could not be restored: open it again from the Checkpoints view.');
        return;
      }
      track(new CheckpointPanel(context, api, s.data.of, panel)).compare(s.data.against);
    }),
    commands.register('openclaw.showCheckpointContents', (arg?: unknown) => {
      const ref = refOf(arg, api.session.controller);
      if (!ref) return undefined;
      const panel = panelFor(ref);
      panel.compare(undefined);
      return panel.host;
    }),
    // From the Checkpoints view: (clicked, every selected). Two selected are compared at once.
    commands.register('openclaw.compareCheckpoints', async (arg?: unknown, selected?: unknown[]) => {
      const c = api.session.controller;
      const refs = (selected?.length ? selected : [arg]).map((a) => refOf(a, c)).filter((r): r is CheckpointRef => !!r);
      if (refs.length === 0) return undefined;
      const against = refs[1] ?? (await pickCheckpoint(c, refs[0]!));
      if (!against) return undefined;
      const panel = panelFor(refs[0]!);
      panel.compare(against);
      return panel.host;
    }),
    { dispose: () => [...open.values()].forEach((p) => p.host.dispose()) },
  );
}
