/**
 * The Jobs view: jobs grouped by state (active first), each with a description, a rich tooltip and
 * a contextValue that drives its inline and context actions. getChildren works on a snapshot that
 * is rebuilt once per refresh, so 5,000 jobs cost one pass, not one per group.
 */
import * as vscode from 'vscode';
import type { JobRecord } from '../../core/job';
import type { JobState } from '../../core/job-state';
import type { Session } from '../session';
import { ACTIVE_STATES, jobDescription, jobIcon, jobTooltip, STATE_LOOK, STATE_ORDER, stateIcon, submittedAt } from './jobFormat';

export class StateGroup {
  constructor(readonly state: JobState, readonly count: number) {}
}

export class JobNode {
  constructor(readonly job: JobRecord) {}
}

export type JobsElement = StateGroup | JobNode;

interface Snapshot {
  groups: Map<JobState, JobRecord[]>;
  /** The backend's clock: wall time for live backends, the latest event's time on the simulator. */
  now: number;
}

const EXPANDED: ReadonlySet<JobState> = new Set(['running', 'checkpointing', 'starting', 'placed', 'restarting', 'queued', 'failed']);

export class JobsTreeProvider implements vscode.TreeDataProvider<JobsElement> {
  private readonly emitter = new vscode.EventEmitter<JobsElement | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private snapshot: Snapshot | undefined;
  /** How many times the view was redrawn (tests check that hidden views are not). */
  refreshes = 0;

  constructor(private readonly session: Session) {}

  /** Forgets the snapshot and tells VS Code to ask again. */
  refresh(): void {
    this.refreshes++;
    this.snapshot = undefined;
    this.emitter.fire(undefined);
  }

  private take(): Snapshot {
    if (this.snapshot) return this.snapshot;
    const controller = this.session.controller;
    const groups = new Map<JobState, JobRecord[]>();
    let latest = 0;
    for (const job of controller?.jobs() ?? []) {
      let list = groups.get(job.state);
      if (!list) groups.set(job.state, (list = []));
      list.push(job);
      const last = job.history[job.history.length - 1];
      if (last && last.at > latest) latest = last.at;
    }
    for (const list of groups.values()) list.sort((a, b) => submittedAt(b) - submittedAt(a) || (a.id < b.id ? 1 : -1));
    const now = controller?.backendKind === 'simulator' ? latest : Date.now();
    this.snapshot = { groups, now };
    return this.snapshot;
  }

  getChildren(element?: JobsElement): JobsElement[] {
    const snap = this.take();
    if (!element) {
      const out: StateGroup[] = [];
      for (const state of STATE_ORDER) {
        const list = snap.groups.get(state);
        if (list?.length) out.push(new StateGroup(state, list.length));
      }
      return out;
    }
    if (element instanceof StateGroup) {
      const list = snap.groups.get(element.state) ?? [];
      const out = new Array<JobNode>(list.length);
      for (let i = 0; i < list.length; i++) out[i] = new JobNode(list[i]!);
      return out;
    }
    return [];
  }

  getParent(element: JobsElement): JobsElement | undefined {
    if (element instanceof JobNode) {
      const job = this.session.controller?.job(element.job.id) ?? element.job;
      return new StateGroup(job.state, this.take().groups.get(job.state)?.length ?? 0);
    }
    return undefined;
  }

  getTreeItem(element: JobsElement): vscode.TreeItem {
    if (element instanceof StateGroup) {
      const item = new vscode.TreeItem(STATE_LOOK[element.state].label, EXPANDED.has(element.state) ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `state:${element.state}`;
      item.description = String(element.count);
      item.iconPath = stateIcon(element.state);
      item.contextValue = 'jobGroup';
      return item;
    }
    const job = element.job;
    const item = new vscode.TreeItem(job.spec.name, vscode.TreeItemCollapsibleState.None);
    item.id = `job:${job.id}`;
    item.description = jobDescription(job, this.take().now);
    item.iconPath = jobIcon(job);
    item.contextValue = jobContextValue(job);
    item.command = { command: 'openclaw.job.showLogs', title: 'Show Logs', arguments: [element] };
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem, element: JobsElement): vscode.TreeItem {
    if (element instanceof JobNode) {
      const job = this.session.controller?.job(element.job.id) ?? element.job;
      item.tooltip = jobTooltip(job, this.take().now);
    }
    return item;
  }
}

/** Flags that the menus' `viewItem =~ /\bflag\b/` clauses test. */
export function jobContextValue(job: JobRecord): string {
  const flags = ['job', job.state];
  if (!['succeeded', 'failed', 'cancelled'].includes(job.state)) flags.push('cancellable');
  if (['succeeded', 'failed', 'cancelled'].includes(job.state)) flags.push('restartable');
  if (ACTIVE_STATES.has(job.state) && job.placement.length) flags.push('placed');
  if (job.specPath) flags.push('hasSpec');
  if (job.outputs.length || job.reportPath || job.spec.outputs.length || job.spec.checkpoint) flags.push('hasResults');
  return flags.join(' ');
}
