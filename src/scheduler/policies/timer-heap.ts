/** Jobs (or entries naming them) by a time at which something about them changes, earliest first (a binary min-heap). */
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
    const n = t.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const c = l + 1 < n && t[l + 1]! < t[l]! ? l + 1 : l;
        if (t[c]! >= lastT) break;
        t[i] = t[c]!;
        j[i] = j[c]!;
        i = c;
      }
      t[i] = lastT;
      j[i] = lastJ;
    }
    return top;
  }
}
