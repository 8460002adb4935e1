/**
 * A small event-driven driver for scheduler tests: jobs arrive, run at a per-model speed, finish,
 * and are preempted, with the Scheduler deciding. It keeps its own record of who holds which
 * device, independent of ClusterState, and checks every round against it. A preempted job goes back
 * to its last checkpoint by the lifecycle's rules (src/core/lifecycle.ts), with costs of nothing so
 * that figures stay easy to check by hand.
 */
import assert from 'node:assert/strict';
import type { ClusterShape } from '../../../src/core/cluster-spec';
import { checkpointsWritten, decideStop, launchOverhead, lostSeconds, type LifecycleCosts } from '../../../src/core/lifecycle';
import type { JobRequest, Policy } from '../../../src/scheduler/api';
import { ClusterState } from '../../../src/scheduler/cluster-state';
import { JobEntry, jobEntry } from '../../../src/scheduler/job-view';
import { Scheduler } from '../../../src/scheduler/scheduler';

export interface MiniJob {
  id: string;
  arrival: number;
  request: JobRequest;
  /** Seconds of work at speed 1. */
  work: number;
  user?: string;
  priority?: number;
  /** Speed on each model (default 1). */
  speed?: Record<string, number>;
  /** Seconds of running between checkpoints (default 1). */
  checkpointEvery?: number;
}

const FREE: LifecycleCosts = { startSeconds: 0, saveSeconds: 0, restoreSeconds: 0 };

export interface MiniResult {
  finished: Map<string, number>;
  rounds: number;
  preemptions: number;
  /** Device-seconds lost to preemptions (since each one's last checkpoint). */
  lostGpuSeconds: number;
  endTime: number;
}

export function shape(groups: { name: string; count: number; model: string; gpus: number; memoryGiB?: number; rack?: string; nodesPerRack?: number }[]): ClusterShape {
  return {
    nodes: groups.map((g) => ({
      name: g.name,
      count: g.count,
      devices: { model: g.model, count: g.gpus, memoryGiB: g.memoryGiB ?? 80 },
      cpus: 32,
      memoryGiB: 256,
      intraLinkGbps: 2400,
      rack: g.rack,
      nodesPerRack: g.nodesPerRack,
    })),
    network: { bandwidthGbps: 100, latencyUs: 5 },
  };
}

export function runMini(policy: Policy, clusterShape: ClusterShape, jobs: readonly MiniJob[], limit = 1e9): MiniResult {
  const state = ClusterState.fromShape(clusterShape);
  const scheduler = new Scheduler(policy, state);
  const spec = new Map(jobs.map((j) => [j.id, j]));
  const entries = new Map<string, JobEntry>();
  const left = new Map<string, number>();
  const pending = [...jobs].sort((a, b) => a.arrival - b.arrival);
  let waiting: JobEntry[] = [];
  const running = new Set<JobEntry>();
  const holder = new Map<number, string>();
  const finished = new Map<string, number>();
  let now = 0;
  let next = 0;
  let rounds = 0;
  let preemptions = 0;
  let lostGpuSeconds = 0;
  // The current run of each running job: when it began training, and the work it had left then.
  const runFrom = new Map<string, { at: number; left: number }>();
  const roundEvery = scheduler.roundSeconds;
  let nextRound = roundEvery ?? Number.POSITIVE_INFINITY;
  const speedOf = (e: JobEntry): number => {
    const j = spec.get(e.id) as MiniJob;
    if (e.devices.length === 0) return 1;
    let s = Number.POSITIVE_INFINITY;
    for (const d of e.devices) s = Math.min(s, j.speed?.[state.devices[d]!.model] ?? 1);
    return s;
  };
  const advance = (to: number) => {
    const dt = to - now;
    for (const e of running) {
      const s = speedOf(e);
      left.set(e.id, (left.get(e.id) as number) - dt * s);
      e.attainedService += dt * e.devices.length;
      e.remainingSeconds = (left.get(e.id) as number) / Math.max(s, 1e-9);
      e.progress = 1 - (left.get(e.id) as number) / (spec.get(e.id) as MiniJob).work;
    }
    now = to;
  };
  while (finished.size < jobs.length) {
    // Next event: arrival, completion, or round.
    let t = next < pending.length ? pending[next]!.arrival : Number.POSITIVE_INFINITY;
    for (const e of running) t = Math.min(t, now + Math.max(0, (left.get(e.id) as number) / speedOf(e)));
    if (running.size > 0 || waiting.length > 0) t = Math.min(t, nextRound);
    if (!Number.isFinite(t)) throw new Error(`stuck at ${now}: ${waiting.length} waiting, nothing running or arriving`);
    if (t > limit) throw new Error(`limit ${limit} s passed with ${jobs.length - finished.size} jobs unfinished: ${waiting.map((w) => w.id).slice(0, 5).join(', ')}`);
    advance(t);
    let trigger: 'arrival' | 'completion' | 'round' = 'arrival';
    for (const e of [...running]) {
      if ((left.get(e.id) as number) <= 1e-6) {
        running.delete(e);
        for (const d of state.release(e.id)) holder.delete(d);
        e.state = 'waiting';
        finished.set(e.id, now);
        trigger = 'completion';
      }
    }
    while (next < pending.length && pending[next]!.arrival <= now) {
      const j = pending[next++];
      const e = jobEntry({ id: j!.id, arrival: j!.arrival, request: j!.request, user: j!.user ?? 'u', priority: j!.priority ?? 0, remainingSeconds: j!.work });
      if (j!.speed) e.throughput = j!.speed;
      entries.set(j!.id, e);
      left.set(j!.id, j!.work);
      waiting.push(e);
    }
    if (now >= nextRound) {
      trigger = 'round';
      nextRound = now + (roundEvery as number);
    }
    const result = scheduler.round({ now, trigger, waiting, running: [...running] });
    rounds++;
    for (const p of result.preempted) {
      const e = entries.get(p.job.id) as JobEntry;
      assert.ok(running.has(e), `preempted ${e.id}, which was not running`);
      for (const d of p.devices) {
        assert.equal(holder.get(d), e.id, `device ${d} released by ${e.id} but held by ${holder.get(d)}`);
        holder.delete(d);
      }
      // Back to its last checkpoint: the work since is lost.
      const run = runFrom.get(e.id) as { at: number; left: number };
      const every = (spec.get(e.id) as MiniJob).checkpointEvery ?? 1;
      const written = checkpointsWritten(now - run.at, every, FREE.saveSeconds);
      left.set(e.id, run.left - written * every * speedOf(e));
      lostGpuSeconds += lostSeconds(run.at, written === 0 ? undefined : run.at + written * every, now) * e.devices.length;
      const d = decideStop({ restarts: e.restarts, preemptions: e.preemptions, maxRestarts: 0 }, 'preempted');
      running.delete(e);
      e.state = 'waiting';
      e.devices = [];
      e.preemptions = d.preemptions;
      e.waitingSince = now;
      waiting.push(e);
      preemptions++;
    }
    for (const p of result.placed) {
      const e = entries.get(p.job.id) as JobEntry;
      assert.equal(p.devices.length, e.request.gpus, `gang of ${e.id} broken`);
      assert.equal(new Set(p.devices).size, p.devices.length, `device listed twice for ${e.id}`);
      for (const d of p.devices) {
        assert.equal(holder.get(d), undefined, `device ${d} given to ${e.id} while held by ${holder.get(d)}`);
        holder.set(d, e.id);
      }
      e.state = 'running';
      e.devices = p.devices;
      running.add(e);
      runFrom.set(e.id, { at: now + launchOverhead(false, FREE), left: left.get(e.id) as number });
    }
    if (result.placed.length || result.preempted.length) {
      const placed = new Set(result.placed.map((p) => p.job.id));
      waiting = waiting.filter((w) => !placed.has(w.id)).sort((a, b) => a.arrival - b.arrival || (a.id < b.id ? -1 : 1));
    }
    // ClusterState agrees with the independent record.
    for (const e of running) for (const d of e.devices) assert.equal(state.jobOn(d), e.id);
  }
  return { finished, rounds, preemptions, lostGpuSeconds, endTime: now };
}
