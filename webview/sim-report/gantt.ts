/**
 * The Gantt chart of jobs on devices, on a canvas: time across, one lane per device, the device
 * axis (node names, or device numbers) on the left. Lanes are never thinner than MIN_PITCH: a
 * cluster of thousands of devices scrolls inside the chart, which draws only the lanes in view.
 */
import type { Segments } from '../../src/protocol/sim-report';
import { nodeIndexOf, type TopologyNode } from '../../src/protocol/topology';
import { fitTail } from '../shared/canvas-text';
import { cssVar, isDarkTheme, jobColor, mix, parseColor } from '../shared/theme';

/** Height of the time axis under the plot. */
const AXIS = 22;
/** Width of the device axis left of the plot. */
const GUTTER = 96;
/** Lane height, gap included: bars are at least MIN_PITCH - 1 = 3 px thick. */
const MIN_PITCH = 4;
const MAX_PITCH = 16;
/** Plot height shown before the chart scrolls. */
const VIEW_PLOT = 560;
const MIN_PLOT = 198;
/** Vertical room one axis label needs. */
const LABEL_STEP = 12;
const PALETTE = 48;

/** A CSS hex colour as one RGBA pixel (little-endian: A B G R). */
function packColor(hex: string): number {
  const [r, g, b] = parseColor(hex);
  return ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

/** FNV-1a of a string. */
function hash(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A label of the device axis: its text and the lane it starts at. */
export interface AxisLabel {
  text: string;
  lane: number;
}

export class Gantt {
  /** The chart: a scrolling box holding the canvas (kept in view) and a spacer as tall as the lanes. */
  readonly element = document.createElement('div');
  readonly canvas = document.createElement('canvas');
  private readonly spacer = document.createElement('div');
  private segments: Segments = { job: [], device: [], start: [], end: [] };
  private ids: string[] = [];
  private lanes = 1;
  private horizon = 1;
  private nodes: readonly TopologyNode[] | undefined;
  /** Per lane, its segment indices in start order (for hover). */
  private byLane: Int32Array[] = [];
  private width = 0;
  private height = 0;
  private plotH = 0;
  /** Lane height in CSS pixels, gap included. */
  pitch = MIN_PITCH;
  onHover: (segment: number | undefined, clientX: number, clientY: number) => void = () => {};

  constructor() {
    Object.assign(this.element.style, { position: 'relative', overflowY: 'auto', overflowX: 'hidden' });
    Object.assign(this.canvas.style, { position: 'sticky', top: '0', display: 'block', width: '100%' });
    this.element.append(this.canvas, this.spacer);
    this.element.addEventListener('scroll', () => this.paint(), { passive: true });
    this.canvas.addEventListener('mousemove', (e) => this.onHover(this.segmentAt(e.clientX, e.clientY), e.clientX, e.clientY));
    this.canvas.addEventListener('mouseleave', (e) => this.onHover(undefined, e.clientX, e.clientY));
  }

  /** `nodes`: the cluster's nodes when lanes are its devices (the axis names them); else lanes are numbered. */
  setData(segments: Segments, ids: string[], lanes: number, horizon: number, nodes?: readonly TopologyNode[]): void {
    this.segments = segments;
    this.ids = ids;
    this.lanes = Math.max(1, lanes);
    this.horizon = Math.max(1e-9, horizon);
    this.nodes = nodes;
    // Per lane, its segments in start order: counting sort by lane, then a small sort per lane.
    const counts = new Int32Array(this.lanes);
    for (const d of segments.device) if (d < this.lanes) counts[d]!++;
    this.byLane = Array.from(counts, (c) => new Int32Array(c));
    const fill = new Int32Array(this.lanes);
    const n = segments.job.length;
    for (let i = 0; i < n; i++) {
      const d = segments.device[i];
      if (d! < this.lanes) this.byLane[d!]![fill[d!]!++] = i;
    }
    const start = segments.start;
    for (const list of this.byLane) list.sort((a, b) => start[a]! - start[b]!);
    // Colours: a fixed palette indexed by a hash of the job id, so that drawing sets the fill
    // colour once per palette entry rather than once per bar (82,000 bars for the Philly trace).
    const dark = isDarkTheme();
    this.palette = Array.from({ length: PALETTE }, (_, k) => jobColor(`palette-${k}`, dark));
    this.colorOfJob = new Uint8Array(ids.length);
    for (let j = 0; j < ids.length; j++) this.colorOfJob[j] = hash(ids[j]!) % PALETTE;
  }

  private palette: string[] = [];
  private colorOfJob = new Uint8Array(0);

  private jobPaletteIndex(j: number): number {
    return j < this.colorOfJob.length ? this.colorOfJob[j]! : j % PALETTE;
  }

  segmentInfo(i: number): { job: string; device: number; start: number; end: number } {
    const s = this.segments;
    return { job: this.ids[s.job[i]!] ?? String(s.job[i]), device: s.device[i]!, start: s.start[i]!, end: s.end[i]! };
  }

  /** "a100-3 / 5" for device 29 when the nodes are known. */
  deviceName(device: number): string | undefined {
    const n = this.nodeOf(device);
    return n ? `${n.name} / ${device - n.first}` : undefined;
  }

  private nodeOf(device: number): TopologyNode | undefined {
    const nodes = this.nodes;
    if (!nodes?.length) return undefined;
    const n = nodes[nodeIndexOf(nodes, device)];
    return n!.first <= device && device < n!.first + n!.count ? n : undefined;
  }

  /**
   * The device axis: each node's name at its first lane, or lane numbers every few lanes; labels
   * that would overlap the one above are left out.
   */
  axisLabels(): AxisLabel[] {
    const out: AxisLabel[] = [];
    const minLanes = Math.ceil(LABEL_STEP / this.pitch);
    if (this.nodes?.length) {
      let last = -Infinity;
      for (const n of this.nodes) {
        if (n.first - last < minLanes) continue;
        out.push({ text: n.name, lane: n.first });
        last = n.first;
      }
      return out;
    }
    // Lane numbers on multiples of a power of two (nodes commonly hold 8 devices).
    let every = 1;
    while (every < minLanes) every *= 2;
    for (let lane = 0; lane < this.lanes; lane += every) out.push({ text: String(lane), lane });
    return out;
  }

  /** Lays the chart out at the container's width and draws the lanes in view. */
  draw(width: number): void {
    this.width = width;
    this.pitch = Math.max(MIN_PITCH, Math.min(MAX_PITCH, Math.floor(VIEW_PLOT / this.lanes)));
    const content = this.lanes * this.pitch;
    this.plotH = Math.max(MIN_PLOT, Math.min(VIEW_PLOT, content));
    this.height = this.plotH + AXIS;
    this.element.style.height = `${this.height}px`;
    this.spacer.style.height = `${Math.max(0, content - this.plotH)}px`;
    this.canvas.style.height = `${this.height}px`;
    this.paint();
  }

  private paint(): void {
    const top = Math.min(this.element.scrollTop, Math.max(0, this.lanes * this.pitch - this.plotH));
    this.render(this.canvas, this.width, this.height, this.plotH, top, window.devicePixelRatio || 1);
  }

  /** Draws lanes from `top` (CSS px into the lanes) over `plotH` px, with both axes, on `canvas`. */
  private render(canvas: HTMLCanvasElement, width: number, height: number, plotH: number, top: number, dpr: number): void {
    canvas.width = Math.max(1, Math.floor(width * dpr));
    canvas.height = Math.max(1, Math.floor(height * dpr));
    const ctx = canvas.getContext('2d', { alpha: false })!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const bg = cssVar('--vscode-editor-background', '#1e1e1e');
    const fg = cssVar('--vscode-foreground', '#cccccc');
    ctx.fillStyle = bg;
    ctx.fillRect(0, 0, width, height);
    const plotW = Math.max(1, width - GUTTER);
    // Bars rasterised straight into pixels: 100,000 bars are mostly a few pixels wide, and one
    // putImageData beats a fillRect per bar by an order of magnitude.
    const s = this.segments;
    const W = Math.max(1, Math.floor(plotW * dpr));
    const H = Math.max(1, Math.floor(plotH * dpr));
    const image = ctx.createImageData(W, H);
    const px = new Uint32Array(image.data.buffer);
    px.fill(packColor(mix(bg, fg, 0.05)));
    const colors = Uint32Array.from(this.palette, packColor);
    const xs = W / this.horizon;
    const pitch = this.pitch;
    const firstLane = Math.floor(top / pitch);
    const lastLane = Math.ceil((top + plotH) / pitch);
    for (let i = 0, n = s.job.length; i < n; i++) {
      const lane = s.device[i];
      if (lane! < firstLane || lane! > lastLane) continue;
      // One pixel of gap under each bar.
      const y0 = Math.max(0, Math.round((lane! * pitch - top) * dpr));
      const y1 = Math.min(H, Math.max(y0 + 1, Math.round(((lane! + 1) * pitch - 1 - top) * dpr)));
      const x0 = Math.max(0, Math.floor(s.start[i]! * xs));
      const x1 = Math.min(W, Math.max(x0 + 1, Math.ceil(s.end[i]! * xs)));
      const c = colors[this.jobPaletteIndex(s.job[i]!)];
      for (let y = y0; y < y1; y++) px.fill(c!, y * W + x0, y * W + x1);
    }
    ctx.putImageData(image, Math.round(GUTTER * dpr), 0);
    const font = `11px ${cssVar('--vscode-font-family', 'sans-serif')}`;
    ctx.font = font;
    ctx.fillStyle = fg;
    ctx.strokeStyle = mix(bg, fg, 0.4);
    ctx.beginPath();
    // Device axis: a tick and a label at each label's lane.
    ctx.textAlign = 'right';
    for (const l of this.axisLabels()) {
      const y = l.lane * pitch - top;
      if (y < -LABEL_STEP || y > plotH) continue;
      ctx.moveTo(GUTTER - 4, Math.round(y) + 0.5);
      ctx.lineTo(GUTTER, Math.round(y) + 0.5);
      if (y + 10 <= plotH) ctx.fillText(fitTail(ctx, l.text, GUTTER - 8), GUTTER - 6, y + 10);
    }
    ctx.textAlign = 'left';
    // Time axis in hours.
    const sx = plotW / this.horizon;
    const hours = this.horizon / 3600;
    const tick = niceStep(hours / 8);
    for (let t = 0; t <= hours + 1e-9; t += tick) {
      const x = GUTTER + Math.round(t * 3600 * sx) + 0.5;
      ctx.moveTo(x, plotH);
      ctx.lineTo(x, plotH + 4);
      const label = `${+t.toFixed(2)} h`;
      const w = ctx.measureText(label).width;
      ctx.fillText(label, Math.min(Math.max(GUTTER, x - w / 2), width - w), plotH + 16);
    }
    ctx.stroke();
  }

  segmentAt(clientX: number, clientY: number): number | undefined {
    const r = this.canvas.getBoundingClientRect();
    const x = clientX - r.left - GUTTER;
    const y = clientY - r.top;
    const plotW = this.width - GUTTER;
    if (y < 0 || y >= this.plotH || x < 0 || x > plotW) return undefined;
    const lane = Math.floor((y + this.element.scrollTop) / this.pitch);
    const t = (x / plotW) * this.horizon;
    const list = this.byLane[lane];
    if (!list) return undefined;
    const s = this.segments;
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (s.start[list[mid]!]! <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return undefined;
    const i = list[found];
    return s.end[i!]! >= t ? i : undefined;
  }

  /** Every lane, not just those in view (a canvas is at most 32,767 px high: the lanes are squeezed to fit). */
  toPng(): string {
    const canvas = document.createElement('canvas');
    const keep = this.pitch;
    const plotH = Math.min(30_000, this.lanes * this.pitch);
    this.pitch = Math.min(keep, plotH / this.lanes);
    try {
      this.render(canvas, this.width, plotH + AXIS, plotH, 0, 1);
    } finally {
      this.pitch = keep;
    }
    return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  }

  toSvg(): string {
    const w = this.width;
    const plotW = w - GUTTER;
    const plotH = this.lanes * this.pitch;
    const h = plotH + AXIS;
    const sx = plotW / this.horizon;
    const s = this.segments;
    const fg = cssVar('--vscode-foreground', '#cccccc');
    const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="11">`];
    parts.push(`<rect width="${w}" height="${h}" fill="${cssVar('--vscode-editor-background', '#1e1e1e')}"/>`);
    for (let i = 0; i < s.job.length; i++) {
      parts.push(`<rect x="${(GUTTER + s.start[i]! * sx).toFixed(2)}" y="${s.device[i]! * this.pitch}" width="${Math.max((s.end[i]! - s.start[i]!) * sx, 0.5).toFixed(2)}" height="${this.pitch - 1}" fill="${this.palette[this.jobPaletteIndex(s.job[i]!)]}"/>`);
    }
    for (const l of this.axisLabels()) parts.push(`<text x="${GUTTER - 6}" y="${l.lane * this.pitch + 10}" text-anchor="end" fill="${fg}">${esc(l.text)}</text>`);
    parts.push('</svg>');
    return parts.join('');
  }
}

export function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}
