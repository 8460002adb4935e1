/** Messages of the device map panel. */
import { z } from 'zod';
import { NodeState } from '../core/device';
import { JobState } from '../core/job-state';
import { enumValues, nonNegativeInts, nullableFractions, nullableStrings, strings } from './columns';
import { PageErrorMessage, ReadyMessage } from './common';
import { Topology } from './topology';

/** What the map shows of a job: enough for the tooltip and the job filter. */
export const MapJob = z.object({ name: z.string(), state: JobState, user: z.string().optional() }).strict();
export type MapJob = z.infer<typeof MapJob>;

/** Jobs as columns (thousands of jobs on a big cluster): id, name, state, user (null: none). */
export const MapJobs = z
  .object({ id: strings(), name: strings(), state: enumValues(JobState.options), user: nullableStrings() })
  .strict()
  .refine((j) => j.name.length === j.id.length && j.state.length === j.id.length && j.user.length === j.id.length, {
    message: 'expected one entry per job in every column',
    path: ['id'],
  });
export type MapJobs = z.infer<typeof MapJobs>;

export function packJobs(jobs: Iterable<[string, MapJob]>): MapJobs {
  const out: MapJobs = { id: [], name: [], state: [], user: [] };
  for (const [id, j] of jobs) {
    out.id.push(id);
    out.name.push(j.name);
    out.state.push(j.state);
    out.user.push(j.user ?? null);
  }
  return out;
}

export function unpackJobs(cols: MapJobs, into: Map<string, MapJob>): void {
  for (let i = 0; i < cols.id.length; i++) {
    const user = cols.user[i];
    into.set(cols.id[i]!, { name: cols.name[i]!, state: cols.state[i]!, ...(user !== null ? { user } : {}) });
  }
}

/** Per-device occupancy: the job id on it (null when free) and utilisation 0..1 (null when unknown). */
export const Occupancy = z
  .object({
    job: nullableStrings(),
    util: nullableFractions(),
  })
  .strict();
export type Occupancy = z.infer<typeof Occupancy>;

export const DeviceMapToWebview = z.discriminatedUnion('type', [
  /** The whole map: sent after `ready` and whenever the cluster's shape changes. */
  z
    .object({
      type: z.literal('snapshot'),
      topology: Topology,
      occupancy: Occupancy,
      jobs: MapJobs,
    })
    .strict(),
  /** Changed devices only (and any jobs they mention, or jobs that changed). */
  z
    .object({
      type: z.literal('delta'),
      devices: nonNegativeInts(),
      job: nullableStrings(),
      util: nullableFractions(),
      jobs: MapJobs.optional(),
      nodes: z.array(z.object({ index: z.number().int().nonnegative(), state: NodeState }).strict()).optional(),
    })
    .strict()
    .refine((d) => d.job.length === d.devices.length && d.util.length === d.devices.length, {
      message: 'expected "job" and "util" to have one entry per changed device',
      path: ['job'],
    }),
  /** Highlight one job's devices and scroll to them ("Show on Device Map"). */
  z.object({ type: z.literal('focusJob'), jobId: z.string() }).strict(),
]);
export type DeviceMapToWebview = z.infer<typeof DeviceMapToWebview>;

export const DeviceMapToHost = z.discriminatedUnion('type', [
  ReadyMessage,
  PageErrorMessage,
  /** The user clicked a device that runs a job. */
  z.object({ type: z.literal('revealJob'), jobId: z.string() }).strict(),
]);
export type DeviceMapToHost = z.infer<typeof DeviceMapToHost>;

/** What a device map panel shows, kept for its serializer: the job it highlights, if any. */
export const DeviceMapSubject = z.object({ focusJob: z.string().optional() });
export type DeviceMapSubject = z.infer<typeof DeviceMapSubject>;
