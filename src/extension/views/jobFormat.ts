/** How a job looks in the views: icon and colour per state, a one-line description, a rich tooltip. */
import * as vscode from 'vscode';
import type { JobRecord } from '../../core/job';
import type { JobState } from '../../core/job-state';
import { shellLine } from '../../core/shell-words';
import { formatElapsed } from '../../core/duration';

interface StateLook {
  label: string;
  icon: string;
  color?: string;
}

export const STATE_LOOK: Record<JobState, StateLook> = {
  running: { label: 'Running', icon: 'sync~spin', color: 'charts.blue' },
  checkpointing: { label: 'Checkpointing', icon: 'save', color: 'charts.purple' },
  starting: { label: 'Starting', icon: 'loading~spin', color: 'charts.blue' },
  placed: { label: 'Placed', icon: 'pinned', color: 'charts.blue' },
  restarting: { label: 'Restarting', icon: 'debug-restart', color: 'charts.orange' },
  queued: { label: 'Queued', icon: 'clock', color: 'charts.yellow' },
  failed: { label: 'Failed', icon: 'error', color: 'testing.iconFailed' },
  succeeded: { label: 'Succeeded', icon: 'pass', color: 'testing.iconPassed' },
  cancelled: { label: 'Cancelled', icon: 'circle-slash', color: 'disabledForeground' },
};

/** Group order in the Jobs view: what needs attention first. */
export const STATE_ORDER: readonly JobState[] = ['running', 'checkpointing', 'starting', 'placed', 'restarting', 'queued', 'failed', 'succeeded', 'cancelled'];

export const ACTIVE_STATES: ReadonlySet<JobState> = new Set(['placed', 'starting', 'running', 'checkpointing', 'restarting']);

/** A queued job that can never start gets a warning, not the clock of one that only waits. */
export function jobIcon(job: Pick<JobRecord, 'state' | 'neverFits'>): vscode.ThemeIcon {
  if (job.state === 'queued' && job.neverFits) return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  return stateIcon(job.state);
}

export function stateIcon(state: JobState): vscode.ThemeIcon {
  const look = STATE_LOOK[state];
  return new vscode.ThemeIcon(look.icon, look.color ? new vscode.ThemeColor(look.color) : undefined);
}

export function submittedAt(job: JobRecord): number {
  return job.history[0]?.at ?? 0;
}

/** First time the job ran in its current attempt, and when it ended (if it did). */
function runSpan(job: JobRecord): { start?: number; end?: number } {
  let start: number | undefined;
  let end: number | undefined;
  for (const t of job.history) {
    if ((t.state === 'running' || t.state === 'starting') && start === undefined) start = t.at;
    if (t.state === 'queued' && start !== undefined) {
      start = undefined;
      end = undefined;
    }
    if (t.state === 'succeeded' || t.state === 'failed' || t.state === 'cancelled') end = t.at;
  }
  return { start, end };
}

/** Milliseconds elapsed, like a clock: "5m 03s". */
export function formatDuration(ms: number): string {
  return formatElapsed(Math.round(ms / 1000));
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

export function deviceCount(job: JobRecord): number {
  let n = 0;
  for (const p of job.placement) n += p.devices.length;
  return n;
}

/**
 * Which run of its spec a job is: "#2" for ddp-demo-2 (ids are the spec's name and a counter), else the
 * id. Two runs of one spec share a label; this tells them apart.
 */
export function runTag(job: Pick<JobRecord, 'id' | 'spec'>): string {
  const prefix = `${job.spec.name}-`;
  return job.id.startsWith(prefix) && /^\d+$/.test(job.id.slice(prefix.length)) ? `#${job.id.slice(prefix.length)}` : job.id;
}

/** "#1 · 8 GPUs · 45% · 3m 12s" ("#1 · alice · 8 GPUs …" when the spec names its user, as a control plane's jobs do), or why it waits. `now` is the backend's clock (simulated time on the simulator). */
export function jobDescription(job: JobRecord, now: number): string {
  const parts: string[] = [runTag(job)];
  if (job.spec.user) parts.push(job.spec.user);
  const r = job.spec.resources;
  const world = r.nodes * r.processesPerNode;
  // A CPU-only job is placed on CPU slots: count its processes, not devices.
  const devices = r.gpusPerProcess > 0 ? deviceCount(job) || world * r.gpusPerProcess : 0;
  parts.push(devices > 0 ? `${devices} GPU${devices === 1 ? '' : 's'}${r.deviceModel ? ` ${r.deviceModel}` : ''}` : `${world} proc${world === 1 ? '' : 's'}`);
  if (job.step !== undefined && job.totalSteps) parts.push(`${Math.min(100, Math.floor((100 * job.step) / job.totalSteps))}%`);
  else if (job.step !== undefined) parts.push(`step ${job.step}`);
  const { start, end } = runSpan(job);
  if (start !== undefined) parts.push(formatDuration((end ?? Math.max(now, start)) - start));
  if (job.restarts > 0) parts.push(`${job.restarts} restart${job.restarts === 1 ? '' : 's'}`);
  if (job.state === 'queued' && job.neverFits) parts.push(`can never start: ${job.neverFits}`);
  else if (job.state === 'queued' && job.waitReason) parts.push(job.waitReason);
  if (job.state === 'failed' && job.error) parts.push(job.error);
  return parts.join(' · ');
}

/** Escapes Markdown in running text (not in code spans, where a backslash would show). */
function esc(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/** A code span for any text: a fence longer than any run of backticks inside it. */
function code(s: string): string {
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${/^`|`$/.test(s) ? ` ${s} ` : s}${fence}`;
}

/** "2 nodes × 1 process, 1 GPU each (a100)", or for a CPU-only job what it holds. */
function resourcesText(job: JobRecord): string {
  const r = job.spec.resources;
  const shape = `${r.nodes} node${r.nodes === 1 ? '' : 's'} × ${r.processesPerNode} process${r.processesPerNode === 1 ? '' : 'es'}`;
  if (r.gpusPerProcess > 0) return `${shape}, ${r.gpusPerProcess} GPU${r.gpusPerProcess === 1 ? '' : 's'} each${r.deviceModel ? ` (${esc(r.deviceModel)})` : ''}`;
  // A CPU-only rank still holds one device slot (a CPU slot on agents without GPUs, a GPU on a
  // cluster without CPU slots, as the simulator's presets): say so, or a busy GPU on the device map
  // contradicts the tooltip.
  if (deviceCount(job) > 0) return `${shape}, CPU only; each process holds one device slot of the cluster`;
  return `${shape}, CPU only`;
}

export function jobTooltip(job: JobRecord, now: number): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.supportThemeIcons = true;
  const look = STATE_LOOK[job.state];
  md.appendMarkdown(`**${esc(job.spec.name)}** $(${look.icon.replace('~spin', '')}) ${look.label}  \n`);
  md.appendMarkdown(`${code(job.id)} on ${esc(job.backend)}${job.backend === 'simulator' ? ' (simulated time)' : ''}\n\n`);
  md.appendMarkdown(`| | |\n|---|---|\n`);
  if (job.spec.user) md.appendMarkdown(`| Owner | ${esc(job.spec.user)} |\n`);
  md.appendMarkdown(`| Resources | ${resourcesText(job)} |\n`);
  if (job.placement.length) {
    const byNode = new Map<string, number[]>();
    for (const p of job.placement) byNode.set(p.node, [...(byNode.get(p.node) ?? []), ...p.devices]);
    const where = [...byNode].slice(0, 6).map(([n, d]) => `${esc(n)}${d.length ? ` \\[${d.join(',')}\\]` : ''}`).join(', ');
    md.appendMarkdown(`| Placement | ${where}${byNode.size > 6 ? `, +${byNode.size - 6} nodes` : ''} |\n`);
  }
  if (job.step !== undefined) md.appendMarkdown(`| Progress | step ${job.step}${job.totalSteps ? ` of ${job.totalSteps}` : ''} |\n`);
  md.appendMarkdown(`| Description | ${esc(jobDescription(job, now))} |\n`);
  if (job.restarts) md.appendMarkdown(`| Restarts | ${job.restarts}${job.lostGpuSeconds ? `, ${Math.round(job.lostGpuSeconds / 36) / 100} GPU-hours lost` : ''} |\n`);
  if (job.lastCheckpoint) md.appendMarkdown(`| Last checkpoint | ${esc(job.lastCheckpoint.path)}${job.lastCheckpoint.step !== undefined ? ` (step ${job.lastCheckpoint.step})` : ''} |\n`);
  if (job.resumeFrom) md.appendMarkdown(`| Resumed from | ${esc(job.resumeFrom)} |\n`);
  if (job.exitCode !== undefined) md.appendMarkdown(`| Exit code | ${job.exitCode} |\n`);
  // The command in a block of its own: its newlines and pipes cannot break the table there.
  md.appendCodeblock(shellLine(job.spec.command), 'sh');
  if (job.neverFits && job.state === 'queued') md.appendMarkdown(`\n$(warning) **Can never start on this cluster**: ${esc(job.neverFits)}. Edit the spec, pick another cluster, or cancel it.\n`);
  else if (job.waitReason && job.state === 'queued') md.appendMarkdown(`\n$(clock) Waiting: ${esc(job.waitReason)}\n`);
  if (job.error) md.appendMarkdown(`\n$(error) ${esc(job.error)}\n`);
  if (job.specPath) md.appendMarkdown(`\n$(file) ${esc(vscode.workspace.asRelativePath(job.specPath))}\n`);
  return md;
}
