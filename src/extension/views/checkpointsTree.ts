/**
 * The Checkpoints view: jobs that have written checkpoints, and under each its checkpoints newest
 * first with step, size, time and format. The contextValue says which actions apply: resume (only a
 * complete one), reveal (only a path on this machine), delete (never the one a running job resumes from).
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import type { CheckpointInfo } from '../../core/checkpoint';
import type { JobRecord } from '../../core/job';
import type { Session } from '../session';
import { ACTIVE_STATES, formatBytes, formatDuration, submittedAt } from './jobFormat';

export class CheckpointJobElement {
  constructor(readonly job: JobRecord) {}
}

export class CheckpointElement {
  constructor(readonly job: JobRecord, readonly checkpoint: CheckpointInfo, readonly newest: boolean) {}

  /** The checkpoint's full path: relative paths are under the job's checkpoint directory. */
  get fullPath(): string {
    const p = this.checkpoint.path;
    if (isAbsolute(p)) return p;
    const dir = this.job.spec.checkpoint?.dir ?? 'checkpoints';
    return join(isAbsolute(dir) ? dir : join(this.job.spec.workdir ?? '', dir), p);
  }
}

export type CheckpointsElement = CheckpointJobElement | CheckpointElement;

/** Newest first: by step when both have one, else by time. */
export function newestFirst(a: CheckpointInfo, b: CheckpointInfo): number {
  if (a.step !== undefined && b.step !== undefined && a.step !== b.step) return b.step - a.step;
  return b.mtimeMs - a.mtimeMs;
}

/**
 * When a checkpoint was written. The simulator's clock runs ahead of the wall clock, so a simulated
 * time is shown as how far into the job it was ("at 1h 05m, simulated"), never as a date.
 */
function writtenAt(c: CheckpointInfo, job: JobRecord): string {
  if (job.backend === 'simulator') return `at ${formatDuration(c.mtimeMs - submittedAt(job))} (simulated)`;
  return ago(c.mtimeMs);
}

function ago(ms: number): string {
  const s = Math.round((Date.now() - ms) / 1000);
  if (s < 0) return new Date(ms).toLocaleTimeString();
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return new Date(ms).toLocaleDateString();
}

/**
 * The job, if any, still running (or about to) from this checkpoint: a resume is a job of its own
 * that names the checkpoint in `resumeFrom`. Such a checkpoint must not be deleted.
 */
export function jobResumingFrom(jobs: readonly JobRecord[], fullPath: string): JobRecord | undefined {
  return jobs.find((j) => j.resumeFrom !== undefined && (ACTIVE_STATES.has(j.state) || j.state === 'queued') && (j.resumeFrom === fullPath || fullPath.endsWith(`/${j.resumeFrom}`)));
}

export class CheckpointsTreeProvider implements vscode.TreeDataProvider<CheckpointsElement> {
  private readonly emitter = new vscode.EventEmitter<CheckpointsElement | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(private readonly session: Session) {}

  refresh(): void {
    this.emitter.fire(undefined);
  }

  async getChildren(element?: CheckpointsElement): Promise<CheckpointsElement[]> {
    const controller = this.session.controller;
    if (!controller) return [];
    if (!element) {
      return controller
        .jobs()
        .filter((j) => j.lastCheckpoint !== undefined || (j.spec.checkpoint !== undefined && j.state !== 'queued' && j.history.some((t) => t.state === 'running')))
        .sort((a, b) => submittedAt(b) - submittedAt(a))
        .map((j) => new CheckpointJobElement(j));
    }
    if (element instanceof CheckpointJobElement) {
      const list = [...(await controller.checkpoints(element.job.id))].sort(newestFirst);
      const job = controller.job(element.job.id) ?? element.job;
      return list.map((c, i) => new CheckpointElement(job, c, i === 0));
    }
    return [];
  }

  getParent(element: CheckpointsElement): CheckpointsElement | undefined {
    return element instanceof CheckpointElement ? new CheckpointJobElement(element.job) : undefined;
  }

  getTreeItem(element: CheckpointsElement): vscode.TreeItem {
    if (element instanceof CheckpointJobElement) {
      const job = element.job;
      const item = new vscode.TreeItem(job.spec.name, job.lastCheckpoint ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `ckjob:${job.id}`;
      const last = job.lastCheckpoint;
      item.description = `${job.state}${last?.step !== undefined ? ` · latest step ${last.step}` : ''}`;
      item.iconPath = new vscode.ThemeIcon('history');
      item.contextValue = 'checkpointJob';
      item.tooltip = `${job.spec.name} (${job.id})\nCheckpoints in ${job.spec.checkpoint?.dir ?? 'checkpoints'}`;
      return item;
    }
    const { checkpoint: c, job } = element;
    const full = element.fullPath;
    const label = c.step !== undefined ? `step ${c.step}` : c.path;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `ck:${job.id}:${c.path}`;
    const user = jobResumingFrom(this.session.controller?.jobs() ?? [], full);
    const inUse = user !== undefined;
    item.description = [c.step !== undefined ? c.path : undefined, formatBytes(c.sizeBytes), writtenAt(c, job), c.format, c.complete ? undefined : 'writing…', inUse ? 'in use' : undefined]
      .filter(Boolean)
      .join(' · ');
    item.iconPath = new vscode.ThemeIcon(c.complete ? (element.newest ? 'star-full' : 'save') : 'loading~spin', element.newest && c.complete ? new vscode.ThemeColor('charts.yellow') : undefined);
    const local = existsSync(full);
    const flags = ['checkpoint'];
    if (c.complete) flags.push('resumable');
    if (local) flags.push('local');
    if (local && !inUse && c.complete) flags.push('deletable');
    item.contextValue = flags.join(' ');
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${label}** of ${job.spec.name}\n\n`);
    md.appendMarkdown(`Path: \`${full}\`  \nFormat: ${c.format}  \nSize: ${formatBytes(c.sizeBytes)}${c.tensors !== undefined ? `, ${c.tensors} tensors` : ''}  \nWritten: ${job.backend === 'simulator' ? `${formatDuration(c.mtimeMs - submittedAt(job))} after the job was submitted (simulated time)` : new Date(c.mtimeMs).toLocaleString()}${c.node ? ` on ${c.node}` : ''}`);
    if (!c.complete) md.appendMarkdown('\n\nStill being written: not offered for resume.');
    if (user) md.appendMarkdown(`\n\n${user.spec.name} (${user.id}) runs from this checkpoint: it cannot be deleted while it does.`);
    item.tooltip = md;
    return item;
  }
}
