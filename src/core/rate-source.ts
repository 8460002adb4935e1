/**
 * Where a placement's throughput came from, as the simulator's story (`--explain`), its event log and
 * the time-travel view name it: Gavel's measurement of the job packed on one server, Gavel's
 * measurement of exactly that placement across servers (the table's `*_unconsolidated` entries), a
 * measurement scaled by relative speed or size, or a packed rate less the network model's all-reduce cost.
 */
import { z } from 'zod';

export const RateSource = z.enum(['measured', 'measured-spread', 'scaled', 'network-model']);
export type RateSource = z.infer<typeof RateSource>;

const LABELS: Record<RateSource, string> = {
  measured: "measured (the throughput table's entry for one server)",
  'measured-spread': "measured across servers (the throughput table's unconsolidated entry)",
  scaled: 'scaled from a measurement',
  'network-model': 'network model (packed rate less the all-reduce cost across servers)',
};

/** The words every view uses for a rate's source. */
export function describeRateSource(source: RateSource): string {
  return LABELS[source];
}
