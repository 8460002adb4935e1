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
import { z } from 'zod';
import { DownsampledSeries } from '../../src/core/metrics/downsample';
import { lineChart } from '../shared/chart';
import { groupSeries, plotCsv, plotOf, smooth, type ChartGroup, type Plot, type Source } from './metric-charts';
import { fmtBytes, fmtDuration, fmtSimOffset, fmtTime } from '../shared/format';
import { styleProps } from '../shared/style-props';
import { baseStyles } from '../shared/styles';
import { cssVar } from '../shared/theme';

const ViewState = z.object({ smoothing: z.number().min(0).max(0.99), logCharts: z.array(z.string()) });

const TERMINAL: ReadonlySet<JobState> = new Set(['succeeded', 'failed', 'cancelled']);

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
      .chart-tools { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; margin: 4px 0 8px; }
      .chart-tools input[type='range'] { width: 120px; vertical-align: middle; }
      .chart-actions { display: flex; gap: 10px; justify-content: flex-end; font-size: 11px; }
      .chart-actions a { cursor: pointer; }
      .chart-actions a.on { font-weight: 600; text-decoration: underline; }
      .compared { font-size: 12px; }
    `,
  ];

  private readonly bridge = new Bridge<JobDetailToWebview, JobDetailToHost>(JobDetailToWebview, (m) => this.onMessage(m));
  @state() private job: JobRecord | undefined;
  @state() private now = 0;
  @state() private clock: JobClock = 'wall';
  @state() private samples: MetricSample[] = [];
  private series = new DownsampledSeries<MetricSample>();
  @state() private checkpoints: CheckpointInfo[] = [];
  @state() private gone = false;
  private goneId = '';
  /** TensorBoard's smoothing weight, 0 (raw) to 0.99; kept across tab switches. */
  @state() private smoothing = 0.6;
  /** Charts drawn on a log scale, by chart id. */
  @state() private logCharts = new Set<string>();
  @state() private compared: Array<{ id: string; name: string; samples: MetricSample[] }> = [];
  private groups: ChartGroup[] = [];
  private charts = new Map<string, uPlot>();
  private plots = new Map<string, Plot>();

  override firstUpdated(): void {
    const saved = this.bridge.restore(ViewState);
    if (saved) {
      this.smoothing = saved.smoothing;
      this.logCharts = new Set(saved.logCharts);
    }
    this.bridge.ready();
  }

  private saveView(): void {
    this.bridge.save({ smoothing: this.smoothing, logCharts: [...this.logCharts] } satisfies z.infer<typeof ViewState>);
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
        // Bounded however long the panel stays open: thinned as the job manager thins its copy.
        if (m.reset) this.series = new DownsampledSeries<MetricSample>();
        for (const sample of m.samples) this.series.add(sample);
        this.samples = this.series.all();
        this.redraw();
        break;
      case 'checkpoints':
        this.checkpoints = [...m.checkpoints].sort((a, b) => b.mtimeMs - a.mtimeMs);
        break;
      case 'compare':
        this.compared = m.jobs;
        this.redraw();
        break;
      case 'gone':
        this.gone = true;
        this.goneId = m.jobId;
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

  /** Redraws after the page has rendered the chart containers (a new group adds one). */
  private redraw(): void {
    const groups = groupSeries([...this.samples, ...this.compared.flatMap((c) => c.samples)]);
    if (groups.map((g) => `${g.id}:${g.keys.join(',')}`).join('|') !== this.groups.map((g) => `${g.id}:${g.keys.join(',')}`).join('|')) this.groups = groups;
    this.requestUpdate();
    void this.updateComplete.then(() => this.drawCharts());
  }

  private drawCharts(): void {
    const sources: Source[] = [{ label: '', samples: this.samples }, ...this.compared.map((c) => ({ label: c.name, samples: c.samples }))];
    for (const g of this.groups) {
      const el = this.renderRoot.querySelector(`#chart-${g.id} .plot`) as HTMLElement | null;
      if (!el) continue;
      const log = this.logCharts.has(g.id);
      const plot = plotOf(sources, g.keys, this.clock);
      this.plots.set(g.id, plot);
      // Raw lines faint under the smoothed ones, as TensorBoard draws them; compared jobs dashed.
      const smoothed = this.smoothing > 0;
      const names: string[] = [];
      const styles: Array<{ color?: number; dash?: number[]; faint?: boolean }> = [];
      const ys: Array<Array<number | null>> = [];
      plot.series.forEach((s, i) => {
        const values = log ? s.ys.map((y) => (y !== null && y > 0 ? y : null)) : s.ys;
        const dash = s.source > 0 ? [6, 3] : undefined;
        if (smoothed) {
          names.push(`${s.label} (raw)`);
          styles.push({ color: i, faint: true, ...(dash && { dash }) });
          ys.push(values);
        }
        names.push(s.label);
        styles.push({ color: i, ...(dash && { dash }) });
        ys.push(smoothed ? smooth(values, this.smoothing) : values);
      });
      const data: uPlot.AlignedData = [plot.xs, ...ys];
      const shape = `${names.join(',')}|${log}|${plot.markers.map((m) => m.x).join(',')}`;
      const existing = this.charts.get(g.id);
      if (existing && el.dataset.shape === shape) {
        existing.setData(data);
        continue;
      }
      existing?.destroy();
      el.replaceChildren();
      el.dataset.shape = shape;
      const fraction = g.id === 'util' && !this.samples.some((s) => g.keys.some((k) => (s.values[k] ?? 0) > 1));
      this.charts.set(
        g.id,
        lineChart(el, { title: g.title, width: Math.max(300, el.clientWidth - 4), height: 200, names, styles, markers: plot.markers, xLabel: plot.xLabel, yLabel: '', logY: log, ...(fraction && !log ? { yMax: 1 } : {}) }, data),
      );
    }
    for (const [id, u] of this.charts) {
      if (this.groups.some((g) => g.id === id)) continue;
      u.destroy();
      this.charts.delete(id);
    }
  }

  private toggleLog(id: string): void {
    const next = new Set(this.logCharts);
    if (!next.delete(id)) next.add(id);
    this.logCharts = next;
    this.saveView();
    this.redraw();
  }

  private exportCsv(g: ChartGroup): void {
    const plot = this.plots.get(g.id);
    if (plot && this.job) this.post({ type: 'exportCsv', jobId: this.job.id, chart: g.id, csv: plotCsv(plot) });
  }

  private renderMetrics(j: JobRecord) {
    if (this.samples.length === 0 && this.compared.length === 0) {
      return html`<div class="muted" id="no-metrics">No metrics yet. OpenClaw reads what scripts already report: TensorBoard event files, the Hugging Face Trainer's and Lightning's printed metrics, lines such as <code>step 120 loss 0.42</code> or <code>loss=0.42</code>, and <code>@openclaw {"step": 1, "loss": 0.5}</code>.</div>`;
    }
    return html`
      <div class="chart-tools">
        <label>Smoothing <input id="smoothing" type="range" min="0" max="0.99" step="0.01" .value=${String(this.smoothing)}
          @input=${(e: Event) => { this.smoothing = Number((e.target as HTMLInputElement).value); this.saveView(); this.redraw(); }} /> <span id="smoothing-value">${this.smoothing.toFixed(2)}</span></label>
        <vscode-button id="compare" secondary icon="graph-line" @click=${() => this.post({ type: 'pickCompare', jobId: j.id })}>Compare with…</vscode-button>
        ${this.compared.length ? html`<span class="compared" id="compared">dashed: ${this.compared.map((c) => c.name).join(', ')}</span>` : nothing}
      </div>
      <div class="charts">${this.groups.map(
        (g) => html`<div id="chart-${g.id}">
          <div class="chart-actions">
            <a class="log ${this.logCharts.has(g.id) ? 'on' : ''}" title="Logarithmic y axis" @click=${() => this.toggleLog(g.id)}>log</a>
            <a class="csv" title="Save this chart's data as CSV" @click=${() => this.exportCsv(g)}>CSV</a>
          </div>
          <div class="plot"></div>
        </div>`,
      )}</div>`;
  }

  override render() {
    const j = this.job;
    // A panel restored after a window reload whose job is gone, or whose cluster is not connected (yet).
    if (!j) return this.gone ? html`<p class="gone" id="gone">Job ${this.goneId} is not known to the connected job manager: it was removed, or its cluster is not connected.</p>` : html`<p class="muted">Loading job…</p>`;
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
      ${this.renderMetrics(j)}
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
    const start = h[0]!.at;
    const end = TERMINAL.has(j.state) ? h[h.length - 1]!.at : Math.max(this.now, h[h.length - 1]!.at);
    const span = Math.max(1, end - start);
    return html`
      <div class="timeline" id="timeline">
        ${h.map((t, i) => {
          const until = i + 1 < h.length ? h[i + 1]!.at : end;
          const w = ((until - t.at) / span) * 100;
          return TERMINAL.has(t.state) && i === h.length - 1 ? nothing : html`<div title="${t.state} ${fmtDuration((until - t.at) / 1000)}" ${styleProps({ width: `${w}%`, background: stateColor(t.state) })}></div>`;
        })}
      </div>
      <table id="transitions"><tbody>
        ${h.map(
          (t, i) => html`<tr>
            <td><span class="swatch" ${styleProps({ background: stateColor(t.state) })}></span> ${t.state}</td>
            <td class="muted at">${this.fmtAt(t.at)}</td>
            <td class="num muted">${i + 1 < h.length ? fmtDuration((h[i + 1]!.at - t.at) / 1000) : ''}</td>
            <td class="muted">${t.reason ?? ''}</td>
          </tr>`,
        )}
      </tbody></table>`;
  }
}

document.body.append(document.createElement('job-detail-app'));
