/**
 * Jobs (or entries naming them) by a time at which something about them changes, earliest first (a
 * binary min-heap). The times and items can also be read by position, top down, and a time set
 * where it is and sunk: RunningTail keeps its bounds (negated) in one this way.
 */
import type { JobView } from '../api';

export class TimerHeap<T = JobView> {
  private times: number[] = [];
  private jobs: T[] = [];

  get size(): number {
    return this.times.length;
  }

  peekTime(): number {
    return this.times.length ? this.times[0]! : Number.POSITIVE_INFINITY;
  }

  clear(): void {
    this.times = [];
    this.jobs = [];
  }

  push(time: number, job: T): void {
    const t = this.times;
    const j = this.jobs;
    let i = t.length;
    t.push(time);
    j.push(job);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (t[p]! <= time) break;
      t[i] = t[p]!;
      j[i] = j[p]!;
      i = p;
    }
    t[i] = time;
    j[i] = job;
  }

  /** Removes and returns the earliest job (the heap must not be empty). */
  pop(): T {
    const t = this.times;
    const j = this.jobs;
    const top = j[0]!;
    const lastT = t.pop() as number;
    const lastJ = j.pop() as T;
    if (t.length > 0) {
      t[0] = lastT;
      j[0] = lastJ;
      this.sink(0);
    }
    return top;
  }

  /** The time at position `i` (0 is the earliest; the children of i are at 2i+1 and 2i+2). */
  timeAt(i: number): number {
    return this.times[i]!;
  }

  /** The job at position `i`. */
  itemAt(i: number): T {
    return this.jobs[i]!;
  }

  /** Sets the time at position `i`, no earlier than it was; sink(i) then puts it in its place. */
  setTime(i: number, time: number): void {
    this.times[i] = time;
  }

  /** Moves the entry at position `i` down below any earlier ones. */
  sink(i: number): void {
    const t = this.times;
    const j = this.jobs;
    const n = t.length;
    const time = t[i]!;
    const job = j[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const c = l + 1 < n && t[l + 1]! < t[l]! ? l + 1 : l;
      if (t[c]! >= time) break;
      t[i] = t[c]!;
      j[i] = j[c]!;
      i = c;
    }
    t[i] = time;
    j[i] = job;
  }
}
