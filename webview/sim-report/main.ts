/** Simulation report page: one or several policies on the same inputs, side by side. */
import '../shared/zod-config';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import { LitElement, css, html, nothing, unsafeCSS } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css';
import { z } from 'zod';
import { SimReportToWebview, type ChartName, type ReportView, type SimReportToHost } from '../../src/protocol/sim-report';
import { Bridge } from '../shared/bridge';
import { chartPng, lineChart, seriesColors } from '../shared/chart';
import { fmtDuration, fmtInt, fmtPct } from '../shared/format';
import { styleProps } from '../shared/style-props';
import { baseStyles } from '../shared/styles';
import { svgLineChart } from '../shared/svg-chart';
import { cssVar } from '../shared/theme';
import { Gantt } from './gantt';
import { cdfPoints, ganttSegments, sortedJcts, utilizationPoints } from './series';

const SavedState = z.object({ ganttRun: z.number().int().nonnegative() });

interface Prepared {
  cdf: Array<[number[], number[]]>;
  util: Array<[number[], number[]]>;
}

@customElement('sim-report-app')
export class SimReportApp extends LitElement {
  static override styles = [
    baseStyles,
    unsafeCSS(uplotCss),
    css`
      :host { display: block; padding-bottom: 24px; }
      .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 12px 24px; }
      .chart-head { display: flex; align-items: center; gap: 8px; }
      .chart-head h2 { flex: 1; }
      .u-title { font-size: 12px; font-weight: 600; }
      .u-legend { font-size: 12px; color: var(--vscode-foreground); }
      .best { color: var(--vscode-charts-green); font-weight: 600; }
      .gantt { position: relative; }
      .saved { margin-left: 8px; }
      vscode-single-select { width: 180px; }
    `,
  ];

  readonly gantt = new Gantt();
  private readonly bridge = new Bridge<SimReportToWebview, SimReportToHost>(SimReportToWebview, (m) => this.onMessage(m));
  @state() private report: ReportView | undefined;
  @state() private ganttRun = 0;
  @state() private hover: { i: number; x: number; y: number } | undefined;
  @state() private savedPath = '';
  private prepared: Prepared | undefined;
  private charts: { cdf?: uPlot; utilization?: uPlot } = {};
  /** Milliseconds from receiving the report to charts drawn (the benchmark reads it). */
  renderMs = 0;

  constructor() {
    super();
    this.ganttRun = this.bridge.restore(SavedState)?.ganttRun ?? 0;
    this.gantt.onHover = (i, x, y) => {
      this.hover = i === undefined ? undefined : { i, x, y };
    };
    new ResizeObserver(() => this.resizeCharts()).observe(this);
  }

  override firstUpdated(): void {
    this.bridge.ready();
  }

  private onMessage(m: SimReportToWebview): void {
    if (m.type === 'saved') {
      this.savedPath = m.path;
      return;
    }
    const t0 = performance.now();
    this.report = m.report;
    if (this.ganttRun >= m.report.runs.length) this.ganttRun = 0;
    this.prepared = {
      cdf: m.report.runs.map((r) => cdfPoints(sortedJcts(r.jobs), r.jobs.id.length)),
      util: m.report.runs.map((r) => utilizationPoints(r)),
    };
    void this.updateComplete.then(() => {
      this.drawCharts();
      this.renderMs = performance.now() - t0;
      this.dispatchEvent(new CustomEvent('rendered'));
    });
  }

  private chartWidth(id: string): number {
    const el = this.renderRoot.querySelector(`#${id}`) as HTMLElement | null;
    return Math.max(300, (el?.clientWidth ?? 600) - 4);
  }

  private drawCharts(): void {
    const r = this.report;
    const p = this.prepared;
    if (!r || !p) return;
    for (const c of Object.values(this.charts)) c?.destroy();
    const names = r.runs.map((x) => x.policy);
    const cdfEl = this.renderRoot.querySelector('#cdf') as HTMLElement;
    const utilEl = this.renderRoot.querySelector('#utilization') as HTMLElement;
    cdfEl.replaceChildren();
    utilEl.replaceChildren();
    this.charts.cdf = lineChart(
      cdfEl,
      { title: 'Job completion time (CDF)', width: this.chartWidth('cdf'), height: 260, names, xLabel: 'JCT', yLabel: 'fraction of jobs', logX: true, xFormat: fmtDuration, yFormat: (v) => fmtPct(v), yMax: 1 },
      uPlot.join(p.cdf),
    );
    this.charts.utilization = lineChart(
      utilEl,
      { title: 'Utilisation over time', width: this.chartWidth('utilization'), height: 260, names, xLabel: 'hours', yLabel: 'busy / available', xFormat: (v) => `${+v.toFixed(1)} h`, yFormat: (v) => fmtPct(v), yMax: 1 },
      uPlot.join(p.util),
    );
    this.drawGantt();
  }

  private drawGantt(): void {
    const r = this.report;
    if (!r) return;
    const run = r.runs[this.ganttRun];
    const host = this.renderRoot.querySelector('#gantt') as HTMLElement;
    if (!host.contains(this.gantt.element)) host.append(this.gantt.element);
    // Packed lanes are not devices: only exact intervals get the nodes' names on the axis.
    this.gantt.setData(ganttSegments(run!, r.totalDevices), run!.jobs.id, r.totalDevices, run!.summary.makespanSeconds, run!.segments ? r.nodes : undefined);
    this.gantt.draw(Math.max(300, host.clientWidth));
  }

  private resizeCharts(): void {
    if (!this.report) return;
    this.charts.cdf?.setSize({ width: this.chartWidth('cdf'), height: 260 });
    this.charts.utilization?.setSize({ width: this.chartWidth('utilization'), height: 260 });
    this.drawGantt();
  }

  private onGanttRun(e: Event): void {
    this.ganttRun = Number((e.target as HTMLSelectElement).value);
    this.bridge.save({ ganttRun: this.ganttRun });
    this.drawGantt();
  }

  private exportChart(chart: ChartName, format: 'png' | 'svg'): void {
    const r = this.report;
    const p = this.prepared;
    if (!r || !p) return;
    let data: string;
    if (chart === 'gantt') data = format === 'png' ? this.gantt.toPng() : this.gantt.toSvg();
    else if (format === 'png') data = chartPng(this.charts[chart]!);
    else {
      const colors = seriesColors();
      const pts = chart === 'cdf' ? p.cdf : p.util;
      data = svgLineChart({
        title: chart === 'cdf' ? 'Job completion time (CDF)' : 'Utilisation over time',
        xLabel: chart === 'cdf' ? 'JCT (s, log scale)' : 'hours',
        yLabel: chart === 'cdf' ? 'fraction of jobs' : 'busy / available',
        logX: chart === 'cdf',
        series: r.runs.map((run, i) => ({ name: run.policy, color: colors[i % colors.length]!, xs: pts[i]![0], ys: pts[i]![1] })),
        fg: cssVar('--vscode-foreground', '#cccccc'),
        bg: cssVar('--vscode-editor-background', '#1e1e1e'),
      });
    }
    this.bridge.post({ type: 'exportChart', chart, format, data });
  }

  private exportButtons(chart: ChartName) {
    return html`<vscode-button secondary id="${chart}-png" @click=${() => this.exportChart(chart, 'png')}>PNG</vscode-button>
      <vscode-button secondary id="${chart}-svg" @click=${() => this.exportChart(chart, 'svg')}>SVG</vscode-button>`;
  }

  override render() {
    const r = this.report;
    if (!r) return html`<p class="muted">Waiting for the simulation report…</p>`;
    const runs = r.runs;
    const best = (f: (i: number) => number, lowest = true) => {
      const vals = runs.map((_, i) => f(i));
      const b = lowest ? Math.min(...vals) : Math.max(...vals);
      // Marked only where the runs differ: a tie has no best.
      const differ = vals.some((v) => v !== vals[0]);
      return (i: number) => (differ && vals[i] === b ? 'num best' : 'num');
    };
    const s = (i: number) => runs[i]!.summary;
    const cAvg = best((i) => s(i).avgJctSeconds);
    const cP50 = best((i) => s(i).p50JctSeconds);
    const cP99 = best((i) => s(i).p99JctSeconds);
    const cMk = best((i) => s(i).makespanSeconds);
    const cUt = best((i) => s(i).utilization, false);
    const cLost = best((i) => s(i).lostGpuSeconds);
    const first = runs[0]!.summary;
    return html`
      <div class="toolbar">
        <b>${r.title}</b>
        <span class="muted">${first.cluster} · ${first.workload} · ${fmtInt(r.totalDevices)} devices · seed ${first.seed}</span>
        <vscode-button id="export-json" @click=${() => this.bridge.post({ type: 'exportJson' })}>Export JSON</vscode-button>
        ${this.savedPath ? html`<span class="muted saved" id="saved">Saved ${this.savedPath}</span>` : nothing}
      </div>
      <h2>Summary</h2>
      <table id="summary">
        <thead><tr><th>policy</th><th class="num">jobs</th><th class="num">completed</th><th class="num">avg JCT</th><th class="num">p50 JCT</th><th class="num">p99 JCT</th><th class="num">makespan</th><th class="num">utilisation</th><th class="num">lost GPU-h</th><th class="num">preemptions</th><th class="num">sim wall</th></tr></thead>
        <tbody>
          ${runs.map(
            (run, i) => html`<tr>
              <td><span class="swatch" ${styleProps({ background: seriesColors()[i % 6]! })}></span> ${run.policy}</td>
              <td class="num">${fmtInt(s(i).jobs)}</td>
              <td class="num">${fmtInt(s(i).completed)}</td>
              <td class=${cAvg(i)}>${fmtDuration(s(i).avgJctSeconds)}</td>
              <td class=${cP50(i)}>${fmtDuration(s(i).p50JctSeconds)}</td>
              <td class=${cP99(i)}>${fmtDuration(s(i).p99JctSeconds)}</td>
              <td class=${cMk(i)}>${fmtDuration(s(i).makespanSeconds)}</td>
              <td class=${cUt(i)}>${fmtPct(s(i).utilization)}</td>
              <td class=${cLost(i)}>${(s(i).lostGpuSeconds / 3600).toFixed(1)}</td>
              <td class="num">${fmtInt(s(i).preemptions)}</td>
              <td class="num">${s(i).wallSeconds.toFixed(2)} s</td>
            </tr>`,
          )}
        </tbody>
      </table>
      <div class="charts">
        <div>
          <div class="chart-head"><h2>JCT distribution</h2>${this.exportButtons('cdf')}</div>
          <div id="cdf"></div>
        </div>
        <div>
          <div class="chart-head"><h2>Utilisation</h2>${this.exportButtons('utilization')}</div>
          <div id="utilization"></div>
        </div>
      </div>
      <div class="chart-head">
        <h2>Jobs on devices</h2>
        ${runs.length > 1
          ? html`<vscode-single-select id="gantt-run" .value=${String(this.ganttRun)} @change=${this.onGanttRun}>
              ${runs.map((run, i) => html`<vscode-option value=${String(i)}>${run.policy}</vscode-option>`)}
            </vscode-single-select>`
          : nothing}
        ${this.exportButtons('gantt')}
      </div>
      <div class="muted">${runs[this.ganttRun]!.segments
        ? `Each bar is a job on a device; one row per device${r.nodes ? ', nodes named at their first device' : ', numbered'}.`
        : 'Each bar is a job on a device lane (jobs packed onto lanes in start order; the run recorded no device ids).'}</div>
      <div id="gantt" class="gantt"></div>
      ${this.renderHover()}
    `;
  }

  private renderHover() {
    const h = this.hover;
    const r = this.report;
    if (!h || !r) return nothing;
    const seg = this.gantt.segmentInfo(h.i);
    const pos = { left: `${Math.min(h.x + 14, window.innerWidth - 280)}px`, top: `${h.y + 14}px` };
    return html`<div class="tooltip" id="tooltip" ${styleProps(pos)}>
      <div><b>${seg.job}</b> <span class="muted">device ${seg.device}${this.gantt.deviceName(seg.device) ? ` (${this.gantt.deviceName(seg.device)})` : ''}</span></div>
      <div>${fmtDuration(seg.start)} → ${fmtDuration(seg.end)} <span class="muted">(${fmtDuration(seg.end - seg.start)})</span></div>
    </div>`;
  }
}

document.body.append(document.createElement('sim-report-app'));
