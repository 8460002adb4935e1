/** The status-bar item: backend and free/total devices; a click switches cluster. */
import * as vscode from 'vscode';
import type { Session } from './session';
import { ACTIVE_STATES } from './views/jobFormat';

const BACKEND_ICON = { simulator: 'vm', agents: 'server-environment', slurm: 'server-process' } as const;

export class ClusterStatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('openclaw.cluster', vscode.StatusBarAlignment.Left, 50);
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly session: Session) {
    this.item.name = 'OpenClaw Cluster';
    this.item.command = 'openclaw.selectCluster';
    this.subscriptions = [
      session.onDidChangeConnection(() => this.update()),
      session.onDidChange((c) => {
        if (c.kind !== 'log') this.schedule();
      }),
    ];
    this.update();
    this.item.show();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.update();
    }, 500);
  }

  /** Free and total devices (CPU slots count on a machine without GPUs). */
  counts(): { free: number; total: number; nodes: number; down: number } {
    const controller = this.session.controller;
    if (!controller) return { free: 0, total: 0, nodes: 0, down: 0 };
    const busy = new Set<string>();
    for (const job of controller.jobs()) {
      if (!ACTIVE_STATES.has(job.state)) continue;
      for (const p of job.placement) for (const d of p.devices) busy.add(`${p.node}/${d}`);
    }
    let free = 0;
    let total = 0;
    let down = 0;
    const nodes = controller.nodes();
    for (const n of nodes) {
      if (n.state === 'dead' || n.state === 'suspect') down++;
      for (const d of n.devices) {
        total++;
        if (n.state === 'ready' && !busy.has(`${n.name}/${d.index}`)) free++;
      }
    }
    return { free, total, nodes: nodes.length, down };
  }

  update(): void {
    const c = this.session.connection;
    if (!c) {
      this.item.text = '$(circle-slash) OpenClaw';
      this.item.tooltip = 'OpenClaw: no cluster connected. Click to start the local simulator or pick a cluster.';
      this.item.backgroundColor = undefined;
      return;
    }
    const { free, total, nodes, down } = this.counts();
    const kind = c.controller.backendKind;
    this.item.text = `$(${BACKEND_ICON[kind]}) ${c.label} $(dash) ${free}/${total} free`;
    const md = new vscode.MarkdownString(`**OpenClaw** connected to **${c.label}** (${kind})\n\n${nodes} nodes${down ? `, ${down} not ready` : ''}, ${free} of ${total} devices free\n\nClick to switch cluster.`);
    this.item.tooltip = md;
    this.item.backgroundColor = down ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
