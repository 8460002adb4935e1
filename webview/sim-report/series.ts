/** Turns a run's job columns into the series the report draws. Pure functions, no DOM. */
import type { JobColumns, PolicyRun, Segments } from '../../src/protocol/sim-report';

/** Job completion times (end − arrival) of finished jobs, sorted ascending. */
export function sortedJcts(jobs: JobColumns): Float64Array {
  const out = new Float64Array(jobs.id.length);
  let n = 0;
  for (let i = 0; i < jobs.id.length; i++) {
    const e = jobs.end[i];
    if (e !== null) out[n++] = Math.max(0, e! - jobs.arrival[i]!);
  }
  return out.subarray(0, n).sort();
}

/** The empirical CDF at `points` quantiles: [jct values, fractions]. */
export function cdfPoints(sorted: Float64Array, totalJobs: number, points = 400): [number[], number[]] {
  const xs: number[] = [];
  const ys: number[] = [];
  const n = sorted.length;
  if (n === 0) return [xs, ys];
  const step = Math.max(1, Math.floor(n / points));
  for (let i = 0; i < n; i += step) {
    xs.push(Math.max(sorted[i]!, 1e-3));
    ys.push((i + 1) / totalJobs);
  }
  if (xs[xs.length - 1] !== sorted[n - 1]) {
    xs.push(Math.max(sorted[n - 1]!, 1e-3));
    ys.push(n / totalJobs);
  }
  return [xs, ys];
}

/** Utilisation (busy / available) averaged into at most `points` buckets: [hours, fraction]. */
export function utilizationPoints(run: PolicyRun, points = 1500): [number[], number[]] {
  const { stepSeconds, busy, available } = run.summary.utilizationSeries;
  const per = Math.max(1, Math.ceil(busy.length / points));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < busy.length; i += per) {
    let b = 0;
    let a = 0;
    for (let k = i; k < Math.min(busy.length, i + per); k++) {
      b += busy[k]!;
      a += available[k]!;
    }
    xs.push((i * stepSeconds) / 3600);
    ys.push(a > 0 ? b / a : 0);
  }
  return [xs, ys];
}

/**
 * Bars for the Gantt chart. When the simulator recorded device intervals they are used as they are;
 * otherwise jobs are packed onto `lanes` device lanes in start order, each taking the lanes that
 * became free earliest (a faithful picture of occupancy, not of the exact devices).
 */
export function ganttSegments(run: PolicyRun, lanes: number): Segments {
  if (run.segments) return run.segments;
  const { start, end, gpus } = run.jobs;
  const order: number[] = [];
  for (let i = 0; i < start.length; i++) if (start[i] !== null && gpus[i]! > 0) order.push(i);
  order.sort((a, b) => start[a]! - start[b]!);
  const horizon = run.summary.makespanSeconds;
  // Min-heap of lanes by the time they become free.
  const heapT = new Float64Array(lanes);
  const heapL = new Int32Array(lanes);
  for (let i = 0; i < lanes; i++) heapL[i] = i;
  let size = lanes;
  const swap = (a: number, b: number) => {
    const t = heapT[a];
    heapT[a] = heapT[b]!;
    heapT[b] = t!;
    const l = heapL[a];
    heapL[a] = heapL[b]!;
    heapL[b] = l!;
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < size && heapT[l]! < heapT[m]!) m = l;
      if (r < size && heapT[r]! < heapT[m]!) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heapT[p]! <= heapT[i]!) return;
      swap(i, p);
      i = p;
    }
  };
  const job: number[] = [];
  const device: number[] = [];
  const s: number[] = [];
  const e: number[] = [];
  const taken: number[] = [];
  for (const j of order) {
    const t0 = start[j]!;
    const t1 = end[j] ?? horizon;
    const g = Math.min(gpus[j]!, lanes);
    taken.length = 0;
    for (let k = 0; k < g; k++) {
      const lane = heapL[0];
      size--;
      swap(0, size);
      down(0);
      taken.push(lane!);
    }
    for (const lane of taken) {
      job.push(j);
      device.push(lane);
      s.push(t0);
      e.push(t1);
      heapT[size] = t1;
      heapL[size] = lane;
      size++;
      up(size - 1);
    }
  }
  return { job, device, start: s, end: e };
}
