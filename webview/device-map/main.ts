/** Device map page: every device as a cell, coloured by job or utilisation, updated by deltas. */
import '../shared/zod-config';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { styleProps } from '../shared/style-props';
import { z } from 'zod';
import type { MapJob } from '../../src/protocol/device-map';
import { DeviceMapToWebview, unpackJobs, type DeviceMapToHost } from '../../src/protocol/device-map';
import type { Topology } from '../../src/protocol/topology';
import { Bridge } from '../shared/bridge';
import { DeviceGrid, type ColorBy } from '../shared/device-grid';
import { fmtInt, fmtPct } from '../shared/format';
import { baseStyles } from '../shared/styles';
import { UTIL_STOPS, jobColor, isDarkTheme } from '../shared/theme';

const SavedState = z.object({
  colorBy: z.enum(['job', 'util']),
  model: z.string(),
  jobFilter: z.string(),
  scrollTop: z.number(),
});
type SavedState = z.infer<typeof SavedState>;

/** Jobs named in the legend; the rest are counted. */
const LEGEND_JOBS = 12;
const LEGEND_MS = 250;

interface Hover {
  device: number;
  x: number;
  y: number;
}

@customElement('device-map-app')
export class DeviceMapApp extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host { display: flex; flex-direction: column; height: 100vh; }
      .grid { flex: 1; min-height: 0; position: relative; }
      /* One line of fixed height: a legend that grew or wrapped would resize the map under it. */
      .legend { display: flex; flex-wrap: nowrap; align-items: center; gap: 14px; height: 28px; overflow: hidden; font-size: 12px; white-space: nowrap; }
      .legend .group { display: inline-flex; align-items: center; gap: 10px; }
      .legend .entry { display: inline-flex; align-items: center; gap: 4px; white-space: nowrap; }
      .legend a.entry { color: inherit; }
      .legend .frame { display: inline-block; width: 10px; height: 10px; border: 2px solid; border-radius: 2px; }
      .scale { display: inline-flex; flex-direction: column; }
      .ramp { display: inline-flex; }
      .ramp span { width: 14px; height: 10px; }
      .ticks { display: flex; justify-content: space-between; font-size: 10px; line-height: 1.2; }
      .empty { padding: 20px 0; }
    `,
  ];

  readonly grid = new DeviceGrid();
  readonly bridge = new Bridge<DeviceMapToWebview, DeviceMapToHost>(DeviceMapToWebview, (m) => this.onMessage(m));
  private topology: Topology | undefined;
  private readonly jobs = new Map<string, MapJob>();
  @state() private saved: SavedState;
  @state() private busy = 0;
  @state() private hover: Hover | undefined;
  @state() private focused: string | null = null;
  @state() private models: string[] = [];
  @state() private version = 0;
  /** Jobs on the map by devices held, most first (the legend when colouring by job). */
  @state() private legendJobs: Array<[string, number]> = [];
  private legendTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.saved = this.bridge.restore(SavedState) ?? { colorBy: 'job', model: '', jobFilter: '', scrollTop: 0 };
    this.grid.colorBy = this.saved.colorBy;
    this.grid.onHover = (device, x, y) => {
      this.hover = device === undefined ? undefined : { device, x, y };
    };
    this.grid.onClick = (device) => {
      const job = this.grid.jobOn(device);
      if (job) this.bridge.post({ type: 'revealJob', jobId: job });
    };
    this.grid.element.addEventListener('scroll', () => this.persist({ scrollTop: this.grid.element.scrollTop }), { passive: true });
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector('.grid')!.append(this.grid.element);
    this.bridge.ready();
  }

  private onMessage(m: DeviceMapToWebview): void {
    switch (m.type) {
      case 'snapshot': {
        this.topology = m.topology;
        this.jobs.clear();
        unpackJobs(m.jobs, this.jobs);
        this.models = m.topology.models;
        this.grid.setData(m.topology, m.occupancy.job, m.occupancy.util);
        this.busy = m.occupancy.job.reduce((n, j) => (j ? n + 1 : n), 0);
        this.applyFilter();
        if (this.saved.scrollTop) this.grid.element.scrollTop = this.saved.scrollTop;
        break;
      }
      case 'delta': {
        let busy = this.busy;
        for (let i = 0; i < m.devices.length; i++) {
          const before = this.grid.jobOn(m.devices[i]!);
          if (before && !m.job[i]) busy--;
          else if (!before && m.job[i]) busy++;
        }
        if (m.jobs) unpackJobs(m.jobs, this.jobs);
        this.grid.applyDelta(m.devices, m.job, m.util);
        for (const n of m.nodes ?? []) this.grid.setNodeState(n.index, n.state);
        this.busy = busy;
        if (m.jobs && this.saved.jobFilter) this.applyFilter();
        break;
      }
      case 'focusJob': {
        this.focused = m.jobId;
        this.grid.setFocus(m.jobId);
        for (let d = 0; d < this.grid.deviceCount; d++) {
          if (this.grid.jobOn(d) === m.jobId) {
            this.grid.reveal(d);
            break;
          }
        }
        break;
      }
    }
    if (m.type === 'snapshot') this.legendJobs = this.grid.jobsByDevices();
    else if (m.type === 'delta') this.refreshLegendSoon();
    this.version++;
  }

  /** Deltas come in bursts and are meant to cost a millisecond or two: the legend follows them at most every LEGEND_MS. */
  private refreshLegendSoon(): void {
    this.legendTimer ??= setTimeout(() => {
      this.legendTimer = undefined;
      this.legendJobs = this.grid.jobsByDevices();
    }, LEGEND_MS);
  }

  private persist(patch: Partial<SavedState>): void {
    this.saved = { ...this.saved, ...patch };
    this.bridge.save(this.saved);
  }

  private applyFilter(): void {
    const model = this.saved.model ? this.models.indexOf(this.saved.model) : -1;
    const q = this.saved.jobFilter.trim().toLowerCase();
    let match: Set<string> | null = null;
    if (q) {
      match = new Set();
      for (const [id, j] of this.jobs) if (id.toLowerCase().includes(q) || j.name.toLowerCase().includes(q)) match.add(id);
    }
    this.grid.setFilter(model, match);
  }

  private onColorBy(e: Event): void {
    const v = (e.target as HTMLSelectElement).value as ColorBy;
    this.grid.colorBy = v;
    this.persist({ colorBy: v });
  }

  private onModel(e: Event): void {
    this.persist({ model: (e.target as HTMLSelectElement).value });
    this.applyFilter();
  }

  private onJobFilter(e: Event): void {
    this.persist({ jobFilter: (e.target as HTMLInputElement).value });
    this.applyFilter();
  }

  private clearFocus(): void {
    this.focused = null;
    this.grid.setFocus(null);
  }

  override render() {
    const total = this.grid.deviceCount;
    return html`
      <div class="toolbar">
        <label>Colour by
          <vscode-single-select id="colorBy" .value=${this.saved.colorBy} @change=${this.onColorBy}>
            <vscode-option value="job">Job</vscode-option>
            <vscode-option value="util">Utilisation</vscode-option>
          </vscode-single-select>
        </label>
        <label>Model
          <vscode-single-select id="model" .value=${this.saved.model} @change=${this.onModel}>
            <vscode-option value="">All models</vscode-option>
            ${this.models.map((m) => html`<vscode-option value=${m}>${m}</vscode-option>`)}
          </vscode-single-select>
        </label>
        <label>Job
          <vscode-textfield id="jobFilter" placeholder="id or name" .value=${this.saved.jobFilter} @input=${this.onJobFilter}></vscode-textfield>
        </label>
        ${this.focused
          ? html`<span>Showing <b>${this.jobs.get(this.focused)?.name ?? this.focused}</b> <a id="clearFocus" @click=${this.clearFocus}>show all</a></span>`
          : nothing}
        <span class="muted" id="stats">${total ? `${fmtInt(total)} devices · ${fmtInt(this.busy)} busy (${fmtPct(this.busy / total)}) · ${this.topology?.nodes.length ?? 0} nodes` : ''}</span>
      </div>
      ${total > 0 ? this.renderLegend() : nothing}
      ${total === 0 && this.version > 0
        ? html`<div class="empty muted" id="empty">${this.topology?.nodes.length
            ? 'This cluster has no devices.'
            : 'No cluster is connected: start the local simulator or pick a cluster (OpenClaw: Start Local Simulator, OpenClaw: Select Cluster).'}</div>`
        : nothing}
      <div class="grid"></div>
      ${this.renderHover()}
    `;
  }

  /**
   * What the colours and frames mean: node frames and free devices first (they always fit), then
   * the jobs holding the most devices (or the utilisation scale).
   */
  private renderLegend() {
    const colors = this.grid.legendColors();
    const swatch = (color: string) => html`<span class="swatch" ${styleProps({ background: color })}></span>`;
    const entry = (color: string, label: string) => html`<span class="entry">${swatch(color)}${label}</span>`;
    const frame = (color: string, label: string) => html`<span class="entry"><span class="frame" ${styleProps({ 'border-color': color })}></span>${label}</span>`;
    const nodes = html`<span class="group" id="legend-nodes"><span class="muted">nodes</span>${frame(colors.suspect, 'suspect')}${frame(colors.dead, 'dead')}${frame(colors.draining, 'draining')}</span>`;
    if (this.saved.colorBy === 'util') {
      return html`<div class="legend" id="legend">${nodes}
        <span class="group" id="legend-util">
          <span class="entry"><span class="muted">utilisation</span>
            <span class="scale"><span class="ramp">${UTIL_STOPS.map((c) => swatch(c))}</span><span class="ticks"><span>0%</span><span>50%</span><span>100%</span></span></span>
          </span>
          ${entry(colors.unknown, 'busy, not reported')}${entry(colors.free, 'free')}
        </span>
      </div>`;
    }
    const all = this.legendJobs;
    const shown = all.slice(0, LEGEND_JOBS);
    const dark = isDarkTheme();
    return html`<div class="legend" id="legend">${nodes}
      <span class="group" id="legend-jobs">
        ${entry(colors.free, 'free')}
        <span class="muted" id="legend-count">${all.length > shown.length ? `jobs (${shown.length} of ${fmtInt(all.length)}, most devices first)` : `jobs (${all.length})`}</span>
        ${shown.map(([id, devices]) => {
          const name = this.jobs.get(id)?.name ?? id;
          return html`<a class="entry job" title="${name} (${id}): ${devices} device${devices === 1 ? '' : 's'}; click to show only this job" @click=${() => this.focusOn(id)}>${swatch(jobColor(id, dark))}${name}</a>`;
        })}
      </span>
    </div>`;
  }

  private focusOn(jobId: string): void {
    this.focused = jobId;
    this.grid.setFocus(jobId);
  }

  private renderHover() {
    const h = this.hover;
    const topo = this.topology;
    if (!h || !topo) return nothing;
    const node = this.grid.nodeOf(h.device);
    const n = topo.nodes[node];
    const jobId = this.grid.jobOn(h.device);
    const job = jobId ? this.jobs.get(jobId) : undefined;
    const util = this.grid.utilOn(h.device);
    const pos = { left: `${Math.min(h.x + 14, window.innerWidth - 300)}px`, top: `${Math.min(h.y + 14, window.innerHeight - 120)}px` };
    return html`<div class="tooltip" id="tooltip" ${styleProps(pos)}>
      <div><b>${n!.name}</b> / ${h.device - n!.first}${n!.rack ? html` <span class="muted">rack ${n!.rack}</span>` : nothing}
        ${n!.state !== 'ready' || this.grid.stateOf(node) !== 'ready' ? html` <span class="muted">(${this.grid.stateOf(node)})</span>` : nothing}</div>
      <div>${topo.models[topo.model[h.device]!]} · ${topo.memoryGiB[h.device]} GiB${util !== null ? ` · ${fmtPct(util)} busy` : ''}</div>
      <div>${jobId
        ? html`<span class="swatch" ${styleProps({ background: jobColor(jobId, isDarkTheme()) })}></span> ${job?.name ?? jobId} <span class="muted">${jobId} · ${job?.state ?? ''}${job?.user ? ` · ${job.user}` : ''}</span> <span class="muted">(click to reveal)</span>`
        : html`<span class="muted">free</span>`}</div>
    </div>`;
  }
}

document.body.append(document.createElement('device-map-app'));
