/** uPlot line charts themed with VS Code's colours. */
import uPlot from 'uplot';
import { cssVar, mix } from './theme';

export function seriesColors(): string[] {
  return [
    cssVar('--vscode-charts-blue', '#3794ff'),
    cssVar('--vscode-charts-orange', '#d18616'),
    cssVar('--vscode-charts-green', '#89d185'),
    cssVar('--vscode-charts-purple', '#b180d7'),
    cssVar('--vscode-charts-red', '#f14c4c'),
    cssVar('--vscode-charts-yellow', '#cca700'),
  ];
}

export interface LineChartOptions {
  title: string;
  width: number;
  height: number;
  names: string[];
  xLabel: string;
  yLabel: string;
  logX?: boolean;
  /** Formats x values on the axis and in the legend. */
  xFormat?: (v: number) => string;
  yFormat?: (v: number) => string;
  /** A fixed range 0..yMax (fractions); without it the range fits the data. */
  yMax?: number;
  /** A logarithmic y axis (values at or below 0 are not drawn). */
  logY?: boolean;
  /** Per series (same order as names): a colour index, a dash pattern, a faint line. */
  styles?: Array<{ color?: number; dash?: number[]; faint?: boolean }>;
  /** Dashed vertical lines with a label at the top, e.g. where a restarted job's attempts began. */
  markers?: Array<{ x: number; label: string }>;
}

export function lineChart(target: HTMLElement, o: LineChartOptions, data: uPlot.AlignedData): uPlot {
  const fg = cssVar('--vscode-foreground', '#cccccc');
  const bg = cssVar('--vscode-editor-background', '#1e1e1e');
  const grid = mix(bg, fg, 0.15);
  const colors = seriesColors();
  const font = `11px ${cssVar('--vscode-font-family', 'sans-serif')}`;
  const axis = (label: string, fmt?: (v: number) => string): uPlot.Axis => ({
    label,
    stroke: fg,
    font,
    labelFont: font,
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid, width: 1 },
    ...(fmt ? { values: (_u: uPlot, vals: number[]) => vals.map((v) => (v === null ? '' : fmt(v))) } : {}),
  });
  return new uPlot(
    {
      title: o.title,
      width: o.width,
      height: o.height,
      scales: {
        x: { time: false, ...(o.logX ? { distr: 3 } : {}) },
        y: o.logY ? { distr: 3 } : { range: (_u, min, max) => (o.yMax !== undefined ? [0, o.yMax] : fitRange(min, max)) },
      },
      axes: [
        o.logX
          ? {
              ...axis(o.xLabel, o.xFormat),
              // One tick a decade: uPlot's default log ticks (1..9 per decade) crowd the chart.
              splits: (_u: uPlot, _i: number, min: number, max: number) => {
                const out: number[] = [];
                for (let e = Math.floor(Math.log10(Math.max(min, 1e-9))); 10 ** e <= max; e++) if (10 ** e >= min) out.push(10 ** e);
                return out;
              },
            }
          : axis(o.xLabel, o.xFormat),
        axis(o.yLabel, o.yFormat),
      ],
      series: [
        { label: o.xLabel, ...(o.xFormat ? { value: (_u: uPlot, v: number) => (v === null ? '–' : o.xFormat!(v)) } : {}) },
        ...o.names.map((name, i) => ({
          label: name,
          stroke: o.styles?.[i]?.faint ? faint(colors[(o.styles[i]!.color ?? i) % colors.length]!) : colors[(o.styles?.[i]?.color ?? i) % colors.length],
          width: o.styles?.[i]?.faint ? 1 : 1.5,
          ...(o.styles?.[i]?.dash ? { dash: o.styles[i]!.dash } : {}),
          spanGaps: true,
          points: { show: false },
          ...(o.yFormat ? { value: (_u: uPlot, v: number) => (v === null ? '–' : o.yFormat!(v)) } : {}),
        })),
      ],
      legend: { show: true },
      cursor: { drag: { x: true, y: false } },
      ...(o.markers?.length ? { plugins: [markerPlugin(o.markers, fg)] } : {}),
    },
    data,
    target,
  );
}

/**
 * A y range around the data with a little headroom (uPlot's own padding, at 0 when the data is
 * positive), recomputed on every setData: a range ending at the data's maximum draws a flat line on
 * the plot's top edge, where it reads as a line above the axis.
 */
export function fitRange(min: number | null, max: number | null): uPlot.Range.MinMax {
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min === 0 && max === 0) return [0, 1];
  // Values equal but for float rounding (a float32 0.05 beside a float64 0.05) are a flat line: a
  // range a billionth wide has no ticks uPlot can draw, and nothing shows.
  if (max - min <= 1e-6 * Math.max(Math.abs(min), Math.abs(max))) return uPlot.rangeNum(min, min, 0.1, true);
  return uPlot.rangeNum(min, max, 0.1, true);
}

export function chartPng(u: uPlot): string {
  return u.ctx.canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
}

/** A colour at a third of its strength: the raw line under a smoothed one, as TensorBoard draws it. */
function faint(color: string): string {
  return mix(cssVar('--vscode-editor-background', '#1e1e1e'), color, 0.35);
}

function markerPlugin(markers: Array<{ x: number; label: string }>, color: string): uPlot.Plugin {
  return {
    hooks: {
      draw: (u: uPlot) => {
        const ctx = u.ctx;
        ctx.save();
        ctx.strokeStyle = color;
        ctx.fillStyle = color;
        ctx.setLineDash([4, 4]);
        ctx.lineWidth = 1;
        ctx.font = `${10 * devicePixelRatio}px sans-serif`;
        for (const m of markers) {
          const x = Math.round(u.valToPos(m.x, 'x', true));
          if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
          ctx.fillText(m.label, x + 3 * devicePixelRatio, u.bbox.top + 10 * devicePixelRatio);
        }
        ctx.restore();
      },
    },
  };
}
