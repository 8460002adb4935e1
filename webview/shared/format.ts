/** Number and time formatting shared by the panels. */
import { formatElapsed } from '../../src/core/duration';

/** 16384 → "16,384" (toLocaleString's first call costs ~20 ms of ICU set-up). */
export function fmtInt(n: number): string {
  const s = String(Math.abs(Math.round(n)));
  return (n < 0 ? '-' : '') + s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function fmtPct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** Seconds as "42 s", "3.5 min", "2.1 h", "4.0 d". */
export { formatDuration as fmtDuration } from '../../src/core/duration';

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
  return `T${ms < 0 ? '−' : '+'}${formatElapsed(Math.abs(ms) / 1000)}`;
}
