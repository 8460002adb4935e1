/**
 * ClusterState: the one mutable record of which job holds which device, and of node states.
 *
 * Drivers (the simulator, the job manager) own one and change it only through `release` and
 * `setNodeState`; placements and preemptions are applied by the Scheduler (see scheduler.ts), so
 * that a device given twice is caught in one place. Policies see it through the read-only
 * ClusterView interface.
 *
 * Queries are O(1) or O(nodes visited): free counts are kept per device class (model + memory),
 * per model and per node, and ready nodes sit in buckets by their free count so best-fit and
 * largest-block searches do not scan the cluster.
 */
import { nodesOfShape, type ClusterShape, type NetworkSpec } from '../core/cluster-spec';
import type { NodeInfo, NodeState } from '../core/device';
import type { ClusterView, DeviceFilter, DeviceView, NodeView } from './api';

export type NetworkInfo = Pick<NetworkSpec, 'bandwidthGbps' | 'latencyUs'> & Partial<Pick<NetworkSpec, 'interRackBandwidthGbps'>>;

/** A driver asked for something impossible (a bug in the driver, not in a policy). */
export class ClusterStateError extends Error {
  override readonly name = 'ClusterStateError';
}

class NodeRecord implements NodeView {
  constructor(
    readonly id: number,
    readonly name: string,
    readonly rack: string | undefined,
    readonly devices: readonly number[],
    public state: NodeState,
    readonly cpus: number,
    readonly memoryGiB: number,
    readonly intraLinkGbps: number,
    readonly islands: readonly (readonly number[])[] | undefined,
  ) {}
}

interface DeviceClass {
  readonly model: string;
  readonly memoryGiB: number;
}

type JournalEntry = { readonly kind: 'allocate' | 'release'; readonly job: string; readonly devices: readonly number[] };

const EMPTY: readonly number[] = Object.freeze([]);

export class ClusterState implements ClusterView {
  readonly nodes: readonly NodeView[];
  readonly devices: readonly DeviceView[];
  readonly models: readonly string[];
  readonly networkGbps: number;
  readonly networkLatencyUs: number;
  readonly interRackGbps: number | undefined;

  private readonly nodeRecords: NodeRecord[];
  private readonly nodeIndex = new Map<string, number>();
  private readonly devNode: Int32Array;
  private readonly devSlot: Int32Array;
  private readonly owner: (string | undefined)[];
  private readonly nodeReady: Uint8Array;
  // A slot is the devices of one class on one node (usually the whole node).
  private readonly slotNode: Int32Array;
  private readonly slotClass: Int32Array;
  private readonly slotFree: Int32Array;
  private readonly slotPos: Int32Array;
  private readonly slotDevices: number[][];
  /**
   * Free devices as bits, 32 a word, each slot's from word slotWord[slot], bit i for its i-th device:
   * a node of thousands of devices yields its lowest free ones without visiting the held ones.
   */
  private readonly freeBits: Int32Array;
  private readonly slotWord: Int32Array;
  /** A device's index in its slot's device list. */
  private readonly devPos: Int32Array;
  private readonly nodeSlots: number[][];
  private readonly classes: DeviceClass[] = [];
  private readonly classMax: number[] = [];
  /** buckets[class][k]: slots on ready nodes with exactly k free devices. */
  private readonly buckets: number[][][] = [];
  /** classSlots[class]: every slot of the class, ready or not. */
  private readonly classSlots: number[][] = [];
  private readonly classFree: Int32Array;
  private readonly classModel: Int32Array;
  private readonly modelFree: Int32Array;
  /** Devices of each model that jobs hold, on any node (time-sharing policies count capacity with it). */
  private readonly modelHeld: Int32Array;
  private readonly modelIndex = new Map<string, number>();
  private totalFree = 0;
  private readonly mixedNodes: boolean;
  private readonly jobs = new Map<string, readonly number[]>();
  private readonly nodeFreeCache: (readonly number[] | undefined)[];
  private readonly matchCache = new Map<string, readonly number[]>();
  private readonly matchByObject = new WeakMap<DeviceFilter, readonly number[]>();
  private allClasses: readonly number[] = [];
  private journal: JournalEntry[] | undefined;

  static fromShape(shape: ClusterShape): ClusterState {
    return new ClusterState(nodesOfShape(shape), shape.network);
  }

  constructor(nodes: readonly NodeInfo[], network: NetworkInfo) {
    this.networkGbps = network.bandwidthGbps;
    this.networkLatencyUs = network.latencyUs;
    this.interRackGbps = network.interRackBandwidthGbps;
    const devices: DeviceView[] = [];
    const nodeRecords: NodeRecord[] = [];
    const classIndex = new Map<string, number>();
    const slotNode: number[] = [];
    const slotClass: number[] = [];
    const devSlot: number[] = [];
    const devNode: number[] = [];
    this.slotDevices = [];
    this.nodeSlots = [];
    let mixed = false;
    for (const info of nodes) {
      const nodeId = nodeRecords.length;
      if (this.nodeIndex.has(info.name)) throw new ClusterStateError(`node "${info.name}" is listed twice`);
      this.nodeIndex.set(info.name, nodeId);
      const ids: number[] = [];
      const slotOfClass = new Map<number, number>();
      const byLocalIndex = new Map<number, number>();
      for (const d of info.devices) {
        const id = devices.length;
        devices.push(Object.freeze({ id, node: nodeId, index: d.index, model: d.model, memoryGiB: d.memoryGiB }));
        ids.push(id);
        byLocalIndex.set(d.index, id);
        const key = `${d.model}@${d.memoryGiB}`;
        let c = classIndex.get(key);
        if (c === undefined) {
          c = this.classes.length;
          classIndex.set(key, c);
          this.classes.push({ model: d.model, memoryGiB: d.memoryGiB });
          this.classMax.push(0);
          if (!this.modelIndex.has(d.model)) this.modelIndex.set(d.model, this.modelIndex.size);
        }
        let slot = slotOfClass.get(c);
        if (slot === undefined) {
          slot = slotNode.length;
          slotOfClass.set(c, slot);
          slotNode.push(nodeId);
          slotClass.push(c);
          this.slotDevices.push([]);
        }
        this.slotDevices[slot]!.push(id);
        this.classMax[c] = Math.max(this.classMax[c]!, this.slotDevices[slot]!.length);
        devSlot.push(slot);
        devNode.push(nodeId);
      }
      if (slotOfClass.size > 1) mixed = true;
      this.nodeSlots.push([...slotOfClass.values()]);
      const islands = info.islands?.map((island) =>
        island.map((local) => {
          const g = byLocalIndex.get(local);
          if (g === undefined) throw new ClusterStateError(`node "${info.name}": island names device index ${local}, which the node lacks`);
          return g;
        }),
      );
      nodeRecords.push(
        new NodeRecord(nodeId, info.name, info.rack, Object.freeze(ids), info.state ?? 'ready', info.cpus, info.memoryGiB, info.intraLinkGbps ?? 2400, islands),
      );
    }
    this.mixedNodes = mixed;
    this.nodeRecords = nodeRecords;
    this.nodes = nodeRecords;
    this.devices = devices;
    this.models = [...this.modelIndex.keys()];
    this.devNode = Int32Array.from(devNode);
    this.devSlot = Int32Array.from(devSlot);
    this.owner = new Array<string | undefined>(devices.length).fill(undefined);
    this.nodeReady = new Uint8Array(nodeRecords.length);
    this.nodeFreeCache = new Array<readonly number[] | undefined>(nodeRecords.length).fill(undefined);
    this.slotNode = Int32Array.from(slotNode);
    this.slotClass = Int32Array.from(slotClass);
    this.slotFree = new Int32Array(slotNode.length);
    this.slotPos = new Int32Array(slotNode.length).fill(-1);
    this.devPos = new Int32Array(devSlot.length);
    this.slotWord = new Int32Array(slotNode.length);
    let words = 0;
    this.slotDevices.forEach((devs, s) => {
      this.slotWord[s] = words;
      words += (devs.length + 31) >>> 5;
      devs.forEach((d, i) => (this.devPos[d] = i));
    });
    this.freeBits = new Int32Array(words);
    for (let d = 0; d < devSlot.length; d++) this.setFreeBit(d, true);
    this.classFree = new Int32Array(this.classes.length);
    this.allClasses = this.classes.map((_, c) => c);
    this.classModel = Int32Array.from(this.classes.map((c) => this.modelIndex.get(c.model) ?? 0));
    this.modelFree = new Int32Array(this.modelIndex.size);
    this.modelHeld = new Int32Array(this.modelIndex.size);
    for (let c = 0; c < this.classes.length; c++) this.classSlots.push([]);
    for (let s = 0; s < slotNode.length; s++) this.classSlots[slotClass[s]!]!.push(s);
    for (let c = 0; c < this.classes.length; c++) {
      const b: number[][] = [];
      for (let k = 0; k <= this.classMax[c]!; k++) b.push([]);
      this.buckets.push(b);
    }
    for (let s = 0; s < this.slotFree.length; s++) this.slotFree[s] = this.slotDevices[s]!.length;
    for (const n of nodeRecords) if (n.state === 'ready') this.setReady(n.id, true);
  }

  // ---- ClusterView ----

  isFree(device: number): boolean {
    return this.owner[device] === undefined && this.nodeReady[this.devNode[device]!] === 1;
  }

  jobOn(device: number): string | undefined {
    return this.owner[device];
  }

  devicesOf(job: string): readonly number[] {
    return this.jobs.get(job) ?? EMPTY;
  }

  freeDevicesOn(node: number, filter?: DeviceFilter, limit?: number): readonly number[] {
    if (this.nodeReady[node] !== 1) return EMPTY;
    if (limit !== undefined) {
      const out: number[] = [];
      for (const s of this.nodeSlots[node]!) {
        if (filter && !this.classMatches(this.slotClass[s]!, filter)) continue;
        const devs = this.slotDevices[s];
        for (let i = 0; i < devs!.length && out.length < limit; i++) if (this.owner[devs![i]!] === undefined) out.push(devs![i]!);
      }
      return out;
    }
    if (!filter || (filter.model === undefined && filter.minMemoryGiB === undefined)) {
      let cached = this.nodeFreeCache[node];
      if (!cached) {
        cached = Object.freeze(this.nodeRecords[node]!.devices.filter((d) => this.owner[d] === undefined));
        this.nodeFreeCache[node] = cached;
      }
      return cached;
    }
    const out: number[] = [];
    for (const s of this.nodeSlots[node]!) {
      if (!this.classMatches(this.slotClass[s]!, filter)) continue;
      for (const d of this.slotDevices[s]!) if (this.owner[d] === undefined) out.push(d);
    }
    return out;
  }

  /** Appends the first `n` free matching devices of a node to `out` (placement's allocation-free path). */
  appendFree(node: number, filter: DeviceFilter | undefined, n: number, out: number[]): void {
    if (this.nodeReady[node] !== 1) return;
    let left = n;
    for (const s of this.nodeSlots[node]!) {
      if (filter && !this.classMatches(this.slotClass[s]!, filter)) continue;
      const devs = this.slotDevices[s];
      const bits = this.freeBits;
      const end = this.slotWord[s]! + ((devs!.length + 31) >>> 5);
      for (let w = this.slotWord[s], base = 0; w! < end && left > 0; w!++, base += 32) {
        let word = bits[w!];
        while (word !== 0 && left > 0) {
          const low = word! & -word!;
          out.push(devs![base + 31 - Math.clz32(low)]!);
          word! ^= low;
          left--;
        }
      }
      if (left === 0) return;
    }
  }

  freeCountOn(node: number, filter?: DeviceFilter): number {
    if (this.nodeReady[node] !== 1) return 0;
    let n = 0;
    for (const s of this.nodeSlots[node]!) if (!filter || this.classMatches(this.slotClass[s]!, filter)) n += this.slotFree[s]!;
    return n;
  }

  freeCount(model?: string): number {
    if (model === undefined) return this.totalFree;
    const m = this.modelIndex.get(model);
    return m === undefined ? 0 : this.modelFree[m]!;
  }

  heldCount(model: string): number {
    const m = this.modelIndex.get(model);
    return m === undefined ? 0 : this.modelHeld[m]!;
  }

  freeMatching(filter?: DeviceFilter): number {
    if (!filter || filter.minMemoryGiB === undefined) return this.freeCount(filter?.model);
    let n = 0;
    for (const c of this.matchingClasses(filter)) n += this.classFree[c]!;
    return n;
  }

  forEachNodeByFree(filter: DeviceFilter | undefined, min: number, order: 'asc' | 'desc', visit: (node: number, free: number) => boolean | void): void {
    const cls = this.matchingClasses(filter);
    const lo = Math.max(1, Math.ceil(min));
    if (this.mixedNodes && cls.length > 1) {
      // A node may hold several matching classes: count per node (rare layouts only).
      const found: { node: number; free: number }[] = [];
      for (let n = 0; n < this.nodeRecords.length; n++) {
        const free = this.freeCountOn(n, filter);
        if (free >= lo) found.push({ node: n, free });
      }
      found.sort((a, b) => (order === 'asc' ? a.free - b.free : b.free - a.free) || a.node - b.node);
      for (const f of found) if (visit(f.node, f.free) === true) return;
      return;
    }
    let hi = 0;
    let slots = 0;
    for (const c of cls) {
      hi = Math.max(hi, this.classMax[c]!);
      slots += this.classSlots[c]!.length;
    }
    // Few nodes with many devices each (a pool of thousands of devices on one node): most buckets
    // are empty, so the nodes are sorted instead, in the very order the buckets would give.
    if ((hi - lo + 1) * cls.length > 4 * slots) {
      this.visitSorted(cls, lo, order, visit);
      return;
    }
    if (order === 'asc') {
      for (let k = lo; k <= hi; k++) {
        for (const c of cls) {
          if (k > this.classMax[c]!) continue;
          const bucket = this.buckets[c]![k];
          for (let i = 0; i < bucket!.length; i++) if (visit(this.slotNode[bucket![i]!]!, k) === true) return;
        }
      }
    } else {
      for (let k = hi; k >= lo; k--) {
        for (const c of cls) {
          if (k > this.classMax[c]!) continue;
          const bucket = this.buckets[c]![k];
          for (let i = 0; i < bucket!.length; i++) if (visit(this.slotNode[bucket![i]!]!, k) === true) return;
        }
      }
    }
  }

  /** forEachNodeByFree by sorting the slots: by free count, then by place in their bucket. */
  private visitSorted(cls: readonly number[], lo: number, order: 'asc' | 'desc', visit: (node: number, free: number) => boolean | void): void {
    const found: number[] = [];
    for (const c of cls) for (const s of this.classSlots[c]!) if (this.slotPos[s]! >= 0 && this.slotFree[s]! >= lo) found.push(s);
    const free = this.slotFree;
    const pos = this.slotPos;
    const sign = order === 'asc' ? 1 : -1;
    // Equal counts of several classes: the buckets are visited class by class, in `cls` order.
    const rank = (s: number): number => (cls.length === 1 ? 0 : cls.indexOf(this.slotClass[s]!));
    found.sort((a, b) => sign * (free[a]! - free[b]!) || rank(a) - rank(b) || pos[a]! - pos[b]!);
    for (const s of found) if (visit(this.slotNode[s]!, free[s]!) === true) return;
  }

  // ---- queries for drivers ----

  get totalDevices(): number {
    return this.devices.length;
  }

  /** Devices on ready nodes (free or held). */
  get readyDevices(): number {
    let n = 0;
    for (let i = 0; i < this.nodeRecords.length; i++) if (this.nodeReady[i]) n += this.nodeRecords[i]!.devices.length;
    return n;
  }

  nodeByName(name: string): number | undefined {
    return this.nodeIndex.get(name);
  }

  /** Jobs holding devices, with their devices. */
  allocations(): ReadonlyMap<string, readonly number[]> {
    return this.jobs;
  }

  /** Jobs with a device on a node (what a node failure takes down). */
  jobsOnNode(node: number): string[] {
    const out = new Set<string>();
    for (const d of this.nodeRecords[node]!.devices) {
      const j = this.owner[d];
      if (j !== undefined) out.add(j);
    }
    return [...out];
  }

  /** Largest matching free block on one node: what an explanation quotes. */
  largestFreeBlock(filter?: DeviceFilter): { node: number; free: number } | undefined {
    let best: { node: number; free: number } | undefined;
    this.forEachNodeByFree(filter, 1, 'desc', (node, free) => {
      best = { node, free };
      return true;
    });
    return best;
  }

  // ---- changes (drivers and the Scheduler) ----

  /** Gives devices to a job. Throws ClusterStateError, changing nothing, when any is not free. */
  allocate(job: string, devices: readonly number[]): void {
    if (this.jobs.has(job)) throw new ClusterStateError(`job "${job}" already holds devices`);
    const seen = new Set<number>();
    for (const d of devices) {
      if (!Number.isInteger(d) || d < 0 || d >= this.devices.length) throw new ClusterStateError(`job "${job}": no device ${d}`);
      if (seen.has(d)) throw new ClusterStateError(`job "${job}": device ${d} given twice`);
      seen.add(d);
      const holder = this.owner[d];
      if (holder !== undefined) throw new ClusterStateError(`job "${job}": device ${d} is held by job "${holder}"`);
      if (this.nodeReady[this.devNode[d]!] !== 1) throw new ClusterStateError(`job "${job}": device ${d} is on node "${this.nodeRecords[this.devNode[d]!]!.name}", which is ${this.nodeRecords[this.devNode[d]!]!.state}`);
    }
    const copy = Object.freeze(devices.slice());
    this.journal?.push({ kind: 'allocate', job, devices: copy });
    this.assign(job, copy);
  }

  /**
   * allocate() without its checks, for the Scheduler after validate.ts has passed the same
   * devices. `devices` must be a frozen array the caller no longer changes.
   */
  allocateChecked(job: string, devices: readonly number[]): void {
    this.journal?.push({ kind: 'allocate', job, devices });
    this.assign(job, devices);
  }

  /** Frees a job's devices; returns them (empty when it held none). */
  release(job: string): readonly number[] {
    const devices = this.jobs.get(job);
    if (!devices) return EMPTY;
    this.journal?.push({ kind: 'release', job, devices });
    this.unassign(job, devices);
    return devices;
  }

  /** Changes a node's state; only ready nodes offer free devices. Jobs on it keep their devices until released. */
  setNodeState(node: number | string, state: NodeState): void {
    const id = typeof node === 'string' ? this.nodeIndex.get(node) : node;
    if (id === undefined || id < 0 || id >= this.nodeRecords.length) throw new ClusterStateError(`no node ${String(node)}`);
    const rec = this.nodeRecords[id];
    const wasReady = rec!.state === 'ready';
    rec!.state = state;
    if (wasReady !== (state === 'ready')) this.setReady(id, state === 'ready');
  }

  // ---- tentative changes within a round (used by the Scheduler) ----

  /** Starts recording allocations and releases so that they can be undone. */
  beginTentative(): void {
    this.journal = [];
  }

  /**
   * Undoes everything since beginTentative, newest first. Entries are journaled before each change
   * and undone from the device owners alone, then the indexes are rebuilt: correct even when a
   * policy was stopped (time budget) in the middle of a change.
   */
  rollbackTentative(): void {
    const j = this.journal;
    this.journal = undefined;
    if (!j || j.length === 0) return;
    for (let i = j.length - 1; i >= 0; i--) {
      const e = j[i];
      if (e!.kind === 'allocate') {
        for (const d of e!.devices) if (this.owner[d] === e!.job) this.owner[d] = undefined;
        this.jobs.delete(e!.job);
      } else {
        for (const d of e!.devices) this.owner[d] = e!.job;
        this.jobs.set(e!.job, e!.devices);
      }
    }
    this.rebuildIndexes();
  }

  endTentative(): void {
    this.journal = undefined;
  }

  // ---- internals ----

  /** Recomputes every count and bucket from the device owners and node states. */
  private rebuildIndexes(): void {
    for (const b of this.buckets) for (const k of b) k.length = 0;
    this.slotPos.fill(-1);
    for (let d = 0; d < this.owner.length; d++) this.setFreeBit(d, this.owner[d] === undefined);
    this.classFree.fill(0);
    this.modelFree.fill(0);
    this.modelHeld.fill(0);
    for (let d = 0; d < this.owner.length; d++) if (this.owner[d] !== undefined) this.modelHeld[this.classModel[this.slotClass[this.devSlot[d]!]!]!]!++;
    this.totalFree = 0;
    for (let s = 0; s < this.slotFree.length; s++) {
      let free = 0;
      for (const d of this.slotDevices[s]!) if (this.owner[d] === undefined) free++;
      this.slotFree[s] = free;
      if (this.nodeReady[this.slotNode[s]!] === 1) {
        const c = this.slotClass[s];
        this.classFree[c!]! += free;
        this.modelFree[this.classModel[c!]!]! += free;
        this.totalFree += free;
        this.bucketAdd(s);
      }
    }
    this.nodeFreeCache.fill(undefined);
  }

  private assign(job: string, devices: readonly number[]): void {
    for (const d of devices) {
      this.owner[d] = job;
      this.setFreeBit(d, false);
      const s = this.devSlot[d];
      this.modelHeld[this.classModel[this.slotClass[s!]!]!]!++;
      this.setSlotFree(s!, this.slotFree[s!]! - 1);
      this.nodeFreeCache[this.devNode[d]!] = undefined;
    }
    this.jobs.set(job, devices);
  }

  private unassign(job: string, devices: readonly number[]): void {
    for (const d of devices) {
      this.owner[d] = undefined;
      this.setFreeBit(d, true);
      const s = this.devSlot[d];
      this.modelHeld[this.classModel[this.slotClass[s!]!]!]!--;
      this.setSlotFree(s!, this.slotFree[s!]! + 1);
      this.nodeFreeCache[this.devNode[d]!] = undefined;
    }
    this.jobs.delete(job);
  }

  private setFreeBit(device: number, free: boolean): void {
    const i = this.devPos[device];
    const w = this.slotWord[this.devSlot[device]!]! + (i! >>> 5);
    if (free) this.freeBits[w]! |= 1 << (i! & 31);
    else this.freeBits[w]! &= ~(1 << (i! & 31));
  }

  private setSlotFree(slot: number, k: number): void {
    const node = this.slotNode[slot];
    const ready = this.nodeReady[node!] === 1;
    if (ready) {
      this.bucketRemove(slot);
      const delta = k - this.slotFree[slot]!;
      const c = this.slotClass[slot];
      this.classFree[c!]! += delta;
      this.modelFree[this.classModel[c!]!]! += delta;
      this.totalFree += delta;
    }
    this.slotFree[slot] = k;
    if (ready) this.bucketAdd(slot);
  }

  private setReady(node: number, ready: boolean): void {
    if ((this.nodeReady[node] === 1) === ready) return;
    const sign = ready ? 1 : -1;
    if (!ready) for (const s of this.nodeSlots[node]!) this.bucketRemove(s);
    this.nodeReady[node] = ready ? 1 : 0;
    for (const s of this.nodeSlots[node]!) {
      const c = this.slotClass[s];
      const k = this.slotFree[s];
      this.classFree[c!]! += sign * k!;
      this.modelFree[this.classModel[c!]!]! += sign * k!;
      this.totalFree += sign * k!;
      if (ready) this.bucketAdd(s);
    }
    this.nodeFreeCache[node] = undefined;
  }

  private bucketAdd(slot: number): void {
    const k = this.slotFree[slot];
    if (k! <= 0) return;
    const bucket = this.buckets[this.slotClass[slot]!]![k!];
    this.slotPos[slot] = bucket!.length;
    bucket!.push(slot);
  }

  private bucketRemove(slot: number): void {
    const pos = this.slotPos[slot];
    if (pos! < 0) return;
    const bucket = this.buckets[this.slotClass[slot]!]![this.slotFree[slot]!];
    const last = bucket!.pop() as number;
    if (last !== slot) {
      bucket![pos!] = last;
      this.slotPos[last] = pos!;
    }
    this.slotPos[slot] = -1;
  }

  private classMatches(c: number, filter: DeviceFilter): boolean {
    const cls = this.classes[c];
    return (filter.model === undefined || cls!.model === filter.model) && (filter.minMemoryGiB === undefined || cls!.memoryGiB >= filter.minMemoryGiB);
  }

  private matchingClasses(filter: DeviceFilter | undefined): readonly number[] {
    if (!filter) return this.allClasses;
    // Filters are usually shared objects (explain.ts deviceFilter): look them up by identity first.
    const known = this.matchByObject.get(filter);
    if (known) return known;
    const key = `${filter.model ?? ''}|${filter.minMemoryGiB ?? ''}`;
    let cls = this.matchCache.get(key);
    if (!cls) {
      cls = [];
      for (let c = 0; c < this.classes.length; c++) if (this.classMatches(c, filter)) (cls as number[]).push(c);
      this.matchCache.set(key, cls);
    }
    this.matchByObject.set(filter, cls);
    return cls;
  }
}
