/**
 * RoundPlan: decisions made one at a time, each validated and applied to the ClusterState at once,
 * so the policy's later queries see devices taken earlier in the round. The Scheduler also replays
 * a policy's returned decisions through one of these, so every decision passes the same checks.
 */
import type { Decision, JobView, RoundPlan } from './api';
import type { ClusterState } from './cluster-state';
import { PolicyError } from './policy-error';
import { checkPlacement } from './validate';

export interface Placed {
  readonly job: JobView;
  readonly devices: readonly number[];
}

export class RoundPlanImpl implements RoundPlan {
  readonly decisions: Decision[] = [];
  readonly placedJobs: Placed[] = [];
  readonly preemptedJobs: Placed[] = [];
  /** The JobView behind each decision this plan made (a map made on the first decision). */
  private jobByDecision: Map<Decision, JobView> | undefined;
  // Made on first use: most rounds of a long run decide nothing, and they are many.
  private placedIds: Set<string> | undefined;
  private preemptedIds: Set<string> | undefined;

  constructor(
    private readonly policy: string,
    private readonly state: ClusterState,
  ) {}

  place(job: JobView, devices: readonly number[], reason: string): Decision {
    this.checkJob(job);
    this.checkReason(job, reason);
    if (this.placedIds?.has(job.id)) throw new PolicyError(this.policy, job.id, 'decided-twice', 'placed twice in one round');
    if (job.state === 'running' && !this.preemptedIds?.has(job.id)) {
      throw new PolicyError(this.policy, job.id, 'job-state', 'is running; preempt it before placing it again');
    }
    const bad = checkPlacement(this.state, job, devices);
    if (bad) throw new PolicyError(this.policy, job.id, bad.rule, bad.detail);
    const copy = Object.freeze(devices.slice());
    this.state.allocateChecked(job.id, copy);
    (this.placedIds ??= new Set()).add(job.id);
    const d: Decision = Object.freeze({ kind: 'place' as const, job: job.id, devices: copy, reason });
    this.record(d, job);
    this.placedJobs.push({ job, devices: copy });
    return d;
  }

  preempt(job: JobView, reason: string): Decision {
    this.checkJob(job);
    this.checkReason(job, reason);
    if (this.preemptedIds?.has(job.id)) throw new PolicyError(this.policy, job.id, 'decided-twice', 'preempted twice in one round');
    if (job.state !== 'running' || this.placedIds?.has(job.id)) {
      throw new PolicyError(this.policy, job.id, 'job-state', 'only a job running before this round can be preempted');
    }
    const devices = this.state.release(job.id);
    (this.preemptedIds ??= new Set()).add(job.id);
    const d: Decision = Object.freeze({ kind: 'preempt' as const, job: job.id, reason });
    this.record(d, job);
    this.preemptedJobs.push({ job, devices });
    return d;
  }

  wait(job: JobView, reason: string): Decision {
    this.checkJob(job);
    this.checkReason(job, reason);
    const d: Decision = Object.freeze({ kind: 'wait' as const, job: job.id, reason });
    this.record(d, job);
    return d;
  }

  jobOf(d: Decision): JobView | undefined {
    return this.jobByDecision?.get(d);
  }

  placed(job: JobView): boolean {
    return this.placedIds !== undefined && this.placedIds.has(job.id);
  }

  preempted(job: JobView): boolean {
    return this.preemptedIds !== undefined && this.preemptedIds.has(job.id);
  }

  /** Decisions made through this plan (differs from decisions.length if someone pushed to it). */
  made = 0;

  private record(d: Decision, job: JobView): void {
    this.made++;
    this.decisions.push(d);
    (this.jobByDecision ??= new Map()).set(d, job);
  }

  private checkJob(job: JobView): void {
    if (!job || typeof job !== 'object' || typeof job.id !== 'string') {
      throw new PolicyError(this.policy, undefined, 'decision-shape', `expected a job from input.waiting or input.running, got ${job === null ? 'null' : typeof job}`);
    }
  }

  private checkReason(job: JobView, reason: unknown): void {
    if (typeof reason !== 'string') throw new PolicyError(this.policy, job.id, 'decision-shape', `expected a reason string, got ${typeof reason}`);
  }
}
