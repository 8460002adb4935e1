/** Messages of the device map panel. */
import { z } from 'zod';
import { NodeState } from '../core/device';
import { JobState } from '../core/job-state';
import { PageErrorMessage, ReadyMessage } from './common';
import { Topology } from './topology';

/** What the map shows of a job: enough for the tooltip and the job filter. */
export const MapJob = z.object({ name: z.string(), state: JobState, user: z.string().optional() }).strict();
export type MapJob = z.infer<typeof MapJob>;

/** Per-device occupancy: the job id on it (null when free) and utilisation 0..1 (null when unknown). */
export const Occupancy = z
  .object({
    job: z.array(z.string().nullable()),
    util: z.array(z.number().min(0).max(1).nullable()),
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
      jobs: z.record(z.string(), MapJob),
    })
    .strict(),
  /** Changed devices only (and any jobs they mention, or jobs that changed). */
  z
    .object({
      type: z.literal('delta'),
      devices: z.array(z.number().int().nonnegative()),
      job: z.array(z.string().nullable()),
      util: z.array(z.number().min(0).max(1).nullable()),
      jobs: z.record(z.string(), MapJob).optional(),
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
