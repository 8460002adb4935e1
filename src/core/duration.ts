/**
 * Durations as people read them, the same in the CLI, the views, the panels and the policies'
 * reasons. Seconds in; pure, so the panels' browser bundles use it too.
 */

/** "4.2 s", "42 s", "3.5 min", "6.1 h", "2.3 d": panels, reasons, stories. */
export function formatDuration(seconds: number): string {
  const s = Math.abs(seconds);
  if (s < 90) return `${seconds.toFixed(s < 10 ? 1 : 0)} s`;
  if (s < 90 * 60) return `${(seconds / 60).toFixed(1)} min`;
  if (s < 48 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}

/** "42s", "2.5m", "6.1h", "2.3d": the narrow columns of the simulator's tables and summaries. */
export function formatDurationShort(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds * 10) / 10}s`;
  if (seconds < 7200) return `${Math.round(seconds / 6) / 10}m`;
  if (seconds < 172800) return `${Math.round(seconds / 360) / 10}h`;
  return `${Math.round(seconds / 8640) / 10}d`;
}

/** "42s", "5m 03s", "2h 13m", "3d 4h": time elapsed or to come, like a clock (negative counts as 0). */
export function formatElapsed(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}
