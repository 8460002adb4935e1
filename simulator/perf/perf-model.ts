/**
 * How fast a job runs where it is placed. The rate on a packed placement comes from Gavel's
 * measurements (or, for a device or model they lack, from a V100 figure scaled by the relative-speed
 * table). A placement that spans servers takes Gavel's measurement of exactly that (its
 * "unconsolidated" entries) when the table has one for the job's model and size and the servers are
 * joined by a network no faster than the one Gavel measured on (10 Gbit/s); otherwise (faster
 * networks, unmeasured models) it pays the difference between a ring all-reduce over its slowest
 * link and one over the fast intra-node link, once an iteration. Calibration: with this rule an
 * 8-GPU Transformer spread over 8 Gavel servers runs about 3× slower than packed, as Gavel measured.
 * Synchronous data parallelism runs at the pace of its slowest device.
 */
import type { RateSource } from '../../src/core/rate-source';
import type { ClusterView } from '../../src/scheduler/api';
import { gbpsToBytesPerSec, ringAllReduceSeconds } from './allreduce';
import { MEASURED_SPREAD_GBPS, spreadKey, type ThroughputTable } from './gavel-throughputs';
import { DEFAULT_RELATIVE_SPEED, gradientBytesOf } from './profiles';

export interface PerfOptions {
  /** Speed of each device model relative to a V100 (merged over the defaults). */
  relativeSpeed?: Readonly<Record<string, number>>;
  /** Gavel's table, for jobs whose model it measured. */
  throughputs?: ThroughputTable;
  /** Device that trace durations were measured on (default v100). */
  referenceDevice?: string;
  /** Seconds a step of a trace job (no measured model) takes on the reference device; default 1. */
  stepSeconds?: number;
  /** Latency of an intra-node link, µs (default 2). */
  intraLatencyUs?: number;
}

/** A kind of job, interned: its model name and gradient size. */
export interface Profile {
  readonly id: number;
  readonly model: string | undefined;
  readonly gradientBytes: number;
  /** Gavel's measurements of this model, when it has them. */
  readonly measured: Map<string, Map<number, number>> | undefined;
}

const REFERENCE_MEASURED = 'v100';

export class PerfModel {
  readonly relativeSpeed: Readonly<Record<string, number>>;
  readonly referenceDevice: string;
  readonly stepSeconds: number;
  private readonly profiles: Profile[] = [];
  private readonly profileByModel = new Map<string, Profile>();
  private readonly packedCache = new Map<string, number>();
  private readonly throughputCache = new Map<string, Readonly<Record<string, number>>>();
  private readonly deviceSpeed: Float64Array;
  private readonly deviceNode: Int32Array;
  private readonly nodeRack: Int32Array;
  private readonly nodeIntraBps: Float64Array;
  private readonly netBps: number;
  private readonly interRackBps: number;
  private readonly netLatency: number;
  private readonly intraLatency: number;

  constructor(
    private readonly cluster: ClusterView & { readonly interRackGbps?: number },
    private readonly options: PerfOptions & { interRackBandwidthGbps?: number } = {},
  ) {
    this.relativeSpeed = { ...DEFAULT_RELATIVE_SPEED, ...options.relativeSpeed };
    this.referenceDevice = options.referenceDevice ?? 'v100';
    this.stepSeconds = options.stepSeconds ?? 1;
    const devices = cluster.devices;
    this.deviceSpeed = new Float64Array(devices.length);
    this.deviceNode = new Int32Array(devices.length);
    for (const d of devices) {
      this.deviceSpeed[d.id] = this.speedOf(d.model);
      this.deviceNode[d.id] = d.node;
    }
    const racks = new Map<string, number>();
    this.nodeRack = new Int32Array(cluster.nodes.length);
    this.nodeIntraBps = new Float64Array(cluster.nodes.length);
    for (const n of cluster.nodes) {
      const rack = n.rack ?? '';
      if (!racks.has(rack)) racks.set(rack, racks.size);
      this.nodeRack[n.id] = racks.get(rack)!;
      this.nodeIntraBps[n.id] = gbpsToBytesPerSec(n.intraLinkGbps);
    }
    this.netBps = gbpsToBytesPerSec(cluster.networkGbps);
    this.interRackBps = gbpsToBytesPerSec(options.interRackBandwidthGbps ?? cluster.interRackGbps ?? cluster.networkGbps);
    this.netLatency = cluster.networkLatencyUs * 1e-6;
    this.intraLatency = (options.intraLatencyUs ?? 2) * 1e-6;
  }

  /** Relative speed of a device model; an unknown model counts as a V100. */
  speedOf(model: string): number {
    return this.relativeSpeed[model] ?? 1;
  }

  /** The profile of a model name (undefined: a trace job of unknown model). */
  profile(model: string | undefined): Profile {
    const key = model ?? '';
    let p = this.profileByModel.get(key);
    if (!p) {
      const measured = model ? this.options.throughputs?.get(model) : undefined;
      p = { id: this.profiles.length, model, gradientBytes: gradientBytesOf(model), measured };
      this.profiles.push(p);
      this.profileByModel.set(key, p);
    }
    return p;
  }

  /** Steps/s of a job of `gpus` devices of one model packed as tightly as the table measured. */
  packedRate(profile: Profile, gpus: number, model: string): number {
    const key = `${profile.id}|${gpus}|${model}`;
    let r = this.packedCache.get(key);
    if (r === undefined) {
      r = this.computePacked(profile, gpus, model);
      this.packedCache.set(key, r);
    }
    return r;
  }

  private computePacked(profile: Profile, gpus: number, model: string): number {
    if (profile.measured) {
      const own = measuredRate(profile.measured.get(model), gpus);
      if (own > 0) return own;
      const ref = measuredRate(profile.measured.get(REFERENCE_MEASURED), gpus);
      if (ref > 0) return (ref * this.speedOf(model)) / this.speedOf(REFERENCE_MEASURED);
    }
    return this.speedOf(model) / this.speedOf(this.referenceDevice) / this.stepSeconds;
  }

  /** Steps/s on each device model of the cluster, packed: what heterogeneity-aware policies compare. */
  throughputs(profile: Profile, gpus: number): Readonly<Record<string, number>> {
    const key = `${profile.id}|${gpus}`;
    let t = this.throughputCache.get(key);
    if (!t) {
      const out: Record<string, number> = {};
      for (const m of this.cluster.models) out[m] = this.packedRate(profile, gpus, m);
      t = Object.freeze(out);
      this.throughputCache.set(key, t);
    }
    return t;
  }

  /**
   * Gavel's measurement of this job spread over servers, when it has one for the job's size on this
   * model and the network between the servers is no faster than Gavel's (of a faster one the
   * measurement says nothing). Gavel measured one GPU a server; a placement that spans servers
   * with several GPUs in some of them is counted as spread too (its all-reduce crosses the network).
   */
  private measuredSpread(profile: Profile, devices: readonly number[], model: string): number | undefined {
    const r = profile.measured?.get(spreadKey(model))?.get(devices.length);
    if (!(r !== undefined && r > 0)) return undefined;
    return this.spanGbps(devices) <= MEASURED_SPREAD_GBPS ? r : undefined;
  }

  /** Bandwidth of the slowest link between the nodes of a placement, Gbit/s. */
  private spanGbps(devices: readonly number[]): number {
    let oneRack = true;
    const rack = this.nodeRack[this.deviceNode[devices[0]!]!];
    let minIntra = Number.POSITIVE_INFINITY;
    for (const d of devices) {
      const node = this.deviceNode[d];
      if (this.nodeRack[node!] !== rack) oneRack = false;
      minIntra = Math.min(minIntra, this.nodeIntraBps[node!]!);
    }
    const bps = Math.min(oneRack ? this.netBps : Math.min(this.interRackBps, this.netBps), minIntra);
    return (bps * 8) / 1e9;
  }

  /** Seconds a step spends in gradient all-reduce beyond what a packed placement pays. */
  commPenaltySeconds(profile: Profile, devices: readonly number[]): number {
    const n = devices.length;
    if (n <= 1) return 0;
    const firstNode = this.deviceNode[devices[0]!];
    const firstRack = this.nodeRack[firstNode!];
    let oneNode = true;
    let oneRack = true;
    let minIntra = this.nodeIntraBps[firstNode!];
    for (let i = 1; i < n; i++) {
      const node = this.deviceNode[devices[i]!];
      if (node !== firstNode) {
        oneNode = false;
        if (this.nodeRack[node!] !== firstRack) oneRack = false;
      }
      const b = this.nodeIntraBps[node!];
      if (b! < minIntra!) minIntra = b;
    }
    if (oneNode) return 0;
    const span = oneRack ? Math.min(this.netBps, minIntra!) : Math.min(this.interRackBps, this.netBps, minIntra!);
    const spread = ringAllReduceSeconds(n, profile.gradientBytes, span, this.netLatency);
    const packed = ringAllReduceSeconds(n, profile.gradientBytes, minIntra!, this.intraLatency);
    return Math.max(0, spread - packed);
  }

  /** Where the last `rate` came from (what the simulator's story and report tell). */
  lastSource: RateSource = 'measured';
  /** Placements whose rate was Gavel's measurement of a job spread over servers. */
  measuredSpreadPlacements = 0;

  /** Steps/s of a job on exactly these devices. */
  rate(profile: Profile, devices: readonly number[]): number {
    let slowest = devices[0];
    for (let i = 1; i < devices.length; i++) if (this.deviceSpeed[devices[i]!]! < this.deviceSpeed[slowest!]!) slowest = devices[i];
    const n = devices.length;
    const model = this.cluster.devices[slowest!]!.model;
    const packed = this.packedRate(profile, n, model);
    this.lastSource = profile.measured?.get(model)?.get(n) !== undefined ? 'measured' : 'scaled';
    if (!(packed > 0)) return 0;
    const penalty = this.commPenaltySeconds(profile, devices);
    if (penalty === 0) return packed;
    const spread = this.measuredSpread(profile, devices, model);
    if (spread !== undefined) {
      this.lastSource = 'measured-spread';
      this.measuredSpreadPlacements++;
      return spread;
    }
    this.lastSource = 'network-model';
    // Gavel counts the steps of all n workers, so one synchronous iteration (one all-reduce) is
    // n of its steps; a trace job's step is one iteration.
    const perIteration = profile.measured ? n : 1;
    return perIteration / (perIteration / packed + penalty);
  }
}


/** Gavel measured 1, 2, 4 and 8 GPUs: other sizes scale the nearest smaller measurement linearly. */
function measuredRate(byGpus: Map<number, number> | undefined, gpus: number): number {
  if (!byGpus) return 0;
  const exact = byGpus.get(gpus);
  if (exact !== undefined) return exact;
  let best = 0;
  let bestRate = 0;
  for (const [g, r] of byGpus) {
    if (r > 0 && g <= gpus && g > best) {
      best = g;
      bestRate = r;
    }
  }
  return best > 0 ? (bestRate * gpus) / best : 0;
}
