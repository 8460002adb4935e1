/**
 * The data files OpenClaw ships in its data/ folder (the public traces and Gavel's throughputs), found
 * relative to the running code: data/ beside dist/ in the bundles and the installed extension, the
 * repository's data/ when run from sources (tests, tsx).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The trace file shipped for each trace format that has one (data/PROVENANCE.md says where from). */
export const SHIPPED_TRACES = {
  philly: 'pollux_philly.csv',
  pollux: 'pollux_workload-6.csv',
  tiresias: 'tiresias_60_job.csv',
} as const;
export type ShippedTraceFormat = keyof typeof SHIPPED_TRACES;

export const GAVEL_THROUGHPUTS = 'gavel_simulation_throughputs.json';

export function hasShippedTrace(format: string): format is ShippedTraceFormat {
  return Object.hasOwn(SHIPPED_TRACES, format);
}

/**
 * The absolute path of data/<name>, or undefined when it is not installed. The bundles live in
 * dist/ (so ../data), the sources in simulator/workload/ (so ../../data); a few levels up covers both.
 */
export function shippedDataPath(name: string, from: string = __dirname): string | undefined {
  for (let dir = from, i = 0; i < 5; i++, dir = dirname(dir)) {
    const p = join(dir, 'data', name);
    if (existsSync(p)) return p;
  }
  return undefined;
}
