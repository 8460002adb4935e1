/** Checkpoint page: the tensors, training state and model inside a checkpoint, or how two differ. */
import '../shared/zod-config';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { CheckpointContents, TensorInfo } from '../../src/core/checkpoint-contents/contents';
import type { CheckpointDiff } from '../../src/core/checkpoint-contents/diff';
import { CheckpointToWebview, type CheckpointRef, type CheckpointToHost } from '../../src/protocol/checkpoint';
import { Bridge } from '../shared/bridge';
import { fmtBytes, fmtInt } from '../shared/format';
import { baseStyles } from '../shared/styles';

/** Rows drawn at once; the filter narrows the rest. */
const ROWS = 1000;

type Sort = 'name' | 'size';

function shapeText(shape: readonly number[]): string {
  return shape.length ? shape.join(' × ') : 'scalar';
}

@customElement('checkpoint-app')
export class CheckpointApp extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host { display: block; padding-bottom: 24px; }
      .facts { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 6px 0; }
      .problems { color: var(--vscode-editorWarning-foreground, var(--vscode-errorForeground)); margin: 6px 0; padding-left: 18px; }
      .failed { color: var(--vscode-errorForeground); }
      .kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; }
      td.mono, .mono { font-family: var(--vscode-editor-font-family, monospace); font-size: 12px; }
      th.sortable { cursor: pointer; text-decoration: underline dotted; }
      .added { color: var(--vscode-gitDecoration-addedResourceForeground, #81b88b); }
      .removed { color: var(--vscode-gitDecoration-deletedResourceForeground, #c74e39); }
      .changed { color: var(--vscode-gitDecoration-modifiedResourceForeground, #e2c08d); }
      vscode-textfield { width: 280px; }
    `,
  ];

  private readonly bridge = new Bridge<CheckpointToWebview, CheckpointToHost>(CheckpointToWebview, (m) => this.onMessage(m));
  @state() private message: CheckpointToWebview | undefined;
  @state() private filter = '';
  @state() private sort: Sort = 'name';

  override firstUpdated(): void {
    this.bridge.ready();
  }

  private onMessage(m: CheckpointToWebview): void {
    this.message = m;
  }

  private post(m: CheckpointToHost): void {
    this.bridge.post(m);
  }

  override render() {
    const m = this.message;
    if (!m) return html`<p class="muted">Loading…</p>`;
    return html`
      <div class="toolbar">
        <b class="mono" id="path">${m.of.path}</b>
        <span class="muted">${m.of.jobName} (${m.of.jobId})</span>
        ${m.type === 'diff'
          ? html`<span>compared with <b class="mono" id="against">${m.against.path}</b>${m.against.jobId === m.of.jobId ? nothing : html` <span class="muted">of ${m.against.jobName}</span>`}</span>
              <vscode-button id="contents" secondary icon="symbol-array" @click=${() => this.post({ type: 'showContents' })}>Contents</vscode-button>`
          : nothing}
        <vscode-button id="compare" secondary icon="diff" @click=${() => this.post({ type: 'compareWith' })}>Compare with…</vscode-button>
      </div>
      ${m.type === 'loading' ? html`<p class="muted" id="loading">Reading ${m.of.path}${m.against ? html` and ${m.against.path}` : nothing}…</p>` : nothing}
      ${m.type === 'failed' ? html`<p class="failed" id="failed">${m.message}</p>` : nothing}
      ${m.type === 'contents' ? this.renderContents(m.contents) : nothing}
      ${m.type === 'diff' ? this.renderDiff(m.against, m.before, m.diff) : nothing}
    `;
  }

  private renderProblems(c: CheckpointContents) {
    return c.problems.length ? html`<ul class="problems" id="problems">${c.problems.map((p) => html`<li>${p}</li>`)}</ul>` : nothing;
  }

  private renderKv(id: string, title: string, record: Record<string, number | string | boolean>) {
    const entries = Object.entries(record);
    if (entries.length === 0) return nothing;
    return html`<h2>${title}</h2><div class="kv" id=${id}>${entries.map(([k, v]) => html`<span class="muted mono">${k}</span><span class="mono">${String(v)}</span>`)}</div>`;
  }

  private renderContents(c: CheckpointContents) {
    const needle = this.filter.toLowerCase();
    const matching = c.tensors.filter((t) => !needle || t.name.toLowerCase().includes(needle) || t.dtype.includes(needle));
    const sorted = this.sort === 'size' ? [...matching].sort((a, b) => b.bytes - a.bytes) : matching;
    const dtypes = new Map<string, number>();
    for (const t of c.tensors) dtypes.set(t.dtype, (dtypes.get(t.dtype) ?? 0) + t.bytes);
    return html`
      <div class="facts" id="facts">
        <span>format <b>${c.format}</b></span>
        <span><b>${fmtInt(c.tensorCount)}</b> tensors, <b>${fmtBytes(c.tensorBytes)}</b></span>
        ${[...dtypes].sort((a, b) => b[1] - a[1]).map(([d, b]) => html`<span class="muted">${d} ${fmtBytes(b)}</span>`)}
        ${c.files.length > 1 ? html`<span>${c.files.length} files</span>` : nothing}
      </div>
      ${this.renderProblems(c)}
      ${this.renderKv('state', 'Training state', c.state)}
      ${this.renderKv('model', 'Model', c.model)}
      ${c.tensorCount > 0
        ? html`<h2>Tensors</h2>
            <vscode-textfield id="filter" placeholder="Filter by name or dtype" .value=${this.filter} @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value)}></vscode-textfield>
            <span class="muted" id="shown">${matching.length === c.tensors.length ? '' : `${fmtInt(matching.length)} of `}${fmtInt(c.tensors.length)}${c.tensors.length < c.tensorCount ? ` listed of ${fmtInt(c.tensorCount)}` : ''}</span>
            <table id="tensors"><thead><tr>
              <th class="sortable" @click=${() => (this.sort = 'name')}>name</th><th>dtype</th><th>shape</th>
              <th class="num sortable" id="sort-size" @click=${() => (this.sort = 'size')}>size</th>${c.files.length > 1 ? html`<th>file</th>` : nothing}
            </tr></thead><tbody>
              ${sorted.slice(0, ROWS).map((t) => this.tensorRow(t, c.files.length > 1))}
            </tbody></table>
            ${sorted.length > ROWS ? html`<p class="muted">${fmtInt(sorted.length - ROWS)} more: filter to see them.</p>` : nothing}`
        : nothing}
      ${c.files.length > 1
        ? html`<h2>Files</h2><table id="files"><tbody>${c.files.map((f) => html`<tr><td class="mono">${f.path}</td><td class="num">${fmtBytes(f.bytes)}</td><td class="muted">${f.format === 'unknown' ? '' : f.format}</td></tr>`)}</tbody></table>`
        : nothing}
    `;
  }

  private tensorRow(t: TensorInfo, withFile: boolean) {
    return html`<tr><td class="mono">${t.name}</td><td>${t.dtype}</td><td class="mono">${shapeText(t.shape)}</td><td class="num">${fmtBytes(t.bytes)}</td>${withFile ? html`<td class="muted">${t.file ?? ''}</td>` : nothing}</tr>`;
  }

  private renderDiff(against: CheckpointRef, before: CheckpointContents, d: CheckpointDiff) {
    const delta = d.bytesAfter - d.bytesBefore;
    const pct = d.bytesBefore > 0 ? ` (${delta >= 0 ? '+' : ''}${((delta / d.bytesBefore) * 100).toFixed(1)}%)` : '';
    const same = d.added.length === 0 && d.removed.length === 0 && d.changed.length === 0;
    return html`
      <div class="facts" id="summary">
        <span class="added">${fmtInt(d.added.length)} added</span>
        <span class="removed">${fmtInt(d.removed.length)} removed</span>
        <span class="changed">${fmtInt(d.changed.length)} changed</span>
        <span class="muted">${fmtInt(d.unchanged)} the same</span>
        <span>size ${fmtBytes(d.bytesBefore)} → ${fmtBytes(d.bytesAfter)}${pct}</span>
      </div>
      ${d.partial ? html`<p class="muted">Only the listed tensors are compared: one side has more than the panel lists.</p>` : nothing}
      ${this.renderProblems(before)}
      ${same ? html`<p id="same">Same tensors, dtypes and shapes as ${against.path}.</p>` : nothing}
      ${d.changed.length
        ? html`<h2>Changed</h2><table id="changed"><thead><tr><th>name</th><th>before</th><th>after</th></tr></thead><tbody>
            ${d.changed.map((c) => html`<tr><td class="mono">${c.name}</td><td class="mono">${c.before.dtype} ${shapeText(c.before.shape)}</td><td class="mono changed">${c.after.dtype} ${shapeText(c.after.shape)}</td></tr>`)}
          </tbody></table>`
        : nothing}
      ${d.added.length ? html`<h2>Added</h2><table id="added"><tbody>${d.added.slice(0, ROWS).map((t) => this.tensorRow(t, false))}</tbody></table>` : nothing}
      ${d.removed.length ? html`<h2>Removed</h2><table id="removed"><tbody>${d.removed.slice(0, ROWS).map((t) => this.tensorRow(t, false))}</tbody></table>` : nothing}
      ${d.state.length
        ? html`<h2>Training state</h2><table id="state-diff"><thead><tr><th>key</th><th>before</th><th>after</th></tr></thead><tbody>
            ${d.state.map((s) => html`<tr><td class="mono">${s.key}</td><td class="mono">${s.before === undefined ? '' : String(s.before)}</td><td class="mono">${s.after === undefined ? '' : String(s.after)}</td></tr>`)}
          </tbody></table>`
        : nothing}
    `;
  }
}

document.body.append(document.createElement('checkpoint-app'));
