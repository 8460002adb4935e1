/**
 * The simulator's event log (`openclaw sim --events out.jsonl`): one JSON record a line, which a
 * view replays step by step (the policy debugger's time travel, the report's Gantt chart).
 *
 * Line 1 is a `header` (the cluster shape; device ids are positions in `nodesOfShape(cluster)`,
 * node by node). Then one `round` record per instant at which something happened or the policy
 * decided something, in time order: what happened (arrivals, completions, failures, repairs), then
 * the policy's decisions at that instant (a periodic round that changed nothing is left out). The device map at a round is the previous one plus `place`, minus the devices of jobs
 * completed, preempted or `lost` (they are released before the decisions). A `wait` decision is
 * logged only when its reason differs from the last one logged for that job, which keeps the log
 * small for long queues. The last line is an `end` record.
 */
import { z } from 'zod';
import { ClusterShape } from './cluster-spec';
import { RateSource } from './rate-source';

export const SIM_EVENTS_VERSION = 1;

export const SimTrigger = z.enum(['arrival', 'completion', 'failure', 'repair', 'round', 'manual']);
export type SimTrigger = z.infer<typeof SimTrigger>;

export const SimHeaderRecord = z.object({
  type: z.literal('header'),
  version: z.literal(SIM_EVENTS_VERSION),
  policy: z.string(),
  workload: z.string(),
  seed: z.number().int(),
  cluster: ClusterShape,
  jobs: z.number().int().nonnegative(),
  /** Seconds between periodic rounds, for time-sharing policies. */
  roundSeconds: z.number().positive().optional(),
});
export type SimHeaderRecord = z.infer<typeof SimHeaderRecord>;

export const SimArrival = z.object({
  id: z.string(),
  gpus: z.number().int().nonnegative(),
  /** Absent: "default". */
  user: z.string().optional(),
  /** Absent: 0. */
  priority: z.number().int().optional(),
  model: z.string().optional(),
});
export type SimArrival = z.infer<typeof SimArrival>;

export const SimDecision = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('place'),
    job: z.string(),
    devices: z.array(z.number().int().nonnegative()),
    reason: z.string(),
    /** The job's throughput there, steps/s (absent in logs written before it was recorded). */
    rate: z.number().nonnegative().optional(),
    /** Where that throughput came from (see rate-source.ts). */
    rateSource: RateSource.optional(),
  }),
  z.object({ kind: z.literal('preempt'), job: z.string(), reason: z.string() }),
  z.object({ kind: z.literal('wait'), job: z.string(), reason: z.string() }),
]);
export type SimDecision = z.infer<typeof SimDecision>;

export const SimRoundRecord = z.object({
  type: z.literal('round'),
  /** Index of the record, from 0. */
  i: z.number().int().nonnegative(),
  /** Simulated seconds from the start of the run. */
  t: z.number().nonnegative(),
  trigger: SimTrigger,
  arrived: z.array(SimArrival).optional(),
  completed: z.array(z.string()).optional(),
  /** Nodes that failed at this instant. */
  failed: z.array(z.string()).optional(),
  /** Jobs a failure took down: back in the queue, with the GPU-seconds of work they lost. */
  lost: z.array(z.object({ job: z.string(), gpuSeconds: z.number().nonnegative() })).optional(),
  repaired: z.array(z.string()).optional(),
  /** Queue length and running jobs as the policy saw them. */
  waiting: z.number().int().nonnegative(),
  running: z.number().int().nonnegative(),
  decisions: z.array(SimDecision),
  /** Devices held after the decisions, and devices on ready nodes. */
  busy: z.number().int().nonnegative(),
  available: z.number().int().nonnegative(),
});
export type SimRoundRecord = z.infer<typeof SimRoundRecord>;

export const SimEndRecord = z.object({
  type: z.literal('end'),
  t: z.number().nonnegative(),
  jobs: z.number().int().nonnegative(),
  completed: z.number().int().nonnegative(),
  avgJctSeconds: z.number().nonnegative(),
  utilization: z.number().min(0).max(1),
});
export type SimEndRecord = z.infer<typeof SimEndRecord>;

export const SimEventRecord = z.discriminatedUnion('type', [SimHeaderRecord, SimRoundRecord, SimEndRecord]);
export type SimEventRecord = z.infer<typeof SimEventRecord>;

/** Parses one line of an event log; throws a ZodError or SyntaxError on a bad line. */
export function parseSimEventLine(line: string): SimEventRecord {
  return SimEventRecord.parse(JSON.parse(line));
}
