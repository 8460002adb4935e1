// Who may act on what: a job's lease belongs to the manager that launched it, and a device slot to
// the running ranks that hold it. Two managers sharing agents get a refusal naming the holder,
// never each other's ranks.
import { NotNow, type RankRecord } from './ranks';

/** Default time a manager's leases outlive its last word to this agent (heartbeat or call). */
export const DEFAULT_LEASE_GRACE_MS = 60_000;

/** Refused because another manager or job holds it; answered FAILED_PRECONDITION. */
export class HeldByAnother extends NotNow {}

export class Leases {
  /** Manager id -> when it was last heard from. */
  private readonly heard = new Map<string, number>();
  /** Slots promised to launches still starting: the check and the launch are not one step. */
  private readonly starting = new Map<string, { jobId: string; managerId: string; devices: readonly number[] }>();
  private readonly startedAt = Date.now();
  /** The control plane that claimed this agent (live while its leases are). */
  private claim = '';

  constructor(
    private readonly graceMs: number,
    private readonly node: string,
  ) {}

  /** A heartbeat, launch, signal or forget from this manager renews its leases. */
  heardFrom(managerId: string): void {
    if (managerId) this.heard.set(managerId, Date.now());
  }

  /** A manager not heard since this agent started gets the grace from the start (its leases survive an agent restart). */
  private silentMs(managerId: string): number {
    return Date.now() - (this.heard.get(managerId) ?? this.startedAt);
  }

  private live(managerId: string): boolean {
    return this.silentMs(managerId) < this.graceMs;
  }

  private holder(managerId: string): string {
    const s = this.silentMs(managerId);
    return `manager ${managerId} (last heard ${(s / 1000).toFixed(1)} s ago; its lease lapses ${this.graceMs / 1000} s after that)`;
  }

  /** The control plane whose claim is live, or ''. */
  controlPlane(): string {
    return this.claim && this.live(this.claim) ? this.claim : '';
  }

  /** A control plane takes the agent; refused while another's claim is live. */
  claimNode(managerId: string): void {
    this.heardFrom(managerId);
    const holder = this.controlPlane();
    if (holder && holder !== managerId) {
      throw new HeldByAnother(`${this.node} is already claimed by another control plane, ${this.holder(holder)}; one control plane per agent`);
    }
    this.claim = managerId;
  }

  /** A control plane's heartbeat: renews its claim, or makes it again when none is live (the agent restarted). */
  renewClaim(managerId: string): void {
    this.heardFrom(managerId);
    if (managerId && !this.controlPlane()) this.claim = managerId;
  }

  /** While a control plane holds the agent, only it may launch here. */
  checkClaim(managerId: string, what: string): void {
    const holder = this.controlPlane();
    if (holder && holder !== managerId) {
      throw new HeldByAnother(`${what} refused on ${this.node}: this agent is managed by ${this.holder(holder)}; submit jobs through that control plane (a cluster file with backend: server)`);
    }
  }

  /**
   * Refuses a signal or forget of a job whose ranks another manager launched while that manager's
   * lease is live. A request without an id, or a job launched without one, is not checked (older managers).
   */
  checkHolder(managerId: string, jobId: string, ranks: readonly RankRecord[], what: string): void {
    this.heardFrom(managerId);
    if (!managerId) return;
    const other = ranks.find((r) => r.managerId && r.managerId !== managerId);
    if (other && this.live(other.managerId)) {
      throw new HeldByAnother(`${what} of job ${jobId} refused on ${this.node}: it is held by ${this.holder(other.managerId)}`);
    }
  }

  /**
   * Reserves `devices` for a launch, refusing slots that a running rank of another job holds (or a
   * launch of another job still starting). The reservation ends with the returned function.
   */
  reserve(req: { jobId: string; attempt: number; managerId: string; devices: readonly number[] }, running: readonly RankRecord[]): () => void {
    this.heardFrom(req.managerId);
    const holders = [
      ...running.filter((r) => r.state === 'RANK_STATE_RUNNING').map((r) => ({ jobId: r.jobId, managerId: r.managerId ?? '', devices: heldBy(r) })),
      ...this.starting.values(),
    ];
    for (const h of holders) {
      if (h.jobId === req.jobId && h.managerId === req.managerId) continue;
      const clash = req.devices.filter((d) => h.devices.includes(d));
      if (clash.length === 0) continue;
      const by = h.managerId ? this.holder(h.managerId) : 'a manager that gave no id';
      throw new HeldByAnother(`launch of job ${req.jobId} refused on ${this.node}: device ${clash.join(', ')} is held by job ${h.jobId} of ${by}`);
    }
    const k = `${req.jobId}#${req.attempt}`;
    this.starting.set(k, { jobId: req.jobId, managerId: req.managerId, devices: req.devices });
    return () => this.starting.delete(k);
  }
}

/** The slots a rank holds: what its launch leased, and the devices it was given. */
function heldBy(r: RankRecord): number[] {
  return [...new Set([...(r.heldDevices ?? []), ...r.devices])];
}
