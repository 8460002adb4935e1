// Parsers for nvidia-smi's CSV query output and its `topo -m` matrix.
import type { Device__Output as Device } from '../../proto/generated/openclaw/agent/v1/Device';
import { modelId } from './model-id';

/** The query the agent runs; the parser expects exactly these columns in this order. */
export const NVIDIA_QUERY = ['--query-gpu=index,uuid,name,memory.total,utilization.gpu,memory.used', '--format=csv,noheader,nounits'];

function num(s: string | undefined): number {
  const v = Number((s ?? '').trim());
  return Number.isFinite(v) ? v : 0; // "[N/A]", "[Not Supported]"
}

/** `index, uuid, name, memory.total [MiB], utilization.gpu [%], memory.used [MiB]` per line. */
export function parseNvidiaSmiCsv(text: string): Device[] {
  const out: Device[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const cols = line.split(',').map((c) => c.trim());
    if (cols.length < 6) throw new Error(`nvidia-smi: expected 6 columns, got ${cols.length} in "${line}"`);
    const [index, uuid, ...rest] = cols;
    // A product name never holds a comma today, but keep the last three columns as the numbers.
    const numbers = rest.slice(-3);
    const name = rest.slice(0, -3).join(',');
    out.push({
      index: num(index),
      uuid: uuid!,
      name,
      model: modelId(name),
      memoryGib: Math.round((num(numbers[0]) / 1024) * 100) / 100,
      vendor: 'nvidia',
      utilizationPercent: num(numbers[1]),
      memoryUsedMib: num(numbers[2]),
    });
  }
  return out;
}

/**
 * `nvidia-smi topo -m`: a matrix whose GPU rows/columns say how each pair is linked (X, NV<n>,
 * PIX, PXB, PHB, NODE, SYS). Returns the NVLink islands: groups of GPU indices joined by NV links,
 * one group per GPU without any.
 */
export function parseNvidiaTopo(text: string): number[][] {
  // eslint-disable-next-line no-control-regex -- strips the terminal's colour codes (ESC [ ... m)
  const lines = text.split(/\r?\n/).map((l) => l.replace(/\x1b\[[0-9;]*m/g, ''));
  const headerAt = lines.findIndex((l) => /^\s*GPU0\b/.test(l) || /\tGPU0\b/.test(l));
  if (headerAt < 0) return [];
  const header = lines[headerAt]!.trim().split(/\t+|\s{2,}/).map((s) => s.trim());
  const gpuCols = header.map((h, i) => [h, i] as const).filter(([h]) => /^GPU\d+$/.test(h));
  const n = gpuCols.length;
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (const line of lines.slice(headerAt + 1)) {
    const m = /^GPU(\d+)\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    const row = Number(m[1]);
    const cells = m[2]!.trim().split(/\s+/);
    for (let c = 0; c < n && c < cells.length; c++) {
      if (/^NV\d+$/.test(cells[c]!) && row < n) parent[find(row)] = find(c);
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const g = find(i);
    groups.set(g, [...(groups.get(g) ?? []), Number(gpuCols[i]![0].slice(3))]);
  }
  return [...groups.values()].sort((a, b) => a[0]! - b[0]!);
}
