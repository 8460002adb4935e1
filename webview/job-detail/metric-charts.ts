/**
 * How a job's metric samples become charts: every series found, grouped (loss, learning rate,
 * throughput, accuracy, utilisation, others), smoothed as TensorBoard smooths, restarts marked, other
 * jobs overlaid, and any chart as CSV. Pure: the page draws what these return.
 */
import type { MetricSample } from '../../src/core/job';

export interface ChartGroup {
  id: string;
  title: string;
  keys: string[];
}

const GROUPS: Array<{ id: string; title: string; match: RegExp }> = [
  { id: 'loss', title: 'Loss', match: /loss|perplexity|ppl/i },
  { id: 'lr', title: 'Learning rate', match: /^lr$|learning.?rate|(^|[._/])lr($|[._/])/i },
  { id: 'throughput', title: 'Throughput', match: /per_?sec|per_?second|throughput|samples|tokens|itPerSec|it_s|mfu/i },
  { id: 'accuracy', title: 'Accuracy', match: /acc|f1|precision|recall|bleu|rouge|auc|top[-_]?\d|exact_match|score/i },
  { id: 'util', title: 'Device utilisation', match: /util/i },
  { id: 'memory', title: 'Device memory (GiB)', match: /gpu_?mem|memory|mem_/i },
];
/** Progress counters, shown as the job's progress, not charted. */
const PROGRESS = new Set(['step', 'totalSteps', 'epochStep', 'epochSteps']);

/** The charts to draw: each group that has a series, then "Other" with the rest. */
export function groupSeries(samples: readonly MetricSample[]): ChartGroup[] {
  const keys = new Set<string>();
  for (const s of samples) for (const k of Object.keys(s.values)) if (!PROGRESS.has(k)) keys.add(k);
  const groups = GROUPS.map((g) => ({ id: g.id, title: g.title, keys: [] as string[] }));
  const other: ChartGroup = { id: 'other', title: 'Other', keys: [] };
  for (const k of [...keys].sort()) {
    const i = GROUPS.findIndex((g) => g.match.test(k));
    (i >= 0 ? groups[i]!.keys : other.keys).push(k);
  }
  return [...groups, other].filter((g) => g.keys.length > 0);
}

/**
 * TensorBoard's smoothing: an exponential moving average, debiased so that the first points are not
 * pulled towards 0; a constant series stays as it is. `weight` 0 leaves the data alone.
 */
export function smooth(ys: ReadonlyArray<number | null>, weight: number): Array<number | null> {
  if (weight <= 0) return [...ys];
  const finite = ys.filter((y): y is number => y !== null && Number.isFinite(y));
  if (finite.length > 0 && finite.every((y) => y === finite[0])) return [...ys];
  let last = 0;
  let debias = 0;
  return ys.map((y) => {
    if (y === null || !Number.isFinite(y)) return y;
    last = last * weight + (1 - weight) * y;
    debias = debias * weight + (1 - weight);
    return last / debias;
  });
}

export interface Source {
  /** A job's name when several are overlaid; empty for the job of the panel. */
  label: string;
  samples: readonly MetricSample[];
}

export interface Plot {
  xLabel: string;
  xs: number[];
  /** One per series: its label, which source it comes from, the key, and its values at `xs`. */
  series: Array<{ label: string; source: number; key: string; ys: Array<number | null> }>;
  /** Where each attempt after the first began (on the panel's job). */
  markers: Array<{ x: number; label: string }>;
}

/**
 * The x axis is the step when most samples have one, else seconds since each job's first sample. A
 * sample without a step (a Trainer dict, printed beside an event file that has them) takes the step
 * of the sample before it in time. A restarted job repeats steps after its resume point: the later
 * attempt's value is the one drawn, and the marker shows where it began.
 */
export function plotOf(sources: readonly Source[], keys: readonly string[], clock: 'wall' | 'simulated'): Plot {
  const useStep = sources.every((src) => {
    const stepped = src.samples.filter((s) => s.step !== undefined).length;
    return stepped > 0 && stepped * 2 >= src.samples.length;
  });
  const columns = new Map<number, Map<string, number>>();
  const markers: Plot['markers'] = [];
  sources.forEach((src, si) => {
    const t0 = src.samples[0]?.at ?? 0;
    let attempt = src.samples[0]?.attempt;
    // Samples of several sources arrive out of order (event files are polled): their times order them.
    const ordered = useStep && src.samples.some((s) => s.step === undefined) ? [...src.samples].sort((a, b) => a.at - b.at) : src.samples;
    let lastStep = 0;
    for (const s of ordered) {
      if (s.step !== undefined) lastStep = s.step;
      const x = useStep ? lastStep : (s.at - t0) / 1000;
      if (si === 0 && s.attempt !== undefined && attempt !== undefined && s.attempt !== attempt) markers.push({ x, label: `attempt ${s.attempt}` });
      attempt = s.attempt ?? attempt;
      let col = columns.get(x);
      if (!col) columns.set(x, (col = new Map()));
      for (const k of keys) {
        const v = s.values[k];
        if (v !== undefined) col.set(`${si}\0${k}`, v);
      }
    }
  });
  const xs = [...columns.keys()].sort((a, b) => a - b);
  const series: Plot['series'] = [];
  sources.forEach((src, si) => {
    for (const k of keys) {
      const id = `${si}\0${k}`;
      const ys = xs.map((x) => columns.get(x)!.get(id) ?? null);
      if (ys.some((y) => y !== null)) series.push({ label: src.label ? `${src.label}: ${k}` : k, source: si, key: k, ys });
    }
  });
  return { xLabel: useStep ? 'step' : clock === 'simulated' ? 'simulated seconds' : 'seconds', xs, series, markers };
}

/** A chart's data as CSV: the x column, then one column per series (empty where it has no value). */
export function plotCsv(plot: Plot): string {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [[plot.xLabel, ...plot.series.map((s) => s.label)].map(quote).join(',')];
  plot.xs.forEach((x, i) => lines.push([String(x), ...plot.series.map((s) => (s.ys[i] === null || s.ys[i] === undefined ? '' : String(s.ys[i])))].join(',')));
  return lines.join('\n') + '\n';
}
