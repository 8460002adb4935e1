/**
 * Training scripts report metrics by printing one line:
 *
 *     @openclaw {"step": 120, "loss": 0.42, "samplesPerSec": 310}
 *
 * Numeric fields become metrics; `step` and `totalSteps` also drive progress.
 */
import { LIMITS } from './limits';

export const METRIC_PREFIX = '@openclaw ';

export interface MetricLine {
  step?: number;
  totalSteps?: number;
  values: Record<string, number>;
}

export function parseMetricLine(line: string): MetricLine | undefined {
  const at = line.indexOf(METRIC_PREFIX);
  if (at < 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line.slice(at + METRIC_PREFIX.length));
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const values: Record<string, number> = {};
  // A bounded number of short names a line: a line of thousands of fields is not a thousand metrics.
  let kept = 0;
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || k.length > LIMITS.metricNameChars) continue;
    if (kept >= LIMITS.metricValues && k !== 'step' && k !== 'totalSteps') continue;
    values[k] = v;
    kept++;
  }
  const out: MetricLine = { values };
  if (values.step !== undefined) out.step = values.step;
  if (values.totalSteps !== undefined) out.totalSteps = values.totalSteps;
  return out;
}
