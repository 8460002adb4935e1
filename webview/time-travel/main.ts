/**
 * Time travel through a finished simulation: a slider and step buttons over the logged steps,
 * the device map at that moment, the queue, each decision with its reason, and "why is job X waiting?".
 */
import '../shared/zod-config';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { z } from 'zod';
import { TimeTravelToWebview, type RoundCount, type RoundState, type TimeTravelToHost } from '../../src/protocol/time-travel';
import type { Topology } from '../../src/protocol/topology';
import { Bridge } from '../shared/bridge';
import { DeviceGrid } from '../shared/device-grid';
import { fmtDuration, fmtInt, fmtSimOffset } from '../shared/format';
import { styleProps } from '../shared/style-props';
import { baseStyles } from '../shared/styles';
import { isDarkTheme, jobColor } from '../shared/theme';

const SavedState = z.object({ round: z.number().int().nonnegative(), job: z.string() });
type SavedState = z.infer<typeof SavedState>;

const QUEUE_ROWS = 200;

@customElement('time-travel-app')
export class TimeTravelApp extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host { display: flex; flex-direction: column; height: 100vh; }
      .nav { display: flex; gap: 6px; align-items: center; padding: 6px 0; }
      .nav input[type='range'] { flex: 1; accent-color: var(--vscode-progressBar-background); }
      .body { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(300px, 1fr) minmax(320px, 440px); gap: 12px; }
      .map { min-height: 0; display: flex; flex-direction: column; }
      .grid { flex: 1; min-height: 0; }
      .side { overflow-y: auto; min-height: 0; padding-right: 4px; }
      .decision { padding: 4px 0; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
      .kind { display: inline-block; min-width: 56px; font-weight: 600; }
      .kind.place { color: var(--vscode-charts-green); }
      .kind.preempt { color: var(--vscode-charts-red); }
      .kind.wait { color: var(--vscode-charts-yellow); }
      .reason, .rate-source { color: var(--vscode-descriptionForeground); }
      .why { display: flex; gap: 6px; align-items: center; }
      .explanation { margin-top: 6px; padding: 6px 8px; border-left: 3px solid var(--vscode-textLink-foreground); background: var(--vscode-textBlockQuote-background, transparent); }
      td.reason { white-space: normal; }
      td:first-child { white-space: nowrap; }
      vscode-textfield { width: 180px; }
    `,
  ];

  readonly grid = new DeviceGrid();
  private readonly bridge = new Bridge<TimeTravelToWebview, TimeTravelToHost>(TimeTravelToWebview, (m) => this.onMessage(m));
  @state() private runTitle = '';
  @state() private policy = '';
  @state() private times: number[] = [];
  @state() private triggers: string[] = [];
  @state() private schedulingRounds: RoundCount | undefined;
  @state() private round: RoundState | undefined;
  @state() private saved: SavedState;
  @state() private explanation: { job: string; round: number; text: string } | undefined;
  @state() private hover: { device: number; x: number; y: number } | undefined;
  private topology: Topology | undefined;
  private pending: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.saved = this.bridge.restore(SavedState) ?? { round: 0, job: '' };
    this.grid.onHover = (device, x, y) => {
      this.hover = device === undefined ? undefined : { device, x, y };
    };
    this.grid.onClick = (device) => {
      const job = this.grid.jobOn(device);
      if (job) this.setJob(job);
    };
    window.addEventListener('keydown', (e) => {
      if ((e.target as HTMLElement)?.tagName === 'VSCODE-TEXTFIELD') return;
      if (e.key === 'ArrowRight') this.go(this.saved.round + 1);
      else if (e.key === 'ArrowLeft') this.go(this.saved.round - 1);
    });
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector('.grid')!.append(this.grid.element);
    this.bridge.ready();
  }

  private onMessage(m: TimeTravelToWebview): void {
    switch (m.type) {
      case 'run': {
        this.runTitle = m.title;
        this.policy = m.policy;
        this.topology = m.topology;
        this.times = m.steps.time;
        this.triggers = m.steps.trigger;
        this.schedulingRounds = m.schedulingRounds;
        this.grid.setData(m.topology, new Array(m.topology.model.length).fill(null), new Array(m.topology.model.length).fill(null));
        this.explanation = undefined;
        this.go(Math.min(this.saved.round, Math.max(0, this.times.length - 1)), true);
        break;
      }
      case 'round': {
        const r = m.round;
        this.round = r;
        if (this.topology) {
          const n = r.job.length;
          this.grid.setData(
            { ...this.topology, nodes: this.topology.nodes.map((node, i) => ({ ...node, state: r.deadNodes.includes(i) ? 'dead' : node.state })) },
            r.job,
            new Array(n).fill(null),
          );
          this.grid.setMarked(r.changed);
        }
        break;
      }
      case 'explanation':
        this.explanation = m;
        break;
    }
  }

  /** Moves to a round; slider drags are coalesced so the host answers the last position. */
  private go(index: number, now = false): void {
    if (this.times.length === 0) return;
    const i = Math.max(0, Math.min(this.times.length - 1, index));
    this.saved = { ...this.saved, round: i };
    this.bridge.save(this.saved);
    this.pending = i;
    if (this.timer !== undefined && !now) return;
    const send = () => {
      this.timer = undefined;
      if (this.pending === undefined) return;
      this.bridge.post({ type: 'selectRound', index: this.pending });
      this.pending = undefined;
    };
    if (now) send();
    else this.timer = setTimeout(send, 40);
  }

  private setJob(job: string): void {
    this.saved = { ...this.saved, job };
    this.bridge.save(this.saved);
    this.ask();
  }

  private ask(): void {
    const job = this.saved.job.trim();
    if (job) this.bridge.post({ type: 'explainWait', job, round: this.saved.round });
  }

  override render() {
    const n = this.times.length;
    const i = this.saved.round;
    const r = this.round;
    return html`
      <div class="toolbar">
        <b>${this.runTitle || 'Simulation run'}</b>
        <span class="muted" id="summary">policy ${this.policy}${this.renderRoundCount()} · ${fmtInt(n)} logged steps (arrivals, completions, failures, decisions)</span>
      </div>
      <div class="nav">
        <vscode-button id="first" icon="debug-reverse-continue" secondary title="First step" @click=${() => this.go(0)}></vscode-button>
        <vscode-button id="prev" icon="arrow-left" secondary title="Previous step (←)" @click=${() => this.go(i - 1)}></vscode-button>
        <input id="slider" type="range" min="0" max=${Math.max(0, n - 1)} .value=${live(String(i))} @input=${(e: Event) => this.go(Number((e.target as HTMLInputElement).value))} aria-label="Logged step" />
        <vscode-button id="next" icon="arrow-right" secondary title="Next step (→)" @click=${() => this.go(i + 1)}></vscode-button>
        <vscode-button id="last" icon="debug-continue" secondary title="Last step" @click=${() => this.go(n - 1)}></vscode-button>
        <span id="position">step ${fmtInt(i + 1)} / ${fmtInt(n)} · ${fmtSimOffset((this.times[i] ?? 0) * 1000)} sim time · ${this.triggers[i] ?? ''}</span>
      </div>
      <div class="body">
        <div class="map">
          <div class="muted">${r ? html`${fmtInt(r.job.filter(Boolean).length)} of ${fmtInt(r.job.length)} devices busy · ${r.running} running · ${r.queue.length} waiting · outlined: changed at this step (${r.changed.length})` : ''}</div>
          <div class="grid"></div>
        </div>
        <div class="side">
          <h2>Decisions at this step (${r?.decisions.length ?? 0})</h2>
          <div id="decisions">
            ${r && r.decisions.length === 0 ? html`<div class="muted">None: the policy changed nothing.</div>` : nothing}
            ${r?.decisions.map(
              (d) => html`<div class="decision">
                <span class="kind ${d.kind}">${d.kind}</span>
                <a @click=${() => this.setJob(d.job)}>${d.job}</a>
                ${d.kind === 'place' ? html`<span class="muted">on ${d.devices.length} device${d.devices.length === 1 ? '' : 's'}${d.rate !== undefined ? ` at ${d.rate.toPrecision(3)} steps/s` : ''}</span>` : nothing}
                <div class="reason">${d.reason}</div>
                ${d.rateSource ? html`<div class="rate-source">rate: ${d.rateSource}</div>` : nothing}
              </div>`,
            )}
          </div>
          <h2>Why is a job waiting?</h2>
          <div class="why">
            <vscode-textfield id="job" placeholder="job id" .value=${this.saved.job}
              @input=${(e: Event) => (this.saved = { ...this.saved, job: (e.target as HTMLInputElement).value })}
              @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.ask()}></vscode-textfield>
            <vscode-button id="ask" @click=${() => this.ask()}>Why?</vscode-button>
          </div>
          ${this.explanation ? html`<div class="explanation" id="explanation">${this.explanation.text} <span class="muted">(step ${this.explanation.round + 1})</span></div>` : nothing}
          <h2>Queue (${r?.queue.length ?? 0})</h2>
          <table id="queue">
            <thead><tr><th>job</th><th class="num">devices</th><th class="num">waited</th><th>last reason</th></tr></thead>
            <tbody>
              ${r?.queue.slice(0, QUEUE_ROWS).map(
                (q) => html`<tr>
                  <td><a @click=${() => this.setJob(q.job)}>${q.job}</a></td>
                  <td class="num">${q.gpus}</td>
                  <td class="num">${fmtDuration(r.time - q.arrival)}</td>
                  <td class="reason">${q.reason}</td>
                </tr>`,
              )}
            </tbody>
          </table>
          ${r && r.queue.length > QUEUE_ROWS ? html`<div class="muted">and ${fmtInt(r.queue.length - QUEUE_ROWS)} more</div>` : nothing}
        </div>
      </div>
      ${this.renderHover()}
    `;
  }

  /** " · 461 scheduling rounds", as `openclaw sim` counts them. */
  private renderRoundCount() {
    const c = this.schedulingRounds;
    if (!c) return nothing;
    return html` · <span id="rounds" title=${c.exact ? 'Times the policy was called, as openclaw sim counts them' : 'Periodic rounds that changed nothing are not in the event log; the run\'s report beside it has the exact count'}>${c.exact ? '' : 'at least '}${fmtInt(c.count)} scheduling rounds</span>`;
  }

  private renderHover() {
    const h = this.hover;
    const topo = this.topology;
    if (!h || !topo) return nothing;
    const n = topo.nodes[this.grid.nodeOf(h.device)];
    const job = this.grid.jobOn(h.device);
    const pos = { left: `${Math.min(h.x + 14, window.innerWidth - 260)}px`, top: `${h.y + 14}px` };
    return html`<div class="tooltip" id="tooltip" ${styleProps(pos)}>
      <div><b>${n!.name}</b> / ${h.device - n!.first} <span class="muted">${topo.models[topo.model[h.device]!]}</span></div>
      <div>${job ? html`<span class="swatch" ${styleProps({ background: jobColor(job, isDarkTheme()) })}></span> ${job} <span class="muted">(click: why)</span>` : html`<span class="muted">free</span>`}</div>
    </div>`;
  }
}

document.body.append(document.createElement('time-travel-app'));
