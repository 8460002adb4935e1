/**
 * The device map drawn on a canvas: one cell per device, cells grouped into node blocks, node blocks
 * into racks. Only the visible part is drawn (the canvas is the size of the viewport), a delta
 * repaints only the cells it changes, and hit-testing is arithmetic over the layout, so tens of
 * thousands of devices stay smooth.
 */
import type { NodeState } from '../../src/core/device';
import { nodeIndexOf, type Topology } from '../../src/protocol/topology';
import { fitTail } from './canvas-text';
import { cssVar, isDarkTheme, jobColor, mix, parseColor, utilColor } from './theme';

export type ColorBy = 'job' | 'util';

/** Colours of what the map draws besides jobs, for a legend. */
export interface GridLegendColors {
  free: string;
  /** Busy, but no utilisation reported. */
  unknown: string;
  suspect: string;
  dead: string;
  draining: string;
}

/** A group of node blocks drawn as one tile: a rack, or a run of nodes of an unracked cluster. */
interface Tile {
  nodes: number[];
  /** The rack's name; undefined for a run of unracked nodes. */
  rack: string | undefined;
}

const CELL_SIZES = [24, 20, 16, 14, 12, 10, 8, 6, 5, 4];
const MAX_COLS = 8;
const MARGIN = 8;
const HEADER = 16;
const BAND = 64;
const TILE_GAP = 10;
/** Cells at least this big leave room for each node's name above its block. */
const LABEL_MIN_CELL = 10;
const LABEL_H = 13;
const LABEL_FONT_PX = 10;
/** Below LABEL_MIN_CELL, an unracked cluster is drawn in tiles of this many nodes, each headed by its node names' range. */
const NODES_PER_TILE = 32;

/** "h100-0–31" for nodes h100-0 … h100-31: the shared prefix once, never cutting a number. */
export function nameRange(first: string, last: string): string {
  if (first === last) return first;
  let i = 0;
  while (i < first.length && i < last.length && first[i] === last[i]) i++;
  while (i > 0 && /\d/.test(first[i - 1]!)) i--;
  return i > 0 ? `${first}–${last.slice(i)}` : `${first} … ${last}`;
}

export class DeviceGrid {
  readonly element: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly spacer: HTMLDivElement;
  private readonly ctx: CanvasRenderingContext2D;

  private topology: Topology | undefined;
  private nodeState: NodeState[] = [];
  private job: (string | null)[] = [];
  private util: (number | null)[] = [];

  private cell = 10;
  private gap = 1;
  private pad = 3;
  private nodeX = new Float32Array(0);
  private nodeY = new Float32Array(0);
  private nodeW = new Float32Array(0);
  private nodeH = new Float32Array(0);
  private nodeCols = new Uint16Array(0);
  /** Nodes by horizontal band of BAND px (a node in every band it overlaps): culling and hit-testing. */
  private bands: number[][] = [];
  private headers: { x: number; y: number; text: string; maxWidth: number }[] = [];
  /** Height of the name strip above each node block (0: names do not fit at this cell size). */
  private labelH = 0;
  /** Per node, the width its name may take, and its name fitted to that width. */
  private labelW = new Float32Array(0);
  private labels: string[] = [];
  private tiles: { labelled: Tile[]; plain: Tile[] } | undefined;
  private contentHeight = 0;
  private width = 0;
  private height = 0;
  private dpr = 1;

  private colorByValue: ColorBy = 'job';
  private modelFilter = -1;
  private jobMatch: Set<string> | null = null;
  private focus: string | null = null;
  private marked: readonly number[] = [];
  private colors = this.readColors();
  private readonly jobColors = new Map<string, string>();
  private readonly dimColors = new Map<string, string>();

  /** Called with the device under the pointer (undefined when none). */
  onHover: (device: number | undefined, clientX: number, clientY: number) => void = () => {};
  onClick: (device: number) => void = () => {};

  constructor() {
    this.element = document.createElement('div');
    this.element.className = 'device-grid';
    Object.assign(this.element.style, { overflowY: 'auto', overflowX: 'hidden', position: 'relative', height: '100%', width: '100%' });
    this.canvas = document.createElement('canvas');
    Object.assign(this.canvas.style, { position: 'sticky', top: '0', display: 'block' });
    this.spacer = document.createElement('div');
    this.element.append(this.canvas, this.spacer);
    const ctx = this.canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('canvas 2D context unavailable');
    this.ctx = ctx;
    this.element.addEventListener('scroll', () => this.draw(), { passive: true });
    this.canvas.addEventListener('mousemove', (e) => this.onHover(this.deviceAt(e.clientX, e.clientY), e.clientX, e.clientY));
    this.canvas.addEventListener('mouseleave', (e) => this.onHover(undefined, e.clientX, e.clientY));
    this.canvas.addEventListener('click', (e) => {
      const d = this.deviceAt(e.clientX, e.clientY);
      if (d !== undefined) this.onClick(d);
    });
    new ResizeObserver(() => this.resize()).observe(this.element);
  }

  get deviceCount(): number {
    return this.job.length;
  }

  jobOn(device: number): string | null {
    return this.job[device] ?? null;
  }

  utilOn(device: number): number | null {
    return this.util[device] ?? null;
  }

  /** The node holding a device (binary search over the nodes' first devices). */
  nodeOf(device: number): number {
    return nodeIndexOf(this.topology?.nodes ?? [], device);
  }

  /** Top-left corner of a device's cell in content coordinates (computed from its node block). */
  private cellXY(device: number): { x: number; y: number } {
    const n = this.nodeOf(device);
    const k = device - this.topology!.nodes[n]!.first;
    const cols = this.nodeCols[n];
    const step = this.cell + this.gap;
    return { x: this.nodeX[n]! + this.pad + (k % cols!) * step, y: this.nodeY[n]! + this.pad + Math.floor(k / cols!) * step };
  }

  stateOf(node: number): NodeState {
    return this.nodeState[node] ?? 'ready';
  }

  /** Milliseconds of the last setData: layout and paint (the benchmarks read it). */
  lastSetDataMs = 0;

  /** Replaces everything and draws. */
  setData(topology: Topology, job: (string | null)[], util: (number | null)[]): void {
    const t0 = performance.now();
    this.topology = topology;
    this.nodeState = topology.nodes.map((n) => n.state);
    this.job = job.slice();
    this.util = util.slice();
    this.colors = this.readColors();
    this.tiles = undefined;
    this.layout();
    this.draw();
    this.lastSetDataMs = performance.now() - t0;
  }

  /** Applies changed devices and repaints just those cells. */
  applyDelta(devices: readonly number[], job: readonly (string | null)[], util: readonly (number | null)[]): void {
    const ctx = this.ctx;
    const top = this.element.scrollTop;
    for (let i = 0; i < devices.length; i++) {
      const d = devices[i];
      if (d! >= this.job.length) continue;
      this.job[d!] = job[i]!;
      this.util[d!] = util[i]!;
    }
    // Dimming (filters, focus) depends only on a cell's own job and model, so painting the
    // changed cells is enough.
    // Same pixel snapping as draw(), so that a repainted cell covers exactly what was there.
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    const c = this.cell;
    const dpr = this.dpr;
    let last = '';
    for (let i = 0; i < devices.length; i++) {
      const d = devices[i];
      if (d! >= this.job.length) continue;
      const { x, y } = this.cellXY(d!);
      if (y + c < top || y > top + this.height) continue;
      const color = this.colorOf(d!);
      if (color !== last) ctx.fillStyle = last = color;
      const x0 = Math.round(x * dpr);
      const y0 = Math.round((y - top) * dpr);
      ctx.fillRect(x0, y0, Math.round((x + c) * dpr) - x0, Math.round((y + c - top) * dpr) - y0);
    }
    if (this.marked.length) this.draw();
  }

  setNodeState(node: number, state: NodeState): void {
    this.nodeState[node] = state;
    this.draw();
  }

  set colorBy(v: ColorBy) {
    this.colorByValue = v;
    this.draw();
  }

  get colorBy(): ColorBy {
    return this.colorByValue;
  }

  /** Shows only devices of one model (index into topology.models; -1: all) and of matching jobs. */
  setFilter(model: number, jobs: Set<string> | null): void {
    this.modelFilter = model;
    this.jobMatch = jobs;
    this.draw();
  }

  setFocus(jobId: string | null): void {
    this.focus = jobId;
    this.draw();
  }

  /** Outlines these devices (e.g. the ones a scheduling round changed). */
  setMarked(devices: readonly number[]): void {
    this.marked = devices;
    this.draw();
  }

  /** Scrolls a device into the middle of the view. */
  reveal(device: number): void {
    if (!this.topology || device >= this.job.length) return;
    this.element.scrollTop = Math.max(0, this.cellXY(device).y - this.height / 2);
    this.draw();
  }

  /** Centre of a device's cell in client coordinates (for tests and for anchoring tooltips). */
  cellCenter(device: number): { x: number; y: number } {
    const r = this.canvas.getBoundingClientRect();
    const { x, y } = this.cellXY(device);
    return { x: r.left + x + this.cell / 2, y: r.top + y - this.element.scrollTop + this.cell / 2 };
  }

  get cellSize(): number {
    return this.cell;
  }

  /** A node's name as drawn above its block, and where (client coordinates of its left end, baseline); undefined when names are not drawn. */
  nodeLabel(node: number): { text: string; x: number; y: number } | undefined {
    if (!this.labelH || !this.labels[node]) return undefined;
    const r = this.canvas.getBoundingClientRect();
    return { text: this.labels[node], x: r.left + this.nodeX[node]!, y: r.top + this.nodeY[node]! - 3 - this.element.scrollTop };
  }

  /** The tiles' header lines (rack, device count, and the node names' range when nodes are unnamed). */
  get tileHeaders(): readonly string[] {
    return this.headers.map((h) => h.text);
  }

  /** Devices per job on the map, most first. */
  jobsByDevices(): Array<[string, number]> {
    const counts = new Map<string, number>();
    for (const j of this.job) if (j) counts.set(j, (counts.get(j) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  }

  legendColors(): GridLegendColors {
    const { free, unknown, suspect, dead, draining } = this.colors;
    return { free, unknown, suspect, dead, draining };
  }

  /** The canvas as a PNG data URL. */
  toDataURL(): string {
    return this.canvas.toDataURL('image/png');
  }

  deviceAt(clientX: number, clientY: number): number | undefined {
    const topo = this.topology;
    if (!topo) return undefined;
    const r = this.canvas.getBoundingClientRect();
    const x = clientX - r.left;
    const y = clientY - r.top + this.element.scrollTop;
    for (const n of this.bands[Math.floor(y / BAND)] ?? []) {
      if (x < this.nodeX[n]! || x >= this.nodeX[n]! + this.nodeW[n]! || y < this.nodeY[n]! || y >= this.nodeY[n]! + this.nodeH[n]!) continue;
      const step = this.cell + this.gap;
      const col = Math.floor((x - this.nodeX[n]! - this.pad) / step);
      const line = Math.floor((y - this.nodeY[n]! - this.pad) / step);
      const cols = this.nodeCols[n];
      if (col < 0 || col >= cols! || line < 0) return undefined;
      const i = line * cols! + col;
      return i < topo.nodes[n]!.count ? topo.nodes[n]!.first + i : undefined;
    }
    return undefined;
  }

  private readColors() {
    const bg = cssVar('--vscode-editor-background', '#1e1e1e');
    const fg = cssVar('--vscode-foreground', '#cccccc');
    const dark = isDarkTheme();
    return {
      dark,
      bg,
      fg,
      block: mix(bg, fg, 0.06),
      free: mix(bg, fg, 0.16),
      unknown: mix(bg, fg, 0.45),
      border: mix(bg, fg, 0.2),
      label: mix(bg, fg, 0.8),
      suspect: cssVar('--vscode-charts-yellow', '#cca700'),
      dead: cssVar('--vscode-charts-red', '#f14c4c'),
      draining: cssVar('--vscode-charts-orange', '#d18616'),
      font: `${cssVar('--vscode-font-size', '13px')} ${cssVar('--vscode-font-family', 'sans-serif')}`,
    };
  }

  private resize(): void {
    const w = this.element.clientWidth;
    const h = this.element.clientHeight;
    if (w === this.width && h === this.height) return;
    this.width = w;
    this.height = h;
    this.layout();
    this.draw();
  }

  /** Picks the largest cell size that shows the whole cluster without scrolling (at least 4 px). */
  private layout(): void {
    const topo = this.topology;
    this.width = this.element.clientWidth;
    this.height = this.element.clientHeight;
    if (!topo || this.width === 0) return;
    // Height grows with the cell size: binary search for the largest size that fits.
    let lo = 0;
    let hi = CELL_SIZES.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.layoutWith(CELL_SIZES[mid]!) <= this.height) hi = mid;
      else lo = mid + 1;
    }
    this.layoutWith(CELL_SIZES[lo]!);
    this.fitLabels();
    this.indexBands();
    this.spacer.style.height = `${Math.max(0, this.contentHeight - this.height)}px`;
    this.dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.max(1, Math.floor(this.width * this.dpr));
    this.canvas.height = Math.max(1, Math.floor(this.height * this.dpr));
    this.canvas.style.width = `${this.width}px`;
    this.canvas.style.height = `${this.height}px`;
  }

  /**
   * Node indices by rack, in order of first appearance. Without node names drawn, an unracked
   * cluster is cut into tiles of NODES_PER_TILE nodes, whose headers name their first and last node.
   */
  private tilesFor(labelled: boolean): Tile[] {
    if (!this.tiles) {
      const racks = new Map<string, number[]>();
      this.topology!.nodes.forEach((node, i) => {
        const key = node.rack ?? '';
        let list = racks.get(key);
        if (!list) racks.set(key, (list = []));
        list.push(i);
      });
      const labelledTiles: Tile[] = [...racks].map(([rack, nodes]) => ({ rack: rack || (racks.size > 1 ? 'no rack' : undefined), nodes }));
      const unracked = labelledTiles.length === 1 && labelledTiles[0]!.rack === undefined;
      const plain: Tile[] = [];
      if (unracked && labelledTiles[0]!.nodes.length > NODES_PER_TILE) {
        const all = labelledTiles[0]!.nodes;
        for (let i = 0; i < all.length; i += NODES_PER_TILE) plain.push({ rack: undefined, nodes: all.slice(i, i + NODES_PER_TILE) });
      } else plain.push(...labelledTiles);
      this.tiles = { labelled: labelledTiles, plain };
    }
    return labelled ? this.tiles.labelled : this.tiles.plain;
  }

  private tileHeader(tile: Tile, devices: number, labelled: boolean): string {
    const nodes = this.topology!.nodes;
    const range = nameRange(nodes[tile.nodes[0]!]!.name, nodes[tile.nodes[tile.nodes.length - 1]!]!.name);
    if (tile.rack === undefined) return `${range} · ${devices}`;
    return labelled ? `${tile.rack} · ${devices}` : `${tile.rack} · ${devices} · ${range}`;
  }

  private metrics(cell: number) {
    const gap = cell >= 8 ? 1 : 0.5;
    const pad = cell >= 10 ? 3 : 2;
    return { gap, pad, nodeGap: cell >= 10 ? 4 : 3, step: cell + gap };
  }

  /**
   * Places node blocks for a cell size and returns the content height. Without racks, nodes fill
   * the width row by row. With racks, each rack is a tile (its name, then its nodes in a roughly
   * square grid), and tiles flow across the width: a thousand-node cluster fits in one view.
   */
  private layoutWith(cell: number): number {
    const topo = this.topology!;
    const n = topo.nodes.length;
    this.cell = cell;
    const { gap, pad, nodeGap, step } = this.metrics(cell);
    this.gap = gap;
    this.pad = pad;
    if (this.nodeX.length !== n) {
      this.nodeX = new Float32Array(n);
      this.nodeY = new Float32Array(n);
      this.nodeW = new Float32Array(n);
      this.nodeH = new Float32Array(n);
      this.nodeCols = new Uint16Array(n);
    }
    for (let i = 0; i < n; i++) {
      const count = topo.nodes[i]!.count;
      const cols = Math.max(1, Math.min(MAX_COLS, count));
      this.nodeCols[i] = cols;
      this.nodeW[i] = 2 * pad + cols * step - gap;
      this.nodeH[i] = 2 * pad + Math.max(1, Math.ceil(count / MAX_COLS)) * step - gap;
    }
    const labelled = cell >= LABEL_MIN_CELL;
    const labelH = labelled ? LABEL_H : 0;
    this.labelH = labelH;
    if (this.labelW.length !== n) this.labelW = new Float32Array(n);
    const tiles = this.tilesFor(labelled);
    const withHeaders = tiles.length > 1 || tiles[0]?.rack !== undefined;
    const right = this.width - MARGIN;
    this.headers = [];
    let x = MARGIN;
    let y = MARGIN;
    let rowH = 0;
    for (const tile of tiles) {
      const nodes = tile.nodes;
      // Every node of a tile gets the same slot: the rack's largest block, under its name's strip.
      let bw = 0;
      let bh = labelH;
      for (const i of nodes) {
        bw = Math.max(bw, this.nodeW[i]!);
        bh = Math.max(bh, this.nodeH[i]! + labelH);
      }
      const fit = Math.max(1, Math.floor((right - MARGIN + nodeGap) / (bw + nodeGap)));
      const cols = withHeaders ? Math.max(1, Math.min(fit, nodes.length, Math.round(Math.sqrt((nodes.length * (bh + nodeGap)) / (bw + nodeGap))))) : fit;
      const tileW = cols * (bw + nodeGap) - nodeGap;
      const head = withHeaders ? HEADER : 0;
      const tileH = head + Math.ceil(nodes.length / cols) * (bh + nodeGap) - nodeGap;
      if (x > MARGIN && x + tileW > right) {
        y += rowH + TILE_GAP;
        x = MARGIN;
        rowH = 0;
      }
      if (withHeaders) {
        const devices = nodes.reduce((sum, i) => sum + topo.nodes[i]!.count, 0);
        this.headers.push({ x, y: y + HEADER - 5, text: this.tileHeader(tile, devices, labelled), maxWidth: Math.max(tileW, 40) });
      }
      nodes.forEach((i, j) => {
        this.nodeX[i] = x + (j % cols) * (bw + nodeGap);
        this.nodeY[i] = y + head + Math.floor(j / cols) * (bh + nodeGap) + labelH;
        this.labelW[i] = bw;
      });
      rowH = Math.max(rowH, tileH);
      x += tileW + TILE_GAP;
    }
    this.contentHeight = y + rowH + MARGIN;
    return this.contentHeight;
  }

  /** Fits each node's name to its slot (keeping its end, where names of one cluster differ). */
  private fitLabels(): void {
    const nodes = this.topology?.nodes ?? [];
    this.labels = [];
    if (!this.labelH) return;
    this.ctx.font = this.labelFont();
    for (let i = 0; i < nodes.length; i++) this.labels.push(fitTail(this.ctx, nodes[i]!.name, this.labelW[i]!));
  }

  private labelFont(): string {
    return `${LABEL_FONT_PX}px ${cssVar('--vscode-font-family', 'sans-serif')}`;
  }

  private indexBands(): void {
    const n = this.nodeX.length;
    this.bands = Array.from({ length: Math.ceil(this.contentHeight / BAND) + 1 }, () => []);
    for (let i = 0; i < n; i++) {
      for (let b = Math.floor(this.nodeY[i]! / BAND), e = Math.floor((this.nodeY[i]! + this.nodeH[i]!) / BAND); b <= e; b++) this.bands[b]?.push(i);
    }
  }

  private colorOf(d: number): string {
    const j = this.job[d];
    let c: string;
    if (this.colorByValue === 'job') {
      if (j) {
        let jc = this.jobColors.get(j);
        if (!jc) this.jobColors.set(j, (jc = jobColor(j, this.colors.dark)));
        c = jc;
      } else c = this.colors.free;
    } else {
      const u = this.util[d];
      c = u === null || u === undefined ? (j ? this.colors.unknown : this.colors.free) : utilColor(u);
    }
    const dim =
      (this.modelFilter >= 0 && this.topology!.model[d] !== this.modelFilter) ||
      (this.jobMatch !== null && !(j && this.jobMatch.has(j))) ||
      (this.focus !== null && j !== this.focus);
    if (!dim) return c;
    let dc = this.dimColors.get(c);
    if (!dc) this.dimColors.set(c, (dc = mix(c, this.colors.bg, 0.75)));
    return dc;
  }

  /** Packed RGBA (little-endian ABGR) of a CSS colour, cached. */
  private packed(color: string): number {
    let v = this.packCache.get(color);
    if (v === undefined) {
      const [r, g, b] = parseColor(color);
      v = ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
      this.packCache.set(color, v);
    }
    return v;
  }

  private readonly packCache = new Map<string, number>();
  /** Nodes the last draw painted (for their names). */
  private readonly shownNodes: number[] = [];
  private image: ImageData | undefined;

  /**
   * Repaints the visible part. Cells are rasterised straight into an ImageData (a few thousand
   * fillRects cost more than writing the pixels), snapped to whole device pixels exactly as
   * applyDelta paints them; text and outlines go on top with the canvas API.
   */
  draw(): void {
    const topo = this.topology;
    const ctx = this.ctx;
    const top = this.element.scrollTop;
    const dpr = this.dpr;
    const W = this.canvas.width;
    const H = this.canvas.height;
    if (!this.image || this.image.width !== W || this.image.height !== H) this.image = ctx.createImageData(W, H);
    const px = new Uint32Array(this.image.data.buffer);
    px.fill(this.packed(this.colors.bg));
    const rect = (x: number, y: number, w: number, h: number, color: number) => {
      const x0 = Math.max(0, Math.round(x * dpr));
      const x1 = Math.min(W, Math.round((x + w) * dpr));
      const y0 = Math.max(0, Math.round((y - top) * dpr));
      const y1 = Math.min(H, Math.round((y + h - top) * dpr));
      for (let yy = y0; yy < y1; yy++) {
        const row = yy * W;
        // Cells are a few pixels wide: a plain loop beats fill()'s call overhead there.
        if (x1 - x0 <= 16) for (let xx = row + x0, end = row + x1; xx < end; xx++) px[xx] = color;
        else px.fill(color, row + x0, row + x1);
      }
    };
    const bottom = top + this.height;
    const c = this.cell;
    const shown = this.shownNodes;
    if (topo) {
      const block = this.packed(this.colors.block);
      const seen = new Uint8Array(this.nodeX.length);
      shown.length = 0;
      // A block just below the view may have its name inside it.
      for (let b = Math.max(0, Math.floor(top / BAND)), e = Math.floor((bottom + this.labelH) / BAND); b <= e && b < this.bands.length; b++) {
        for (const n of this.bands[b]!) {
          if (seen[n]) continue;
          seen[n] = 1;
          shown.push(n);
          const state = this.nodeState[n];
          if (state !== 'ready') {
            rect(this.nodeX[n]!, this.nodeY[n]!, this.nodeW[n]!, this.nodeH[n]!, this.packed(state === 'dead' ? this.colors.dead : state === 'suspect' ? this.colors.suspect : this.colors.draining));
            rect(this.nodeX[n]! + 1.5, this.nodeY[n]! + 1.5, this.nodeW[n]! - 3, this.nodeH[n]! - 3, block);
          } else rect(this.nodeX[n]!, this.nodeY[n]!, this.nodeW[n]!, this.nodeH[n]!, block);
          const node = topo.nodes[n];
          const cols = this.nodeCols[n];
          const x0 = this.nodeX[n]! + this.pad;
          const y0 = this.nodeY[n]! + this.pad;
          const step = c + this.gap;
          let last = '';
          let packed = 0;
          for (let k = 0; k < node!.count; k++) {
            const color = this.colorOf(node!.first + k);
            if (color !== last) packed = this.packed((last = color));
            rect(x0 + (k % cols!) * step, y0 + Math.floor(k / cols!) * step, c, c, packed);
          }
        }
      }
    }
    ctx.putImageData(this.image, 0, 0);
    if (!topo) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, -top * dpr);
    ctx.font = this.colors.font;
    ctx.fillStyle = this.colors.fg;
    ctx.font = `11px ${cssVar('--vscode-font-family', 'sans-serif')}`;
    for (const h of this.headers) if (h.y > top && h.y - HEADER < bottom) ctx.fillText(h.text, h.x, h.y, h.maxWidth);
    if (this.labelH) {
      ctx.font = this.labelFont();
      ctx.fillStyle = this.colors.label;
      for (const n of shown) {
        const y = this.nodeY[n]! - 3;
        if (this.labels[n] && y > top && y - LABEL_H < bottom) ctx.fillText(this.labels[n], this.nodeX[n]!, y);
      }
    }
    if (this.marked.length) {
      ctx.strokeStyle = this.colors.fg;
      ctx.lineWidth = c >= 8 ? 1.5 : 1;
      for (const d of this.marked) {
        if (d >= this.job.length) continue;
        const { x, y } = this.cellXY(d);
        if (y + c >= top && y <= bottom) ctx.strokeRect(x + 0.75, y + 0.75, c - 1.5, c - 1.5);
      }
    }
  }
}
