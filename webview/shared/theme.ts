/** Colours for canvas drawing, read from the CSS variables VS Code puts on the page. */

export function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

export function isDarkTheme(): boolean {
  const cls = document.body.classList;
  if (cls.contains('vscode-light') || cls.contains('vscode-high-contrast-light')) return false;
  if (cls.contains('vscode-dark') || cls.contains('vscode-high-contrast')) return true;
  const [r, g, b] = parseColor(cssVar('--vscode-editor-background', '#1e1e1e'));
  return 0.299 * r + 0.587 * g + 0.114 * b < 128;
}

/** `#rgb`, `#rrggbb`, `#rrggbbaa` or `rgb(a)(...)` to [r, g, b]. */
export function parseColor(c: string): [number, number, number] {
  const s = c.trim();
  if (s.startsWith('#')) {
    const h = s.slice(1);
    const full = h.length <= 4 ? h.split('').map((x) => x + x).join('') : h;
    return [parseInt(full.slice(0, 2), 16), parseInt(full.slice(2, 4), 16), parseInt(full.slice(4, 6), 16)];
  }
  const m = s.match(/rgba?\(([^)]+)\)/);
  if (m) {
    const [r, g, b] = m[1]!.split(/[ ,/]+/).map(Number);
    return [r!, g!, b!];
  }
  return [128, 128, 128];
}

/** Mixes colour `a` toward `b` by t (0..1), as a CSS rgb() string. */
export function mix(a: string, b: string, t: number): string {
  const x = parseColor(a);
  const y = parseColor(b);
  const c = x.map((v, i) => Math.round(v + (y[i]! - v) * t));
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * A stable colour per job id: a string hash picks one of 256 colours (hues spread by the golden
 * angle, three saturations and lightnesses suited to the theme). A palette keeps painting cheap:
 * thousands of jobs share a few hundred colour strings.
 */
export function jobColor(id: string, dark: boolean): string {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return palette(dark)[(h >>> 0) % 256]!;
}

const palettes: { dark?: string[]; light?: string[] } = {};
function palette(dark: boolean): string[] {
  const key = dark ? 'dark' : 'light';
  let p = palettes[key];
  if (!p) {
    p = [];
    for (let k = 0; k < 256; k++) {
      const hue = (k * 137.508) % 360;
      const sat = 55 + (k % 4) * 8;
      const light = (dark ? 48 : 42) + (Math.floor(k / 4) % 3) * 7;
      p.push(hslToHex(hue, sat / 100, light / 100));
    }
    palettes[key] = p;
  }
  return p;
}

/** Hex colours: the canvas parses them faster than hsl() when thousands of cells are painted. */
function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    const c = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255).toString(16).padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/** Utilisation 0..1 on a sequential scale (viridis stops): dark and cool when idle, bright when busy. */
const VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'];
export function utilColor(u: number): string {
  const i = Math.max(0, Math.min(VIRIDIS.length - 1, Math.round(u * (VIRIDIS.length - 1))));
  return VIRIDIS[i]!;
}
export const UTIL_STOPS: readonly string[] = VIRIDIS;
