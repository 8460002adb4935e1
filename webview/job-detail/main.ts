/** Job detail page: state timeline, metrics charts, ranks and where they run, checkpoints, logs. */
import '../shared/zod-config';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import { LitElement, css, html, nothing, unsafeCSS } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css';
import type { CheckpointInfo } from '../../src/core/checkpoint';
import type { JobRecord, MetricSample } from '../../src/core/job';
import type { JobState } from '../../src/core/job-state';
import { JobDetailToWebview, type JobClock, type JobDetailToHost } from '../../src/protocol/job-detail';
import { Bridge } from '../shared/bridge';
import { lineChart } from '../shared/chart';
import { fmtBytes, fmtDuration, fmtSimOffset, fmtTime } from '../shared/format';
import { styleProps } from '../shared/style-props';
import { baseStyles } from '../shared/styles';
import { cssVar } from '../shared/theme';

const TERMINAL: ReadonlySet<JobState> = new Set(['succeeded', 'failed', 'cancelled']);

/** Which metric keys go in which chart. */
const CHARTS: Array<{ id: string; title: string; match: RegExp }> = [
  { id: 'loss', title: 'Loss', match: /loss/i },
  { id: 'throughput', title: 'Throughput', match: /per_?sec|throughput|samples|tokens/i },
  { id: 'util', title: 'Device utilisation', match: /util/i },
];

function stateColor(s: JobState): string {
  switch (s) {
    case 'queued':
      return cssVar('--vscode-charts-yellow', '#cca700');
    case 'placed':
    case 'starting':
      return cssVar('--vscode-charts-purple', '#b180d7');
    case 'running':
      return cssVar('--vscode-charts-blue', '#3794ff');
    case 'checkpointing':
      return cssVar('--vscode-charts-green', '#89d185');
    case 'restarting':
      return cssVar('--vscode-charts-orange', '#d18616');
    case 'succeeded':
      return cssVar('--vscode-charts-green', '#89d185');
    case 'failed':
      return cssVar('--vscode-charts-red', '#f14c4c');
    case 'cancelled':
      return cssVar('--vscode-descriptionForeground', '#9d9d9d');
  }
}

@customElement('job-detail-app')
export class JobDetailApp extends LitElement {
  static override styles = [
    baseStyles,
    unsafeCSS(uplotCss),
    css`
      :host { display: block; padding-bottom: 24px; }
      .timeline { display: flex; height: 18px; border-radius: 3px; overflow: hidden; margin: 6px 0; }
      .timeline div { min-width: 2px; }
      .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 8px 20px; }
      .u-title { font-size: 12px; font-weight: 600; }
      .u-legend { font-size: 12px; color: var(--vscode-foreground); }
      .state { font-weight: 600; }
      .facts { display: flex; flex-wrap: wrap; gap: 4px 18px; }
      .gone { color: var(--vscode-errorForeground); }
      .sim-clock { font-size: 11px; font-weight: normal; margin-left: 8px; }
    `,
  ];

  private readonly bridge = new Bridge<JobDetailToWebview, JobDetailToHost>(JobDetailToWebview, (m) => this.onMessage(m));
  @state() private job: JobRecord | undefined;
  @state() private now = 0;
  @state() private clock: JobClock = 'wall';
  @state() private samples: MetricSample[] = [];
  @state() private checkpoints: CheckpointInfo[] = [];
  @state() private gone = false;
  private charts = new Map<string, uPlot>();

  override firstUpdated(): void {
    this.bridge.ready();
  }

  private onMessage(m: JobDetailToWebview): void {
    switch (m.type) {
      case 'job':
        this.job = m.job;
        this.now = m.now;
        this.clock = m.clock;
        this.gone = false;
        break;
      case 'metrics':
        this.samples = m.reset ? m.samples : [...this.samples, ...m.samples];
        this.updateComplete.then(() => this.drawCharts());
        break;
      case 'checkpoints':
        this.checkpoints = [...m.checkpoints].sort((a, b) => b.mtimeMs - a.mtimeMs);
        break;
      case 'gone':
        this.gone = true;
        break;
    }
  }

  private post(m: JobDetailToHost): void {
    this.bridge.post(m);
  }

  /** An instant of the job: a date on the wall clock, the time since submission on the simulator's. */
  private fmtAt(ms: number): string {
    return this.clock === 'simulated' ? fmtSimOffset(ms - (this.job?.history[0]?.at ?? ms)) : fmtTime(ms);
  }

  private clockNote() {
    return this.clock === 'simulated' ? html` <span class="muted sim-clock">simulated time since submission</span>` : nothing;
  }

  /** Keys of each chart present in the samples. */
  private keysFor(match: RegExp): string[] {
    const keys = new Set<string>();
    for (const s of this.samples) for (const k of Object.keys(s.values)) if (match.test(k) && k !== 'step' && k !== 'totalSteps') keys.add(k);
    return [...keys].sort();
  }

  private drawCharts(): void {
    const useStep = this.samples.length > 0 && this.samples.every((s) => s.step !== undefined);
    const t0 = this.samples[0]?.at ?? 0;
    const xs = this.samples.map((s) => (useStep ? s.step! : (s.at - t0) / 1000));
    for (const c of CHARTS) {
      const keys = this.keysFor(c.match);
      const el = this.renderRoot.querySelector(`#chart-${c.id}`) as HTMLElement | null;
      if (!el) continue;
      const data: uPlot.AlignedData = [xs, ...keys.map((k) => this.samples.map((s) => s.values[k] ?? null))];
      const existing = this.charts.get(c.id);
      const shape = keys.join(',');
      if (existing && existing.series.length === keys.length + 1 && el.dataset.keys === shape) {
        existing.setData(data);
        continue;
      }
      existing?.destroy();
      el.replaceChildren();
      el.dataset.keys = shape;
      if (keys.length === 0) continue;
      this.charts.set(
        c.id,
        lineChart(el, { title: c.title, width: Math.max(300, el.clientWidth - 4), height: 200, names: keys, xLabel: useStep ? 'step' : this.clock === 'simulated' ? 'simulated seconds' : 'seconds', yLabel: '', ...(c.id === 'util' ? { yMax: keys.some((k) => this.samples.some((s) => (s.values[k] ?? 0) > 1)) ? undefined : 1 } : {}) }, data),
      );
    }
  }

  override render() {
    const j = this.job;
    if (!j) return html`<p class="muted">Loading job…</p>`;
    const terminal = TERMINAL.has(j.state);
    return html`
      <div class="toolbar">
        <b>${j.spec.name}</b>
        <span class="muted">${j.id}</span>
        <span class="state" id="state" ${styleProps({ color: stateColor(j.state) })}>${j.state}</span>
        ${this.gone ? html`<span class="gone" id="gone">removed from the job manager</span>` : nothing}
        <vscode-button id="logs" icon="output" @click=${() => this.post({ type: 'openLogs', jobId: j.id })}>Logs</vscode-button>
        <vscode-button id="map" secondary icon="server" ?disabled=${j.placement.length === 0} @click=${() => this.post({ type: 'showOnDeviceMap', jobId: j.id })}>Show on device map</vscode-button>
        ${j.specPath ? html`<vscode-button id="spec" secondary icon="go-to-file" @click=${() => this.post({ type: 'openSpec', jobId: j.id })}>Spec</vscode-button>` : nothing}
        ${terminal ? nothing : html`<vscode-button id="cancel" secondary icon="close" @click=${() => this.post({ type: 'cancel', jobId: j.id })}>Cancel</vscode-button>`}
      </div>
      <div class="facts">
        <span>backend <b>${j.backend}</b></span>
        ${j.totalSteps ? html`<span id="progress">step ${j.step ?? 0} / ${j.totalSteps} (${(((j.step ?? 0) / j.totalSteps) * 100).toFixed(0)}%)</span>` : j.step !== undefined ? html`<span id="progress">step ${j.step}</span>` : nothing}
        <span id="restarts">${j.restarts} restart${j.restarts === 1 ? '' : 's'}${j.spec.maxRestarts ? ` of ${j.spec.maxRestarts}` : ''}</span>
        ${j.lostGpuSeconds ? html`<span>lost work ${fmtDuration(j.lostGpuSeconds)} device time</span>` : nothing}
        ${j.waitReason && j.state === 'queued' ? html`<span id="wait">waiting: ${j.waitReason}</span>` : nothing}
        ${j.transfer ? html`<span id="transfer">copying ${j.transfer.path} from ${j.transfer.from} to ${j.transfer.to}: ${fmtBytes(j.transfer.bytes)} of ${fmtBytes(j.transfer.total)} (${j.transfer.total ? ((j.transfer.bytes / j.transfer.total) * 100).toFixed(0) : 100}%)</span>` : nothing}
        ${j.error ? html`<span class="gone">${j.error}</span>` : nothing}
      </div>
      <h2>Timeline${this.clockNote()}</h2>
      ${this.renderTimeline(j)}
      <h2>Metrics</h2>
      ${this.samples.length === 0 ? html`<div class="muted" id="no-metrics">No metrics yet: a script reports them by printing <code>@openclaw {"step": 1, "loss": 0.5}</code> lines.</div>` : nothing}
      <div class="charts">${CHARTS.map((c) => html`<div id="chart-${c.id}"></div>`)}</div>
      <h2>Ranks (${j.placement.length})</h2>
      ${j.placement.length === 0
        ? html`<div class="muted">Not placed.</div>`
        : html`<table id="ranks"><thead><tr><th class="num">rank</th><th>node</th><th>devices</th><th></th></tr></thead><tbody>
            ${j.placement.map((r) => html`<tr><td class="num">${r.rank}</td><td>${r.node}</td><td>${r.devices.length ? r.devices.join(', ') : 'CPU'}</td>
              <td><a @click=${() => this.post({ type: 'openLogs', jobId: j.id, rank: r.rank })}>log</a></td></tr>`)}
          </tbody></table>`}
      <h2>Checkpoints (${this.checkpoints.length})${this.checkpoints.length ? this.clockNote() : nothing}</h2>
      ${this.checkpoints.length === 0
        ? html`<div class="muted">None yet.</div>`
        : html`<table id="checkpoints"><thead><tr><th>path</th><th class="num">step</th><th class="num">size</th><th>written</th><th>format</th><th></th></tr></thead><tbody>
            ${this.checkpoints.map(
              (c) => html`<tr>
                <td>${c.path}</td><td class="num">${c.step ?? ''}</td><td class="num">${fmtBytes(c.sizeBytes)}</td><td class="written">${this.fmtAt(c.mtimeMs)}</td><td>${c.format}</td>
                <td>${c.complete ? html`<a class="resume" @click=${() => this.post({ type: 'resume', jobId: j.id, checkpointPath: c.path })}>resume from here</a>` : html`<span class="muted">being written</span>`}</td>
              </tr>`,
            )}
          </tbody></table>`}
    `;
  }

  private renderTimeline(j: JobRecord) {
    const h = j.history;
    if (h.length === 0) return html`<div class="muted">No transitions yet.</div>`;
    const start = h[0].at;
    const end = TERMINAL.has(j.state) ? h[h.length - 1].at : Math.max(this.now, h[h.length - 1].at);
    const span = Math.max(1, end - start);
    return html`
      <div class="timeline" id="timeline">
        ${h.map((t, i) => {
          const until = i + 1 < h.length ? h[i + 1].at : end;
          const w = ((until - t.at) / span) * 100;
          return TERMINAL.has(t.state) && i === h.length - 1 ? nothing : html`<div title="${t.state} ${fmtDuration((until - t.at) / 1000)}" ${styleProps({ width: `${w}%`, background: stateColor(t.state) })}></div>`;
        })}
      </div>
      <table id="transitions"><tbody>
        ${h.map(
          (t, i) => html`<tr>
            <td><span class="swatch" ${styleProps({ background: stateColor(t.state) })}></span> ${t.state}</td>
            <td class="muted at">${this.fmtAt(t.at)}</td>
            <td class="num muted">${i + 1 < h.length ? fmtDuration((h[i + 1].at - t.at) / 1000) : ''}</td>
            <td class="muted">${t.reason ?? ''}</td>
          </tr>`,
        )}
      </tbody></table>`;
  }
}

document.body.append(document.createElement('job-detail-app'));
