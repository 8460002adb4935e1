/** Number and time formatting shared by the panels. */

/** 16384 → "16,384" (toLocaleString's first call costs ~20 ms of ICU set-up). */
export function fmtInt(n: number): string {
  const s = String(Math.abs(Math.round(n)));
  return (n < 0 ? '-' : '') + s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function fmtPct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** Seconds as "42 s", "3.5 min", "2.1 h", "4.0 d". */
export function fmtDuration(seconds: number): string {
  const s = Math.abs(seconds);
  if (s < 90) return `${seconds.toFixed(s < 10 ? 1 : 0)} s`;
  if (s < 90 * 60) return `${(seconds / 60).toFixed(1)} min`;
  if (s < 48 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}

export function fmtBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function fmtTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/**
 * Simulated time as an offset from a reference instant, "T+42s", "T+5m 03s", "T+2h 13m", "T+3d 4h":
 * a simulated clock's date would pass for a real one.
 */
export function fmtSimOffset(ms: number): string {
  const sign = ms < 0 ? '−' : '+';
  const s = Math.floor(Math.abs(ms) / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  if (s < 60) return `T${sign}${s}s`;
  if (s < 3600) return `T${sign}${Math.floor(s / 60)}m ${two(s % 60)}s`;
  if (s < 86400) return `T${sign}${Math.floor(s / 3600)}h ${two(Math.floor(s / 60) % 60)}m`;
  return `T${sign}${Math.floor(s / 86400)}d ${Math.floor(s / 3600) % 24}h`;
}
