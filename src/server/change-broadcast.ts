/**
 * The control plane's watch streams: every change of the job manager serialised once and written to
 * every watcher. A job's first message is its whole record; later ones carry only the fields that
 * changed (the manager replaces a field's value when it changes, so identity tells). State changes
 * go out at once; progress alone at most every PROGRESS_EVERY_MS, the latest, so that a cluster of
 * busy jobs does not bury the changes people wait for. A watcher that reads slowly gets, for each
 * job it fell behind on, the job's whole latest record instead of every patch in between.
 */
import type * as grpc from '@grpc/grpc-js';
import type { Controller, ControllerChange, Disposable } from '../controller/api';
import type { JobRecord } from '../core/job';
import type { Change } from '../../proto/generated/openclaw/control/v1/Change';

const PROGRESS_EVERY_MS = 250;

type Stream = grpc.ServerWritableStream<unknown, Change>;

export class ChangeBroadcast {
  private readonly watchers = new Set<Watcher>();
  /** Each job as watchers last got it: what the next patch is taken against. */
  private readonly sent = new Map<string, JobRecord>();
  private readonly sentState = new Map<string, string>();
  /** Jobs whose progress awaits the next flush, the latest record of each. */
  private readonly progress = new Map<string, JobRecord>();
  private progressTimer: NodeJS.Timeout | undefined;
  private readonly subscription: Disposable;

  constructor(private readonly controller: Controller) {
    for (const job of controller.jobs()) this.sent.set(job.id, job);
    this.subscription = controller.onChange((change) => this.onChange(change));
  }

  /** A new watch stream: every job as last sent, the nodes, then `synced`; changes from then on. */
  add(call: Stream): () => void {
    const w = new Watcher(call, (key) => this.whole(key));
    for (const job of this.controller.jobs()) {
      const known = this.sent.get(job.id);
      if (!known) this.sent.set(job.id, job);
      w.send(`job:${job.id}`, { jobJson: JSON.stringify(known ?? job) });
    }
    w.send('nodes', { nodesJson: JSON.stringify(this.controller.nodes()) });
    w.send('synced', { synced: true });
    this.watchers.add(w);
    return () => this.watchers.delete(w);
  }

  close(): void {
    this.subscription.dispose();
    if (this.progressTimer) clearTimeout(this.progressTimer);
    for (const w of this.watchers) w.end();
    this.watchers.clear();
  }

  private onChange(change: ControllerChange): void {
    if (change.kind === 'job') {
      const job = change.job;
      const state = `${job.state}|${job.attempt}|${job.waitReason ?? ''}`;
      if (this.sentState.get(job.id) === state) {
        this.progress.set(job.id, job);
        this.progressTimer ??= setTimeout(() => this.flushProgress(), PROGRESS_EVERY_MS);
        return;
      }
      this.sentState.set(job.id, state);
      this.progress.delete(job.id);
      this.sendJob(job);
    } else if (change.kind === 'job-removed') {
      this.sent.delete(change.jobId);
      this.sentState.delete(change.jobId);
      this.progress.delete(change.jobId);
      this.broadcast(`job:${change.jobId}`, { jobRemoved: change.jobId });
    } else if (change.kind === 'cluster') {
      this.broadcast('nodes', { nodesJson: JSON.stringify(change.nodes) });
    }
    // Rank output is asked for job by job (Logs): every line to every watcher would swamp them.
  }

  private flushProgress(): void {
    this.progressTimer = undefined;
    const batch = [...this.progress.values()];
    this.progress.clear();
    for (const job of batch) this.sendJob(job);
  }

  /** The job's changed fields (or all of it, the first time), recorded as sent. */
  private sendJob(job: JobRecord): void {
    const before = this.sent.get(job.id);
    this.sent.set(job.id, job);
    if (this.watchers.size === 0) return;
    if (!before) return this.broadcast(`job:${job.id}`, { jobJson: JSON.stringify(job) });
    const patch: Record<string, unknown> = { id: job.id };
    let changed = false;
    for (const k of new Set([...Object.keys(before), ...Object.keys(job)])) {
      const now = (job as Record<string, unknown>)[k];
      if (now === (before as Record<string, unknown>)[k]) continue;
      patch[k] = now === undefined ? null : now;
      changed = true;
    }
    if (changed) this.broadcast(`job:${job.id}`, { jobPatchJson: JSON.stringify(patch) });
  }

  /** A job's whole record as last sent, for a watcher that fell behind on it. */
  private whole(key: string): Change | undefined {
    const job = key.startsWith('job:') ? this.sent.get(key.slice(4)) : undefined;
    return job ? { jobJson: JSON.stringify(job) } : undefined;
  }

  private broadcast(key: string, change: Change): void {
    for (const w of this.watchers) w.send(key, change);
  }
}

/** One client's watch stream: written through while it keeps up, coalesced by key while it does not. */
class Watcher {
  private readonly pending = new Map<string, Change>();
  private waiting = false;

  constructor(
    private readonly call: Stream,
    private readonly whole: (key: string) => Change | undefined,
  ) {}

  send(key: string, change: Change): void {
    if (this.waiting) {
      // A key already pending keeps its place (a job's first state stays before "synced"); two
      // messages about one job become its whole latest record (a patch alone would skip the first).
      const merged = this.pending.has(key) && change.jobRemoved === undefined ? (this.whole(key) ?? change) : change;
      this.pending.set(key, merged);
      return;
    }
    if (!this.call.write(change)) {
      this.waiting = true;
      this.call.once('drain', () => this.flush());
    }
  }

  private flush(): void {
    this.waiting = false;
    const batch = [...this.pending];
    this.pending.clear();
    for (const [key, c] of batch) this.send(key, c);
  }

  end(): void {
    this.call.end();
  }
}
