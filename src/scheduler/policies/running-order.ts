/**
 * Running jobs kept in a policy's order (a numeric key, then arrival and id) between rounds, for
 * keys that move together as jobs run (remaining time): last round's order is nearly this round's,
 * so a round recomputes the keys, repairs the few pairs out of order and merges in the jobs started
 * since, instead of sorting every running job. Membership follows the policy's own decisions and
 * the round's changes; without changes, or when the count disagrees with the driver's list, the
 * order is rebuilt from `running`.
 *
 * The other kept orders: TimedRunningOrder (timed-running-order.ts) for running jobs whose keys
 * change at times known in advance (LAS queues), and WaitingQueue for keys fixed while a job waits.
 */
import type { Decision, JobView, SchedulingInput } from '../api';
import { byArrival, sortByKey } from './common';

export class RunningOrder {
  private jobs: JobView[] = [];
  private keys = new Float64Array(0);
  /** Started by the policy's decisions since the order was last brought up to date. */
  private started: JobView[] = [];
  /** Stopped (preempted, ended) since then, by id. */
  private stopped = new Set<string>();
  private rebuild = true;

  /** Takes a round's changes in (before the round decides). */
  changes(input: SchedulingInput): void {
    if (!input.changes) {
      this.rebuild = true;
      return;
    }
    for (const j of input.changes.left) this.stopped.add(j.id);
  }

  /** Takes the round's own decisions in; `placed` finds a placed job's view by id. */
  settle(decisions: readonly Decision[], placed: (id: string) => JobView | undefined): void {
    for (const d of decisions) {
      if (d.kind === 'preempt') this.stopped.add(d.job);
      else if (d.kind === 'place') {
        const job = placed(d.job);
        if (job) this.started.push(job);
        else this.rebuild = true;
      }
    }
  }

  /** The running jobs in order, and their keys position by position. */
  sync(running: readonly JobView[], key: (j: JobView) => number): { readonly jobs: readonly JobView[]; readonly keys: Float64Array } {
    let jobs = this.jobs;
    if (!this.rebuild && (this.stopped.size > 0 || this.started.length > 0)) {
      const kept = this.stopped.size > 0 ? jobs.filter((j) => !this.stopped.has(j.id)) : jobs.slice();
      const fresh = this.started.filter((j) => !this.stopped.has(j.id));
      jobs = kept.concat(fresh);
    }
    this.started = [];
    this.stopped = new Set();
    // A job kept here that no longer runs: the views are not the driver's (rebuilt from its list).
    let n = jobs.length;
    let keys = this.keys.length === n ? this.keys : new Float64Array(n);
    let stale = this.rebuild || n !== running.length;
    for (let i = 0; i < n && !stale; i++) {
      const job = jobs[i]!;
      if (job.state !== 'running') stale = true;
      else keys[i] = key(job);
    }
    this.rebuild = false;
    if (stale) {
      jobs = sortByKey(running, key).slice();
      n = jobs.length;
      keys = new Float64Array(n);
      for (let i = 0; i < n; i++) keys[i] = key(jobs[i]!);
    }
    // Insertion sort: linear for an order that is nearly right, as last round's is.
    for (let i = 1; i < n; i++) {
      const job = jobs[i]!;
      const k = keys[i]!;
      let p = i - 1;
      while (p >= 0 && after(keys[p]!, jobs[p]!, k, job)) {
        jobs[p + 1] = jobs[p]!;
        keys[p + 1] = keys[p]!;
        p--;
      }
      jobs[p + 1] = job;
      keys[p + 1] = k;
    }
    this.jobs = jobs;
    this.keys = keys;
    return { jobs, keys };
  }
}

/** Whether (ka, a) comes after (kb, b): key, then arrival and id (a NaN difference of two infinities ties). */
function after(ka: number, a: JobView, kb: number, b: JobView): boolean {
  const d = ka - kb;
  return d > 0 || (!(d < 0) && byArrival(a, b) > 0);
}
