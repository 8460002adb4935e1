/**
 * The simulator's event queue: a binary min-heap over typed arrays, ordered by time and then by
 * insertion order, so that events due at the same instant pop in the order they were pushed and a
 * run is reproducible. An event is four numbers (time, kind, a, b); nothing is allocated per event.
 */
export class EventQueue {
  // The heap proper: keys (time, then insertion order) beside the slot that holds the payload, so
  // that comparisons read one contiguous array.
  private hTime: Float64Array;
  private hSeq: Float64Array;
  private hSlot: Int32Array;
  // Payloads by slot, read only when an event is popped.
  private kinds: Uint8Array;
  private as: Int32Array;
  private bs: Int32Array;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private slotsUsed = 0;
  private count = 0;
  private seq = 0;

  /** The event last popped. */
  time = 0;
  kind = 0;
  a = 0;
  b = 0;

  constructor(capacity = 1024) {
    const n = Math.max(16, capacity);
    this.hTime = new Float64Array(n);
    this.hSeq = new Float64Array(n);
    this.hSlot = new Int32Array(n);
    this.kinds = new Uint8Array(n);
    this.as = new Int32Array(n);
    this.bs = new Int32Array(n);
    this.freeSlots = new Int32Array(n);
  }

  get size(): number {
    return this.count;
  }

  /** Time of the next event, or Infinity when empty. */
  peekTime(): number {
    return this.count === 0 ? Infinity : this.hTime[0]!;
  }

  push(time: number, kind: number, a = 0, b = 0): void {
    // eslint-disable-next-line no-self-compare -- the NaN test without a call, on the simulator's hottest path
    if (!(time === time)) throw new RangeError('event time is NaN');
    if (this.count === this.hTime.length) this.grow();
    const slot = this.freeCount > 0 ? this.freeSlots[--this.freeCount] : this.slotsUsed++;
    this.kinds[slot!] = kind;
    this.as[slot!] = a;
    this.bs[slot!] = b;
    const s = this.seq++;
    // Sift up with a hole instead of swaps.
    const hTime = this.hTime;
    const hSeq = this.hSeq;
    const hSlot = this.hSlot;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = hTime[parent];
      if (pt! < time || (pt === time && hSeq[parent]! < s)) break;
      hTime[i] = pt!;
      hSeq[i] = hSeq[parent]!;
      hSlot[i] = hSlot[parent]!;
      i = parent;
    }
    hTime[i] = time;
    hSeq[i] = s;
    hSlot[i] = slot!;
  }

  /** Removes the earliest event into time/kind/a/b; false when empty. */
  pop(): boolean {
    if (this.count === 0) return false;
    const hTime = this.hTime;
    const hSeq = this.hSeq;
    const hSlot = this.hSlot;
    const top = hSlot[0];
    this.time = hTime[0]!;
    this.kind = this.kinds[top!]!;
    this.a = this.as[top!]!;
    this.b = this.bs[top!]!;
    this.freeSlots[this.freeCount++] = top!;
    const n = --this.count;
    if (n > 0) {
      const lt = hTime[n];
      const ls = hSeq[n];
      const lslot = hSlot[n];
      let i = 0;
      const half = n >> 1;
      while (i < half) {
        let c = 2 * i + 1;
        let ct = hTime[c];
        const r = c + 1;
        if (r < n) {
          const rt = hTime[r];
          if (rt! < ct! || (rt === ct && hSeq[r]! < hSeq[c]!)) {
            c = r;
            ct = rt;
          }
        }
        if (lt! < ct! || (lt === ct && ls! < hSeq[c]!)) break;
        hTime[i] = ct!;
        hSeq[i] = hSeq[c]!;
        hSlot[i] = hSlot[c]!;
        i = c;
      }
      hTime[i] = lt!;
      hSeq[i] = ls!;
      hSlot[i] = lslot!;
    }
    return true;
  }

  clear(): void {
    this.count = 0;
    this.freeCount = 0;
    this.slotsUsed = 0;
  }

  private grow(): void {
    const n = this.hTime.length * 2;
    const g = <T extends Float64Array | Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(n);
      next.set(old);
      return next;
    };
    this.hTime = g(this.hTime, (k) => new Float64Array(k));
    this.hSeq = g(this.hSeq, (k) => new Float64Array(k));
    this.hSlot = g(this.hSlot, (k) => new Int32Array(k));
    this.kinds = g(this.kinds, (k) => new Uint8Array(k));
    this.as = g(this.as, (k) => new Int32Array(k));
    this.bs = g(this.bs, (k) => new Int32Array(k));
    this.freeSlots = g(this.freeSlots, (k) => new Int32Array(k));
  }
}
