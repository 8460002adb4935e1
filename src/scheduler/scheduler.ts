/**
 * The Scheduler: the one object the simulator and the job manager call to run a policy.
 *
 *   const state = ClusterState.fromShape(shape);          // or new ClusterState(nodeInfos, network)
 *   const scheduler = new Scheduler(getPolicy('fifo'), state);
 *   const { placed, preempted } = scheduler.round({ now, trigger: 'arrival', waiting, running });
 *
 * The Scheduler applies decisions to the ClusterState itself: after `round` returns, the placed
 * jobs hold their devices and the preempted ones hold none. The driver then launches/stops jobs,
 * and tells the state what happens outside a round: `state.release(job)` when a job ends or fails,
 * `state.setNodeState(node, ...)` when a node changes (releasing the jobs it took down).
 *
 * Every decision is validated (see validate.ts); an invalid one, a throw, or garbage returned
 * raises a PolicyError naming the policy, the job and the rule, and leaves the state as it was
 * before the round.
 */
import type { Decision, JobView, Policy, SchedulingChanges, SchedulingInput, SchedulingTrigger } from './api';
import type { ClusterState } from './cluster-state';
import { explainWait } from './explain';
import { PolicyError } from './policy-error';
import { RoundPlanImpl, type Placed } from './round-plan';

export interface RoundRequest {
  readonly now: number;
  readonly trigger: SchedulingTrigger;
  /** Waiting jobs in arrival order. */
  readonly waiting: readonly JobView[];
  readonly running: readonly JobView[];
  /**
   * What changed since this Scheduler's previous `round` call (see SchedulingChanges); leave it out
   * when not tracked. The policy gets it only when its previous round was this Scheduler's last one.
   */
  readonly changes?: SchedulingChanges;
}

export interface RoundResult {
  /** The decisions as applied: preemptions first, then placements, then waits. */
  readonly decisions: readonly Decision[];
  readonly placed: readonly Placed[];
  /** Preempted jobs with the devices they held. */
  readonly preempted: readonly Placed[];
}

const KINDS = new Set(['place', 'preempt', 'wait']);

/** The Scheduler whose round each policy object last completed: changes are relative to that round only. */
const lastRoundOf = new WeakMap<Policy, Scheduler>();

export class Scheduler {
  /** The last reason the policy gave for each job it left waiting. */
  private readonly waitReasons = new Map<string, string>();
  private lastNow = 0;

  constructor(
    readonly policy: Policy,
    readonly state: ClusterState,
  ) {}

  /** Whether this policy wants periodic rounds, and how often (seconds). */
  get roundSeconds(): number | undefined {
    return this.policy.timeSharing ? (this.policy.roundSeconds ?? 360) : undefined;
  }

  /** Whether the policy is to be called at rounds when no job waits (Policy.rebalances). */
  get rebalances(): boolean {
    return this.roundSeconds !== undefined && this.policy.rebalances === true;
  }

  round(request: RoundRequest): RoundResult {
    try {
      return this.runRound(request);
    } catch (err) {
      const source = this.policy.source;
      // Name the policy's file, unless the message already points into it.
      if (err instanceof PolicyError && source !== undefined && err.source === undefined && !err.detail.includes(source)) {
        throw new PolicyError(err.policy, err.job, err.rule, err.detail, { cause: err.cause, source });
      }
      throw err;
    }
  }

  private runRound(request: RoundRequest): RoundResult {
    const name = this.policy.name;
    const state = this.state;
    this.lastNow = request.now;
    const plan = new RoundPlanImpl(name, state);
    // Changes hold only from this policy's previous round, if it was this Scheduler's and completed.
    const continuous = lastRoundOf.get(this.policy) === this;
    lastRoundOf.delete(this.policy);
    const changes = continuous ? request.changes : undefined;
    const input: SchedulingInput = { now: request.now, trigger: request.trigger, cluster: state, waiting: request.waiting, running: request.running, plan, ...(changes ? { changes } : {}) };
    state.beginTentative();
    let returned: unknown;
    try {
      returned = this.policy.schedule(input);
    } catch (err) {
      state.rollbackTentative();
      if (err instanceof PolicyError) throw err;
      throw new PolicyError(name, undefined, 'policy-threw', `threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`, { cause: err });
    }
    // The usual case: the policy returned its plan untouched. Every decision was checked when
    // made and is applied already.
    if (returned === undefined || (returned === plan.decisions && plan.decisions.length === plan.made)) {
      state.endTentative();
      this.remember(plan.decisions);
      lastRoundOf.set(this.policy, this);
      return { decisions: plan.decisions, placed: plan.placedJobs, preempted: plan.preemptedJobs };
    }
    state.rollbackTentative();
    const decisions = returned;
    if (!Array.isArray(decisions)) {
      throw new PolicyError(name, undefined, 'decision-shape', `schedule() must return a list of decisions, got ${describe(decisions)}`);
    }
    // Replay through a fresh plan: preemptions first, so their devices can be placed in the same round.
    const apply = new RoundPlanImpl(name, state);
    let byId: Map<string, JobView> | undefined;
    const jobFor = (d: Decision): JobView => {
      const known = plan.jobOf(d);
      if (known) return known;
      if (!byId) {
        byId = new Map();
        for (const j of request.waiting) byId.set(j.id, j);
        for (const j of request.running) byId.set(j.id, j);
      }
      const j = byId.get(d.job);
      if (!j) throw new PolicyError(name, String(d.job), 'unknown-job', 'is neither waiting nor running');
      return j;
    };
    state.beginTentative();
    try {
      for (const d of decisions as unknown[]) checkShape(name, d);
      const list = decisions as Decision[];
      for (const d of list) if (d.kind === 'preempt') apply.preempt(jobFor(d), d.reason);
      for (const d of list) if (d.kind === 'place') apply.place(jobFor(d), d.devices, d.reason);
      for (const d of list) if (d.kind === 'wait') apply.wait(jobFor(d), d.reason);
    } catch (err) {
      state.rollbackTentative();
      throw err;
    }
    state.endTentative();
    this.remember(apply.decisions);
    lastRoundOf.set(this.policy, this);
    return { decisions: apply.decisions, placed: apply.placedJobs, preempted: apply.preemptedJobs };
  }

  private remember(decisions: readonly Decision[]): void {
    for (const d of decisions) {
      if (d.kind === 'wait') this.waitReasons.set(d.job, d.reason);
      else if (this.waitReasons.size > 0) this.waitReasons.delete(d.job);
    }
  }

  /** Why a waiting job waits: its resource shortfall, else the policy's reason for holding it back. */
  explain(job: JobView, waiting: readonly JobView[] = [], now = this.lastNow): string {
    let reason: string | undefined;
    try {
      reason = this.policy.explain?.(job, { now, cluster: this.state, waiting });
    } catch {
      reason = undefined; // an explanation must never break a view
    }
    const text = explainWait(job, this.state, reason ?? this.waitReasons.get(job.id));
    // A policy that reallocates every round (the LP policies) takes held devices back at its next
    // round: its reason (the job's share) matters even while the devices are held.
    if (reason !== undefined && this.rebalances && job.state === 'waiting' && !text.includes(reason)) return `${text}; ${reason}`;
    return text;
  }

  /** Forget what is known of a job that has left (done, cancelled). */
  forget(job: string): void {
    this.waitReasons.delete(job);
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v;
}

function checkShape(policy: string, d: unknown): void {
  if (!d || typeof d !== 'object') throw new PolicyError(policy, undefined, 'decision-shape', `a decision must be an object, got ${describe(d)}`);
  const o = d as Record<string, unknown>;
  const job = typeof o.job === 'string' ? o.job : undefined;
  if (job === undefined) throw new PolicyError(policy, undefined, 'decision-shape', `a decision needs a job id string, got ${describe(o.job)}`);
  if (typeof o.kind !== 'string' || !KINDS.has(o.kind)) {
    throw new PolicyError(policy, job, 'decision-shape', `kind must be "place", "preempt" or "wait", got ${JSON.stringify(o.kind)}`);
  }
  if (typeof o.reason !== 'string') throw new PolicyError(policy, job, 'decision-shape', `a decision needs a reason string, got ${describe(o.reason)}`);
  if (o.kind === 'place' && !Array.isArray(o.devices)) {
    throw new PolicyError(policy, job, 'decision-shape', `a place decision needs a list of device ids, got ${describe(o.devices)}`);
  }
}
