/**
 * A job's metric samples kept in bounded memory however long it runs: the newest `recent` samples at
 * full resolution, and everything older thinned to at most `older` samples spread over the whole run
 * (every other one dropped when full, so the spacing doubles). The full series lives on disk.
 */
export interface Thinnable {
  at: number;
}

export class DownsampledSeries<T extends Thinnable> {
  /** Older samples with their position in the run, every `stride`-th one kept. */
  private older: { i: number; s: T }[] = [];
  private recent: T[] = [];
  private left = 0;
  private stride = 1;
  /** Bumped when samples already handed out were dropped: a reader must take the list afresh. */
  generation = 0;

  constructor(
    private readonly olderCap = 1500,
    private readonly recentCap = 500,
  ) {}

  add(sample: T): void {
    this.recent.push(sample);
    if (this.recent.length <= this.recentCap) return;
    const s = this.recent.shift()!;
    const i = this.left++;
    if (i % this.stride !== 0) return;
    this.older.push({ i, s });
    if (this.older.length > this.olderCap) {
      this.stride *= 2;
      this.older = this.older.filter((o) => o.i % this.stride === 0);
      this.generation++;
    }
  }

  /** Oldest first: the thinned history, then the recent samples. */
  all(): T[] {
    return this.older.length ? [...this.older.map((o) => o.s), ...this.recent] : [...this.recent];
  }

  get size(): number {
    return this.older.length + this.recent.length;
  }
}
