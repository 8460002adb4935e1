/** The Cluster view: nodes with their state, and under each its devices with model, memory, use and job. */
import * as vscode from 'vscode';
import type { DeviceInfo, NodeInfo, NodeState } from '../../core/device';
import type { JobRecord } from '../../core/job';
import type { Session } from '../session';
import { ACTIVE_STATES } from './jobFormat';

export class NodeElement {
  constructor(readonly node: NodeInfo, readonly busy: number) {}
}

export class DeviceElement {
  constructor(readonly node: NodeInfo, readonly device: DeviceInfo, readonly job: JobRecord | undefined) {}
}

export type ClusterElement = NodeElement | DeviceElement;

const NODE_LOOK: Record<NodeState, { icon: string; color: string }> = {
  ready: { icon: 'server', color: 'charts.green' },
  suspect: { icon: 'warning', color: 'charts.yellow' },
  dead: { icon: 'error', color: 'errorForeground' },
  draining: { icon: 'arrow-circle-down', color: 'charts.orange' },
};

/** Percent from a 0..1 or 0..100 figure. */
function percent(u: number | undefined): number | undefined {
  if (typeof u !== 'number' || !Number.isFinite(u)) return undefined;
  return u <= 1 ? Math.round(u * 100) : Math.round(u);
}

export class ClusterTreeProvider implements vscode.TreeDataProvider<ClusterElement> {
  private readonly emitter = new vscode.EventEmitter<ClusterElement | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private occupancy: Map<string, JobRecord> | undefined;

  constructor(private readonly session: Session) {}

  refresh(): void {
    this.occupancy = undefined;
    this.emitter.fire(undefined);
  }

  /** Which job holds each device (`node/index`). */
  private jobsOnDevices(): Map<string, JobRecord> {
    if (this.occupancy) return this.occupancy;
    const map = new Map<string, JobRecord>();
    for (const job of this.session.controller?.jobs() ?? []) {
      if (!ACTIVE_STATES.has(job.state)) continue;
      for (const p of job.placement) for (const d of p.devices) map.set(`${p.node}/${d}`, job);
    }
    this.occupancy = map;
    return map;
  }

  getChildren(element?: ClusterElement): ClusterElement[] {
    const occ = this.jobsOnDevices();
    if (!element) {
      return (this.session.controller?.nodes() ?? []).map((n) => {
        let busy = 0;
        for (const d of n.devices) if (occ.has(`${n.name}/${d.index}`)) busy++;
        return new NodeElement(n, busy);
      });
    }
    if (element instanceof NodeElement) {
      return element.node.devices.map((d) => new DeviceElement(element.node, d, occ.get(`${element.node.name}/${d.index}`)));
    }
    return [];
  }

  getParent(element: ClusterElement): ClusterElement | undefined {
    if (element instanceof NodeElement) return undefined;
    let busy = 0;
    const occ = this.jobsOnDevices();
    for (const d of element.node.devices) if (occ.has(`${element.node.name}/${d.index}`)) busy++;
    return new NodeElement(element.node, busy);
  }

  getTreeItem(element: ClusterElement): vscode.TreeItem {
    if (element instanceof NodeElement) {
      const n = element.node;
      const item = new vscode.TreeItem(n.name, n.devices.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      item.id = `node:${n.name}`;
      const models = [...new Set(n.devices.map((d) => d.model))].join('/');
      item.description = `${n.state} · ${n.devices.length ? `${n.devices.length}× ${models} · ${element.busy}/${n.devices.length} busy` : `${n.cpus} CPUs`}`;
      const look = NODE_LOOK[n.state];
      item.iconPath = new vscode.ThemeIcon(look.icon, new vscode.ThemeColor(look.color));
      item.contextValue = `node ${n.state}`;
      const md = new vscode.MarkdownString(`**${n.name}** — ${n.state}\n\n`);
      md.appendMarkdown(`${n.devices.length} devices${models ? ` (${models})` : ''}, ${n.cpus} CPUs, ${n.memoryGiB} GiB memory${n.rack ? `, rack ${n.rack}` : ''}  \n`);
      md.appendMarkdown(`${element.busy} of ${n.devices.length} devices in use`);
      item.tooltip = md;
      return item;
    }
    const { node, device, job } = element;
    const label = device.vendor === 'cpu' ? `CPU slot ${device.index}` : `GPU ${device.index}`;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `device:${node.name}/${device.index}`;
    // Utilisation as the job reports it (`@openclaw {"gpuUtil": ...}` metric lines), as the device map shows it.
    const samples = job ? this.session.controller?.metrics(job.id) : undefined;
    const last = samples?.[samples.length - 1];
    const u = percent(last?.values.gpuUtil ?? last?.values.util);
    item.description = [device.model, `${device.memoryGiB} GiB`, u !== undefined ? `${u}%` : undefined, job ? job.spec.name : 'free']
      .filter(Boolean)
      .join(' · ');
    item.iconPath = new vscode.ThemeIcon(job ? 'circle-filled' : 'circle-outline', job ? new vscode.ThemeColor('charts.blue') : undefined);
    item.contextValue = job ? 'device busy' : 'device free';
    item.tooltip = `${node.name} ${label}: ${device.model}, ${device.memoryGiB} GiB${u !== undefined ? `, ${u}% utilised` : ''}\n${device.uuid}${job ? `\nRunning ${job.spec.name} (${job.id})` : '\nFree'}`;
    if (job) item.command = { command: 'openclaw.job.showLogs', title: 'Show Logs', arguments: [job.id] };
    return item;
  }
}
