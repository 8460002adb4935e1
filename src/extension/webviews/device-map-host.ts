/** The device map panel: one per window, fed from the connected controller, updated by deltas. */
import * as vscode from 'vscode';
import type { CommandRegistrar } from './panel-commands';
import type { ControllerChange } from '../../controller/api';
import { parseMetricLine } from '../../core/metric-line';
import { DeviceMapSubject, DeviceMapToHost, type DeviceMapToWebview } from '../../protocol/device-map';
import type { OpenClawApi } from '../activation';
import { DeviceMapModel } from './device-map-model';
import { PanelHost } from './panel-host';

/** Deltas are coalesced over this many milliseconds (a burst of job changes is one repaint). */
const FLUSH_MS = 50;

class DeviceMapHost implements vscode.Disposable {
  readonly host: PanelHost<DeviceMapToHost, DeviceMapToWebview>;
  private model: DeviceMapModel | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private focusJob: string | undefined;
  private readonly subs: vscode.Disposable[] = [];

  constructor(context: vscode.ExtensionContext, private readonly api: OpenClawApi, restored?: { panel: vscode.WebviewPanel; subject: DeviceMapSubject }) {
    this.focusJob = restored?.subject.focusJob;
    const subject: DeviceMapSubject = this.focusJob ? { focusJob: this.focusJob } : {};
    this.host = new PanelHost(context, { viewType: 'openclaw.deviceMap', title: 'Device Map', bundle: 'device-map', incoming: DeviceMapToHost, subject, ...(restored && { restoreIn: restored.panel }) });
    this.rebuild();
    this.subs.push(
      this.host.onReady(() => this.sendSnapshot()),
      this.host.onMessage((m) => this.onMessage(m)),
      api.session.onDidChangeConnection(() => {
        this.rebuild();
        this.sendSnapshot();
      }),
      api.session.onDidChange((c) => this.onChange(c)),
    );
    this.host.onDidDispose(() => this.dispose());
  }

  private rebuild(): void {
    const c = this.api.session.controller;
    this.model = c ? new DeviceMapModel(c.nodes(), c.jobs()) : new DeviceMapModel([], []);
  }

  private sendSnapshot(): void {
    if (!this.model) return;
    this.model.takeDelta();
    this.host.post(this.model.snapshot());
    if (this.focusJob) this.host.post({ type: 'focusJob', jobId: this.focusJob });
  }

  private onChange(c: ControllerChange): void {
    const m = this.model;
    if (!m) return;
    switch (c.kind) {
      case 'cluster':
        this.rebuild();
        this.sendSnapshot();
        return;
      case 'job':
        m.updateJob(c.job);
        break;
      case 'job-removed':
        m.removeJob(c.jobId);
        break;
      case 'log': {
        const metric = parseMetricLine(c.line);
        const u = metric?.values.gpuUtil ?? metric?.values.util;
        if (u === undefined) return;
        m.setUtil(c.jobId, u > 1 ? u / 100 : u);
        break;
      }
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const d = this.model?.takeDelta();
      if (d) this.host.post(d);
    }, FLUSH_MS);
  }

  private async onMessage(m: DeviceMapToHost): Promise<void> {
    if (m.type !== 'revealJob') return;
    const job = this.api.session.controller?.job(m.jobId);
    if (!job) return;
    await vscode.commands.executeCommand('openclaw.showJobDetail', job.id);
    await Promise.resolve(this.api.views.jobs.revealJob(job)).catch(() => undefined);
  }

  focus(jobId: string): void {
    this.focusJob = jobId;
    this.host.setSubject({ focusJob: jobId } satisfies DeviceMapSubject);
    this.host.post({ type: 'focusJob', jobId });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subs.splice(0)) s.dispose();
    this.host.dispose();
  }
}

/** `openclaw.showDeviceMap [jobId]`: opens (or reveals) the map, highlighting a job when given one. */
export function registerDeviceMap(context: vscode.ExtensionContext, api: OpenClawApi, commands: CommandRegistrar<'deviceMap'>): void {
  let current: DeviceMapHost | undefined;
  const track = (created: DeviceMapHost): DeviceMapHost => {
    current = created;
    created.host.onDidDispose(() => {
      if (current === created) current = undefined;
    });
    return created;
  };
  context.subscriptions.push(
    // The map needs nothing but the connected cluster: it always comes back, focused as it was.
    commands.restore('openclaw.deviceMap', (panel, subject) => {
      const s = DeviceMapSubject.safeParse(subject);
      track(new DeviceMapHost(context, api, { panel, subject: s.success ? s.data : {} }));
    }),
    commands.register('openclaw.showDeviceMap', (arg?: unknown) => {
      current?.host.reveal();
      const map = current ?? track(new DeviceMapHost(context, api));
      const jobId = jobIdOf(arg);
      if (jobId) map.focus(jobId);
      return map.host;
    }),
    { dispose: () => current?.dispose() },
  );
}

/** A job id from a command argument: an id, a JobRecord, or a Jobs view node. */
export function jobIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object') {
    const o = arg as { id?: unknown; job?: { id?: unknown } };
    if (typeof o.job?.id === 'string') return o.job.id;
    if (typeof o.id === 'string') return o.id;
  }
  return undefined;
}
