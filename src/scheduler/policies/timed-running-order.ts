/**
 * Running jobs kept in a policy's order (a numeric key, then arrival and id) between rounds, for
 * keys that change at times known in advance: a LAS queue changes when a job's minimum run ends
 * and when its service crosses a limit. A round moves only the jobs whose time has come, not
 * every running job. Membership follows the policy's own decisions and the round's changes; without
 * changes, or when the count disagrees with the driver's list, the order is rebuilt from `running`.
 * What each job holds (heldTag) is noted when it joins: a job keeps its devices while it runs (a
 * move is a preemption and a placement, so the job leaves and joins again).
 *
 * The other kept set of running jobs, RunningTail (running-tail.ts), is for keys that all fall
 * as jobs run (remaining time), where no such times are known.
 */
import type { ClusterView, Decision, JobView, SchedulingInput } from '../api';
import { heldTag, type RunningInOrder } from './common';
import { TimerHeap } from './timer-heap';
import { WaitingQueue } from './waiting-queue';

export class TimedRunningOrder {
  /** The kept jobs, sorted: a WaitingQueue is the sorted array with keys by id and batched moves that this needs. */
  private order: WaitingQueue;
  private readonly timers = new TimerHeap();
  /** Each kept job's next time; a timer popped with another time is stale. */
  private readonly next = new Map<JobView, number>();
  private rebuild = true;
  /** How many times the order was rebuilt from the driver's list (the first sync's, and any since). */
  rebuilds = 0;
  /**
   * Since the last sync: each job started by the policy (true) or that left (false), its last word
   * kept. Applied at the sync together (a started job is keyed once its view says running); between
   * time-sharing rounds every completion would otherwise move the whole order.
   */
  private pending = new Map<JobView, boolean>();
  /** Changed since the last sync (re-keyed there). */
  private changed: JobView[] = [];
  /** The cluster of the last sync: what each kept job holds is noted from it (a job keeps its devices while kept). */
  private cluster: ClusterView | undefined;

  constructor(
    private readonly key: (job: JobView) => number,
    /**
     * When the job's key may next change, from now (+∞: not while it runs). Early is safe (the key
     * is computed again and the job looked at later); late would keep a job in its old place.
     */
    private readonly nextChange: (job: JobView) => number,
  ) {
    this.order = this.emptyOrder();
  }

  private emptyOrder(): WaitingQueue {
    return new WaitingQueue(this.key, undefined, (job) => heldTag(this.cluster!, job));
  }

  /** Takes a round's changes in (before the round decides). */
  changes(input: SchedulingInput): void {
    const ch = input.changes;
    if (!ch) {
      this.rebuild = true;
      return;
    }
    if (this.rebuild) return;
    for (const j of ch.left) this.pending.set(j, false);
    for (const j of ch.changed) this.changed.push(j);
  }

  /** Takes the round's own decisions in; `placed` finds a placed job's view by id. */
  settle(decisions: readonly Decision[], placed: (id: string) => JobView | undefined): void {
    if (this.rebuild) return;
    const stopped: JobView[] = [];
    for (const d of decisions) {
      if (d.kind === 'preempt') {
        const job = this.order.byIdOf(d.job);
        if (job) {
          stopped.push(job);
          if (this.pending.has(job)) this.pending.set(job, false);
        }
        // Started since the last sync: found among the pending.
        else for (const [j, on] of this.pending) if (on && j.id === d.job) this.pending.set(j, false);
      } else if (d.kind === 'place') {
        const job = placed(d.job);
        if (job) this.pending.set(job, true);
        else this.rebuild = true;
      }
    }
    this.order.deleteAll(stopped);
  }

  /** A kept running job's view (one started since the last sync is not found). */
  byIdOf(id: string): JobView | undefined {
    return this.rebuild ? undefined : this.order.byIdOf(id);
  }

  /** The running jobs in order, with their keys and what each holds, position by position. */
  sync(running: readonly JobView[], now: number, cluster: ClusterView): RunningInOrder {
    // Held tags name models by position in this cluster's list.
    if (this.cluster !== undefined && this.cluster.models !== cluster.models) this.rebuild = true;
    this.cluster = cluster;
    const { pending, changed } = this;
    this.pending = new Map();
    this.changed = [];
    if (!this.rebuild) {
      const out: JobView[] = [];
      const into: JobView[] = [];
      pending.forEach((on, j) => {
        out.push(j);
        if (on) into.push(j);
      });
      this.order.deleteAll(out);
      // Re-keyed with those started: one pass for both.
      for (const j of changed) if (this.order.has(j)) into.push(j);
      this.order.addAll(into);
      for (const j of into) this.schedule(j);
      const slack = 1e-6 * Math.max(1, Math.abs(now));
      const due: JobView[] = [];
      while (this.timers.size > 0 && this.timers.peekTime() <= now + slack) {
        const t = this.timers.peekTime();
        const job = this.timers.pop();
        if (this.next.get(job) !== t) continue;
        this.next.delete(job);
        if (this.order.has(job)) due.push(job);
      }
      // Keyed again now; each gets its next time after all are moved, so none is looked at twice.
      this.order.addAll(due);
      for (const j of due) this.schedule(j);
    }
    const order = this.order;
    let stale = this.rebuild || order.length !== running.length;
    for (let i = 0; i < order.length && !stale; i++) if (order.at(i)!.state !== 'running') stale = true;
    if (stale) {
      this.rebuilds++;
      this.order = this.emptyOrder();
      this.order.addAll(running);
      this.timers.clear();
      this.next.clear();
      for (const j of running) this.schedule(j);
      this.rebuild = false;
    }
    const kept = this.order;
    return { jobs: kept, keys: kept.keyView(), held: (i) => kept.tagAt(i) };
  }

  private schedule(job: JobView): void {
    const t = this.nextChange(job);
    if (t === Number.POSITIVE_INFINITY) {
      this.next.delete(job);
      return;
    }
    this.next.set(job, t);
    this.timers.push(t, job);
  }
}
