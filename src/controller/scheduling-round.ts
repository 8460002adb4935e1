/**
 * The job manager's scheduling round: the jobs as the scheduler sees them (JobViews), the round
 * itself (quotas' hold-backs, the policy's decisions), and what follows from it (preemptions, wait
 * reasons, launches). The manager does the I/O each step asks for through RoundHost.
 */
import type { JobRecord, RankPlacement } from '../core/job';
import { holdsDevices } from '../core/lifecycle';
import type { JobView, SchedulingTrigger } from '../scheduler/api';
import type { ClusterState } from '../scheduler/cluster-state';
import { neverFits } from '../scheduler/explain';
import type { Scheduler } from '../scheduler/scheduler';
import { attainedService, preemptions } from './attempts';
import type { Runtime } from './journal-replay';
import { jobRequest, ranksFromDevices } from './placement';

/** What a round reads from the manager and asks of it. */
export interface RoundHost {
  readonly jobs: ReadonlyMap<string, JobRecord>;
  cluster(): ClusterState;
  scheduler(): Scheduler;
  /** Whether the scheduler places jobs here, or the backend (Slurm) queues and places them itself. */
  allocatesHere(): boolean;
  /** The backend's clock (ms), and when the manager started on it. */
  now(): number;
  readonly startedAt: number;
  runtime(jobId: string): Runtime;
  /** Waiting jobs that sit out this round, with why (quotas). */
  holdBack?: (waiting: readonly JobRecord[], all: readonly JobRecord[], now: number) => ReadonlyMap<string, string>;
  /** Jobs were held back: offer them again later, even with no event to trigger a round. */
  offerHeldAgain(): void;
  /** The job waits in the backend's own queue for its current attempt. */
  handedToBackend(job: JobRecord): boolean;
  update(jobId: string, patch: Partial<JobRecord>): JobRecord;
  launch(job: JobRecord, placement: RankPlacement[], reason: string): Promise<void>;
  preempt(job: JobRecord): Promise<void>;
}

export class SchedulingRound {
  /** Queued jobs checked against the cluster's shape: whether they can never fit it. */
  private readonly neverFitChecks = new Map<string, { cluster: ClusterState; never: boolean }>();

  constructor(private readonly host: RoundHost) {}

  /** A job left the queue: its check against the cluster's shape is stale. */
  leftQueue(jobId: string): void {
    this.neverFitChecks.delete(jobId);
  }

  jobView(job: JobRecord, running: boolean): JobView {
    const h = this.host;
    const rt = h.runtime(job.id);
    const progress = job.step !== undefined && job.totalSteps ? Math.min(1, job.step / job.totalSteps) : 0;
    return {
      id: job.id,
      user: job.spec.user ?? 'default',
      priority: job.spec.priority,
      arrival: (rt.submittedAt - h.startedAt) / 1000,
      request: jobRequest(job.spec, h.cluster()),
      state: running ? 'running' : 'waiting',
      devices: running ? h.cluster().devicesOf(job.id) : [],
      attainedService: attainedService(rt, h.now()),
      progress,
      remainingSeconds: undefined,
      restarts: job.restarts,
      preemptions: preemptions(rt),
      throughput: undefined,
    };
  }

  async run(trigger: SchedulingTrigger): Promise<void> {
    const h = this.host;
    const waiting: JobView[] = [];
    const running: JobView[] = [];
    for (const job of h.jobs.values()) {
      if (job.state === 'queued' && !h.handedToBackend(job)) {
        // A job larger than the cluster is left out of the round: it would hold a FIFO queue's head forever.
        if (h.allocatesHere() && this.neverFitsNow(job)) continue;
        waiting.push(this.jobView(job, false));
      }
      else if (holdsDevices(job.state)) running.push(this.jobView(job, true));
    }
    if (waiting.length === 0 && trigger !== 'round') return;
    waiting.sort((a, b) => a.arrival - b.arrival);
    if (h.holdBack && waiting.length > 0) {
      const held = h.holdBack(waiting.map((w) => h.jobs.get(w.id)!), [...h.jobs.values()], h.now());
      for (const [id, why] of held) if (h.jobs.get(id)?.waitReason !== why) h.update(id, { waitReason: why });
      if (held.size > 0) {
        waiting.splice(0, waiting.length, ...waiting.filter((w) => !held.has(w.id)));
        // What holds them may lapse with time alone (a week's device-hours).
        h.offerHeldAgain();
      }
    }
    if (!h.allocatesHere()) {
      // The backend (Slurm) queues and places jobs itself and reports the placement in events.
      for (const w of waiting) await h.launch(h.jobs.get(w.id)!, [], 'handed to the backend to place');
      return;
    }
    let result;
    try {
      result = h.scheduler().round({ now: (h.now() - h.startedAt) / 1000, trigger, waiting, running });
    } catch (err) {
      // A broken policy stops placing jobs but must not take the manager down.
      for (const w of waiting) h.update(w.id, { waitReason: `the policy failed: ${(err as Error).message}` });
      return;
    }
    for (const p of result.preempted) {
      const job = h.jobs.get(p.job.id);
      if (job && holdsDevices(job.state)) await h.preempt(job);
    }
    for (const d of result.decisions) {
      if (d.kind !== 'wait') continue;
      // Said again only when it changed: a long queue would otherwise send every job to every view each round.
      const why = this.explainWait(d.job) ?? d.reason;
      if (h.jobs.get(d.job)?.waitReason !== why) h.update(d.job, { waitReason: why });
    }
    for (const p of result.placed) {
      const job = h.jobs.get(p.job.id);
      if (!job || job.state !== 'queued') continue;
      // Rank 0 where the checkpoint to resume from was listed, when that node is among those placed.
      const placement = ranksFromDevices(job.spec, p.devices, h.cluster(), job.resumeFrom ? job.lastCheckpoint?.node : undefined);
      const decision = result.decisions.find((d) => d.kind === 'place' && d.job === job.id);
      await h.launch(job, placement, decision?.reason ?? 'placed');
    }
    // Jobs no decision mentioned still wait; say why.
    for (const w of waiting) {
      const job = h.jobs.get(w.id);
      if (job?.state === 'queued' && !job.waitReason) h.update(w.id, { waitReason: this.explainWait(w.id) });
    }
  }

  /**
   * Whether a queued job asks for more than the cluster has, busy or not; marks it so (views and `run`
   * say so loudly) or clears the mark. Checked once per job and cluster shape: a node joining rebuilds it.
   */
  private neverFitsNow(job: JobRecord): boolean {
    const cluster = this.host.cluster();
    const checked = this.neverFitChecks.get(job.id);
    if (checked?.cluster === cluster) return checked.never;
    const never = neverFits(jobRequest(job.spec, cluster), cluster);
    this.neverFitChecks.set(job.id, { cluster, never: never !== undefined });
    if (never) this.host.update(job.id, { waitReason: never.text, neverFits: never.text });
    else if (job.neverFits !== undefined) this.host.update(job.id, { waitReason: undefined, neverFits: undefined });
    return never !== undefined;
  }

  private explainWait(jobId: string): string | undefined {
    const job = this.host.jobs.get(jobId);
    if (!job) return undefined;
    try {
      return this.host.scheduler().explain(this.jobView(job, false));
    } catch {
      return undefined;
    }
  }
}
