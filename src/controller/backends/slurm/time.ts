/** Slurm's time formats (spec durations are read by specDurationSeconds in src/core/job-spec.ts). */

/** Seconds -> Slurm's `days-hours:minutes:seconds` (Slurm rounds seconds up to whole minutes). */
export function toSlurmTime(seconds: number): string {
  const s = Math.max(60, Math.ceil(seconds / 60) * 60);
  const days = Math.floor(s / 86400);
  const hh = Math.floor((s % 86400) / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${days}-${pad(hh)}:${pad(mm)}:00`;
}

/**
 * A Slurm time limit -> seconds; undefined for UNLIMITED/INFINITE/NOT_SET/N/A.
 * Forms: "mm", "mm:ss", "hh:mm:ss", "d-hh", "d-hh:mm", "d-hh:mm:ss".
 */
export function parseSlurmTime(text: string): number | undefined {
  const t = text.trim();
  if (t === '' || /^(UNLIMITED|INFINITE|NOT_SET|N\/A|Partition_Limit|NONE)$/i.test(t)) return undefined;
  const m = /^(?:(\d+)-)?(\d+)(?::(\d+))?(?::(\d+))?$/.exec(t);
  if (!m) throw new Error(`unrecognised Slurm time "${text}"`);
  const days = m[1] !== undefined ? Number(m[1]) : 0;
  const a = Number(m[2]);
  const b = m[3] !== undefined ? Number(m[3]) : undefined;
  const c = m[4] !== undefined ? Number(m[4]) : undefined;
  if (m[1] !== undefined) return days * 86400 + a * 3600 + (b ?? 0) * 60 + (c ?? 0);
  if (c !== undefined) return a * 3600 + b! * 60 + c;
  if (b !== undefined) return a * 60 + b;
  return a * 60;
}

/**
 * A timestamp as Slurm prints it ("2026-11-29T16:07:35", local time of the cluster), an epoch
 * number from --json, or "Unknown"/"N/A"/"None" -> ms since the epoch or undefined.
 */
export function parseSlurmTimestamp(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value > 0 ? value * 1000 : undefined;
  const t = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(t)) return undefined;
  const ms = new Date(t).getTime();
  return Number.isFinite(ms) ? ms : undefined;
}
