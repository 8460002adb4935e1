/**
 * Messages of the time-travel view of a finished simulation: the page asks for a scheduling round,
 * the host (which holds the event log) answers with the cluster and queue at that moment.
 */
import { z } from 'zod';
import { nonNegativeInts, nullableStrings, numbers, strings } from './columns';
import { PageErrorMessage, ReadyMessage } from './common';
import { Topology } from './topology';

export const Trigger = z.string();

export const QueuedJob = z
  .object({
    job: z.string(),
    /** Seconds since the start of the run. */
    arrival: z.number(),
    gpus: z.number().int().nonnegative(),
    /**
     * Why it waits at this round: the policy's latest reason as logged (a wait, or the preemption that
     * requeued it), else the scheduler's explanation against the cluster at this round.
     */
    reason: z.string(),
  })
  .strict();
export type QueuedJob = z.infer<typeof QueuedJob>;

export const RoundDecision = z
  .object({
    kind: z.enum(['place', 'preempt', 'wait']),
    job: z.string(),
    /** Global device numbers (see Topology) for a placement. */
    devices: z.array(z.number().int().nonnegative()),
    reason: z.string(),
    /** A placement's throughput, steps/s, and where it came from, in words (src/core/rate-source.ts). */
    rate: z.number().nonnegative().optional(),
    rateSource: z.string().optional(),
  })
  .strict();
export type RoundDecision = z.infer<typeof RoundDecision>;

export const RoundState = z
  .object({
    index: z.number().int().nonnegative(),
    time: z.number(),
    trigger: Trigger,
    /** Device → job after this round's decisions (null: free). */
    job: nullableStrings(),
    /** Devices whose job changed in this round. */
    changed: nonNegativeInts(),
    queue: z.array(QueuedJob),
    running: z.number().int().nonnegative(),
    /** Nodes (indices into Topology.nodes) failed and not yet repaired. */
    deadNodes: z.array(z.number().int().nonnegative()),
    decisions: z.array(RoundDecision),
  })
  .strict();
export type RoundState = z.infer<typeof RoundState>;

/** Scheduling rounds of the run; `exact` is false when only a lower bound is known (see RunReplay.roundCount). */
export const RoundCount = z.object({ count: z.number().int().nonnegative(), exact: z.boolean() }).strict();
export type RoundCount = z.infer<typeof RoundCount>;

export const TimeTravelToWebview = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('run'),
      title: z.string(),
      policy: z.string(),
      topology: Topology,
      /** One entry per logged step (an instant at which something happened or the policy decided). */
      steps: z.object({ time: numbers(), trigger: strings() }).strict(),
      /** The policy was called this many times: the figure `openclaw sim` prints. */
      schedulingRounds: RoundCount,
    })
    .strict(),
  z.object({ type: z.literal('round'), round: RoundState }).strict(),
  z.object({ type: z.literal('explanation'), job: z.string(), round: z.number().int().nonnegative(), text: z.string() }).strict(),
]);
export type TimeTravelToWebview = z.infer<typeof TimeTravelToWebview>;

export const TimeTravelToHost = z.discriminatedUnion('type', [
  ReadyMessage,
  PageErrorMessage,
  z.object({ type: z.literal('selectRound'), index: z.number().int().nonnegative() }).strict(),
  /** "Why is job X waiting?" at a round. */
  z.object({ type: z.literal('explainWait'), job: z.string().min(1), round: z.number().int().nonnegative() }).strict(),
]);
export type TimeTravelToHost = z.infer<typeof TimeTravelToHost>;

/** What a time travel panel shows, kept for its serializer: the event log it replays. */
export const TimeTravelSubject = z.object({ eventLog: z.string(), title: z.string().optional() });
export type TimeTravelSubject = z.infer<typeof TimeTravelSubject>;
