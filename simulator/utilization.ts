/**
 * Busy and available devices integrated over time: the run's utilisation, and a series of at most
 * `maxPoints` window averages whose window doubles as the run grows (so its length is bounded
 * without knowing the makespan in advance).
 */
export class UtilizationMeter {
  busyIntegral: number;
  availableIntegral: number;
  private last: number;
  private step: number;
  private busySums: number[] = [];
  private availSums: number[] = [];

  constructor(
    private busy: number,
    private available: number,
    private readonly maxPoints = 400,
    initialStep = 60,
  ) {
    this.step = initialStep;
    // Held as floating-point fields from the start (NaN first, then zero): integrals of whole seconds outgrow
    // a small integer within a run, and a field that starts as one changes the meter's layout when
    // it does, which throws away the compiled code of every method that reads the meter (the
    // simulation's own step, dispatch and round among them), twice a run.
    this.busyIntegral = Number.NaN;
    this.busyIntegral = 0;
    this.availableIntegral = Number.NaN;
    this.availableIntegral = 0;
    this.last = Number.NaN;
    this.last = 0;
  }

  /** Accounts for [last, t) at the current levels. */
  advance(t: number): void {
    if (t <= this.last) return;
    const b = this.busy;
    const a = this.available;
    this.busyIntegral += b * (t - this.last);
    this.availableIntegral += a * (t - this.last);
    let from = this.last;
    while (from < t) {
      let k = Math.floor(from / this.step);
      while (k >= this.maxPoints) {
        this.coarsen();
        k = Math.floor(from / this.step);
      }
      const to = Math.min(t, (k + 1) * this.step);
      while (this.busySums.length <= k) {
        this.busySums.push(0);
        this.availSums.push(0);
      }
      this.busySums[k]! += b * (to - from);
      this.availSums[k]! += a * (to - from);
      from = to;
    }
    this.last = t;
  }

  set(busy: number, available: number): void {
    this.busy = busy;
    this.available = available;
  }

  private coarsen(): void {
    const b: number[] = [];
    const a: number[] = [];
    for (let i = 0; i < this.busySums.length; i += 2) {
      b.push(this.busySums[i]! + (this.busySums[i + 1] ?? 0));
      a.push(this.availSums[i]! + (this.availSums[i + 1] ?? 0));
    }
    this.busySums = b;
    this.availSums = a;
    this.step *= 2;
  }

  /** Window averages up to `end` (the last window may be partial). */
  series(end: number, round: (x: number) => number): { stepSeconds: number; busy: number[]; available: number[] } {
    const busy: number[] = [];
    const available: number[] = [];
    for (let k = 0; k < this.busySums.length; k++) {
      const width = Math.min(this.step, Math.max(0, end - k * this.step));
      if (width <= 0) break;
      busy.push(round(this.busySums[k]! / width));
      available.push(round(this.availSums[k]! / width));
    }
    return { stepSeconds: this.step, busy, available };
  }
}
