/** A line chart as standalone SVG text, for exporting what uPlot draws on a canvas. */

export interface SvgSeries {
  name: string;
  color: string;
  xs: number[];
  ys: number[];
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function svgLineChart(o: { title: string; xLabel: string; yLabel: string; series: SvgSeries[]; logX?: boolean; width?: number; height?: number; fg: string; bg: string }): string {
  const W = o.width ?? 720;
  const H = o.height ?? 360;
  const L = 60;
  const R = 20;
  const T = 30;
  const B = 50;
  const fx = (x: number) => (o.logX ? Math.log10(Math.max(x, 1e-9)) : x);
  let x0 = Infinity;
  let x1 = -Infinity;
  let y1 = 0;
  for (const s of o.series)
    for (let i = 0; i < s.xs.length; i++) {
      x0 = Math.min(x0, fx(s.xs[i]!));
      x1 = Math.max(x1, fx(s.xs[i]!));
      y1 = Math.max(y1, s.ys[i]!);
    }
  if (!Number.isFinite(x0)) [x0, x1] = [0, 1];
  if (x1 === x0) x1 = x0 + 1;
  y1 = y1 || 1;
  const px = (x: number) => L + ((fx(x) - x0) / (x1 - x0)) * (W - L - R);
  const py = (y: number) => H - B - (y / y1) * (H - T - B);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="${o.bg}"/>`,
    `<text x="${L}" y="18" fill="${o.fg}" font-weight="bold">${esc(o.title)}</text>`,
    `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="${o.fg}"/>`,
    `<line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="${o.fg}"/>`,
    `<text x="${(L + W - R) / 2}" y="${H - 12}" fill="${o.fg}" text-anchor="middle">${esc(o.xLabel)}</text>`,
    `<text x="14" y="${(T + H - B) / 2}" fill="${o.fg}" text-anchor="middle" transform="rotate(-90 14 ${(T + H - B) / 2})">${esc(o.yLabel)}</text>`,
  ];
  for (let k = 0; k <= 4; k++) {
    const y = (y1 * k) / 4;
    out.push(`<text x="${L - 6}" y="${py(y) + 4}" fill="${o.fg}" text-anchor="end">${+y.toFixed(2)}</text>`);
    const xv = x0 + ((x1 - x0) * k) / 4;
    const label = o.logX ? `${+(10 ** xv).toPrecision(2)}` : `${+xv.toPrecision(3)}`;
    out.push(`<text x="${L + ((W - L - R) * k) / 4}" y="${H - B + 16}" fill="${o.fg}" text-anchor="middle">${label}</text>`);
  }
  o.series.forEach((s, n) => {
    const d = s.xs.map((x, i) => `${i ? 'L' : 'M'}${px(x).toFixed(1)},${py(s.ys[i]!).toFixed(1)}`).join('');
    out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.5"/>`);
    out.push(`<text x="${W - R - 4}" y="${T + 14 * (n + 1)}" fill="${s.color}" text-anchor="end">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('');
}
