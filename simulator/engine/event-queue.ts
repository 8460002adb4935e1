/**
 * The simulator's event queue: a binary min-heap over typed arrays, ordered by time and then by
 * insertion order, so that events due at the same instant pop in the order they were pushed and a
 * run is reproducible. An event is four numbers (time, kind, a, b); nothing is allocated per event.
 */
export class EventQueue {
  private times: Float64Array;
  private seqs: Float64Array;
  private kinds: Uint8Array;
  private as: Int32Array;
  private bs: Int32Array;
  /** heap[i] is a slot; slot arrays hold the event. */
  private heap: Int32Array;
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
    this.times = new Float64Array(n);
    this.seqs = new Float64Array(n);
    this.kinds = new Uint8Array(n);
    this.as = new Int32Array(n);
    this.bs = new Int32Array(n);
    this.heap = new Int32Array(n);
    this.freeSlots = new Int32Array(n);
  }

  get size(): number {
    return this.count;
  }

  /** Time of the next event, or Infinity when empty. */
  peekTime(): number {
    return this.count === 0 ? Infinity : this.times[this.heap[0]];
  }

  push(time: number, kind: number, a = 0, b = 0): void {
    if (!(time === time)) throw new RangeError('event time is NaN');
    let slot: number;
    if (this.freeCount > 0) slot = this.freeSlots[--this.freeCount];
    else {
      if (this.slotsUsed === this.times.length) this.grow();
      slot = this.slotsUsed++;
    }
    this.times[slot] = time;
    this.seqs[slot] = this.seq++;
    this.kinds[slot] = kind;
    this.as[slot] = a;
    this.bs[slot] = b;
    // Sift up with a hole instead of swaps.
    const heap = this.heap;
    const times = this.times;
    const seqs = this.seqs;
    const s = seqs[slot];
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      const pt = times[p];
      if (pt < time || (pt === time && seqs[p] < s)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = slot;
  }

  /** Removes the earliest event into time/kind/a/b; false when empty. */
  pop(): boolean {
    if (this.count === 0) return false;
    const heap = this.heap;
    const top = heap[0];
    this.time = this.times[top];
    this.kind = this.kinds[top];
    this.a = this.as[top];
    this.b = this.bs[top];
    this.freeSlots[this.freeCount++] = top;
    const n = --this.count;
    if (n > 0) {
      const last = heap[n];
      const times = this.times;
      const seqs = this.seqs;
      const lt = times[last];
      const ls = seqs[last];
      let i = 0;
      const half = n >> 1;
      while (i < half) {
        let c = 2 * i + 1;
        let cs = heap[c];
        let ct = times[cs];
        const r = c + 1;
        if (r < n) {
          const rs = heap[r];
          const rt = times[rs];
          if (rt < ct || (rt === ct && seqs[rs] < seqs[cs])) {
            c = r;
            cs = rs;
            ct = rt;
          }
        }
        if (lt < ct || (lt === ct && ls < seqs[cs])) break;
        heap[i] = cs;
        i = c;
      }
      heap[i] = last;
    }
    return true;
  }

  clear(): void {
    this.count = 0;
    this.freeCount = 0;
    this.slotsUsed = 0;
  }

  private grow(): void {
    const n = this.times.length * 2;
    const g = <T extends Float64Array | Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(n);
      next.set(old);
      return next;
    };
    this.times = g(this.times, (k) => new Float64Array(k));
    this.seqs = g(this.seqs, (k) => new Float64Array(k));
    this.kinds = g(this.kinds, (k) => new Uint8Array(k));
    this.as = g(this.as, (k) => new Int32Array(k));
    this.bs = g(this.bs, (k) => new Int32Array(k));
    this.heap = g(this.heap, (k) => new Int32Array(k));
    this.freeSlots = g(this.freeSlots, (k) => new Int32Array(k));
  }
}
