/** The Gantt chart of jobs on devices, on a canvas: time across, one lane per device. */
import type { Segments } from '../../src/protocol/sim-report';
import { cssVar, isDarkTheme, jobColor, mix, parseColor } from '../shared/theme';

const AXIS = 22;
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

export class Gantt {
  readonly canvas = document.createElement('canvas');
  private segments: Segments = { job: [], device: [], start: [], end: [] };
  private ids: string[] = [];
  private lanes = 1;
  private horizon = 1;
  /** Per lane, its segment indices in start order (for hover). */
  private byLane: Int32Array[] = [];
  private width = 0;
  private height = 0;
  onHover: (segment: number | undefined, clientX: number, clientY: number) => void = () => {};

  constructor() {
    this.canvas.style.display = 'block';
    this.canvas.style.width = '100%';
    this.canvas.addEventListener('mousemove', (e) => this.onHover(this.segmentAt(e.clientX, e.clientY), e.clientX, e.clientY));
    this.canvas.addEventListener('mouseleave', (e) => this.onHover(undefined, e.clientX, e.clientY));
  }

  setData(segments: Segments, ids: string[], lanes: number, horizon: number): void {
    this.segments = segments;
    this.ids = ids;
    this.lanes = Math.max(1, lanes);
    this.horizon = Math.max(1e-9, horizon);
    // Per lane, its segments in start order: counting sort by lane, then a small sort per lane.
    const counts = new Int32Array(this.lanes);
    for (const d of segments.device) if (d < this.lanes) counts[d]++;
    this.byLane = Array.from(counts, (c) => new Int32Array(c));
    const fill = new Int32Array(this.lanes);
    const n = segments.job.length;
    for (let i = 0; i < n; i++) {
      const d = segments.device[i];
      if (d < this.lanes) this.byLane[d][fill[d]++] = i;
    }
    const start = segments.start;
    for (const list of this.byLane) list.sort((a, b) => start[a] - start[b]);
    // Colours: a fixed palette indexed by a hash of the job id, so that drawing sets the fill
    // colour once per palette entry rather than once per bar (82,000 bars for the Philly trace).
    const dark = isDarkTheme();
    this.palette = Array.from({ length: PALETTE }, (_, k) => jobColor(`palette-${k}`, dark));
    this.colorOfJob = new Uint8Array(ids.length);
    for (let j = 0; j < ids.length; j++) this.colorOfJob[j] = hash(ids[j]) % PALETTE;
  }

  private palette: string[] = [];
  private colorOfJob = new Uint8Array(0);

  private jobPaletteIndex(j: number): number {
    return j < this.colorOfJob.length ? this.colorOfJob[j] : j % PALETTE;
  }

  segmentInfo(i: number): { job: string; device: number; start: number; end: number } {
    const s = this.segments;
    return { job: this.ids[s.job[i]] ?? String(s.job[i]), device: s.device[i], start: s.start[i], end: s.end[i] };
  }

  /** Draws at the container's width; `height` in CSS pixels. */
  draw(width: number, height: number): void {
    this.width = width;
    this.height = height;
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.max(1, Math.floor(width * dpr));
    this.canvas.height = Math.max(1, Math.floor(height * dpr));
    this.canvas.style.height = `${height}px`;
    const ctx = this.canvas.getContext('2d', { alpha: false })!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const bg = cssVar('--vscode-editor-background', '#1e1e1e');
    const fg = cssVar('--vscode-foreground', '#cccccc');
    ctx.fillStyle = bg;
    ctx.fillRect(0, 0, width, height);
    const plotH = height - AXIS;
    const sx = width / this.horizon;
    // Bars rasterised straight into pixels: 100,000 bars on a few hundred rows are mostly
    // sub-pixel, and one putImageData beats a fillRect per bar by an order of magnitude.
    const s = this.segments;
    const W = this.canvas.width;
    const H = Math.max(1, Math.floor(plotH * dpr));
    const image = ctx.createImageData(W, H);
    const px = new Uint32Array(image.data.buffer);
    px.fill(packColor(mix(bg, fg, 0.05)));
    const colors = Uint32Array.from(this.palette, packColor);
    const xs = (W / this.horizon);
    const rows = H / this.lanes;
    const gapRows = rows > 3 ? 1 : 0;
    for (let i = 0, n = s.job.length; i < n; i++) {
      const lane = s.device[i];
      const y0 = Math.floor(lane * rows);
      const y1 = Math.max(y0 + 1, Math.floor((lane + 1) * rows) - gapRows);
      const x0 = Math.max(0, Math.floor(s.start[i] * xs));
      const x1 = Math.min(W, Math.max(x0 + 1, Math.ceil(s.end[i] * xs)));
      const c = colors[this.jobPaletteIndex(s.job[i])];
      for (let y = y0; y < y1 && y < H; y++) px.fill(c, y * W + x0, y * W + x1);
    }
    ctx.putImageData(image, 0, 0);
    // Time axis in hours.
    ctx.fillStyle = fg;
    ctx.strokeStyle = mix(bg, fg, 0.4);
    ctx.font = `11px ${cssVar('--vscode-font-family', 'sans-serif')}`;
    const hours = this.horizon / 3600;
    const tick = niceStep(hours / 8);
    ctx.beginPath();
    for (let t = 0; t <= hours + 1e-9; t += tick) {
      const x = Math.round((t * 3600 * sx)) + 0.5;
      ctx.moveTo(x, plotH);
      ctx.lineTo(x, plotH + 4);
      const label = `${+t.toFixed(2)} h`;
      const w = ctx.measureText(label).width;
      ctx.fillText(label, Math.min(Math.max(0, x - w / 2), width - w), plotH + 16);
    }
    ctx.stroke();
  }

  segmentAt(clientX: number, clientY: number): number | undefined {
    const r = this.canvas.getBoundingClientRect();
    const x = clientX - r.left;
    const y = clientY - r.top;
    const plotH = this.height - AXIS;
    if (y < 0 || y >= plotH || x < 0 || x > this.width) return undefined;
    const lane = Math.floor((y / plotH) * this.lanes);
    const t = (x / this.width) * this.horizon;
    const list = this.byLane[lane];
    if (!list) return undefined;
    const s = this.segments;
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (s.start[list[mid]] <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return undefined;
    const i = list[found];
    return s.end[i] >= t ? i : undefined;
  }

  toPng(): string {
    return this.canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  }

  toSvg(): string {
    const w = this.width;
    const plotH = this.height - AXIS;
    const sx = w / this.horizon;
    const sy = plotH / this.lanes;
    const s = this.segments;
    const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${this.height}" viewBox="0 0 ${w} ${this.height}">`];
    parts.push(`<rect width="${w}" height="${this.height}" fill="${cssVar('--vscode-editor-background', '#1e1e1e')}"/>`);
    for (let i = 0; i < s.job.length; i++) {
      parts.push(`<rect x="${(s.start[i] * sx).toFixed(2)}" y="${(s.device[i] * sy).toFixed(2)}" width="${Math.max((s.end[i] - s.start[i]) * sx, 0.5).toFixed(2)}" height="${Math.max(sy, 0.5).toFixed(2)}" fill="${this.palette[this.jobPaletteIndex(s.job[i])]}"/>`);
    }
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
