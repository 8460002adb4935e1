/**
 * Gavel's measured throughputs (steps/s of a job running alone on its GPUs), from
 * `data/gavel_simulation_throughputs.json` (stanford-futuredata/gavel @ c4fa400, MIT; Narayanan et
 * al., OSDI 2020; attribution in data/PROVENANCE.md). "v100" holds jobs consolidated in one server,
 * "v100_unconsolidated" the same jobs with each GPU in its own server (Gavel's 10 Gbit/s cluster);
 * both are kept, the latter under `spreadKey("v100")`. Only the isolated ("null") entries are read,
 * which is what the performance model needs.
 */
import { readFileSync } from 'node:fs';
import { SpecError } from '../../src/core/errors';

/** profile -> device model -> GPUs per job -> steps/s (0 when Gavel could not run it). */
export type ThroughputTable = Map<string, Map<string, Map<number, number>>>;

const KEY = /^\('(.+)', (\d+)\)$/;

/** Gavel's suffix for measurements with every GPU of a job in its own server. */
const SPREAD = '_unconsolidated';

/** The table's key of a device model's measurements spread over servers. */
export function spreadKey(model: string): string {
  return `${model}${SPREAD}`;
}

/** Bandwidth between Gavel's servers when it measured the spread throughputs, Gbit/s. */
export const MEASURED_SPREAD_GBPS = 10;

export function parseGavelThroughputs(json: unknown, source: string): ThroughputTable {
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new SpecError(source, [{ path: '', message: 'expected an object of device models such as {"v100": {...}}' }]);
  }
  const table: ThroughputTable = new Map();
  for (const [device, entries] of Object.entries(json as Record<string, unknown>)) {
    // Other variants (none in Gavel's file today) are not measurements of a job alone.
    if (device.includes('_') && !(device.endsWith(SPREAD) && !device.slice(0, -SPREAD.length).includes('_'))) continue;
    if (!entries || typeof entries !== 'object') {
      throw new SpecError(source, [{ path: device, message: 'expected an object of "(\'Model\', gpus)" keys' }]);
    }
    for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
      const m = KEY.exec(key);
      if (!m) throw new SpecError(source, [{ path: `${device}.${key}`, message: `expected a key such as "('ResNet-50 (batch size 64)', 1)"` }]);
      const isolated = (value as Record<string, unknown> | null)?.null;
      if (typeof isolated !== 'number' || !(isolated >= 0)) {
        throw new SpecError(source, [{ path: `${device}.${key}.null`, message: 'expected a non-negative throughput in steps/s' }]);
      }
      const profile = m[1];
      const gpus = Number(m[2]);
      let byDevice = table.get(profile!);
      if (!byDevice) table.set(profile!, (byDevice = new Map()));
      let byGpus = byDevice.get(device);
      if (!byGpus) byDevice.set(device, (byGpus = new Map()));
      byGpus.set(gpus, isolated);
    }
  }
  if (table.size === 0) throw new SpecError(source, [{ path: '', message: 'no throughputs found; expected Gavel\'s simulation_throughputs.json' }]);
  return table;
}

export function loadGavelThroughputs(path: string): ThroughputTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SpecError(path, [{ path: '', message: `cannot read the throughput table (${(err as NodeJS.ErrnoException).code ?? err})` }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new SpecError(path, [{ path: '', message: `invalid JSON: ${(err as Error).message}` }]);
  }
  return parseGavelThroughputs(json, path);
}
