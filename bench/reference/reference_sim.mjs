/**
 * reference_sim.py's loop ported line for line to JavaScript: the same heap, sorted waiting list
 * and greedy pass, nothing else (no devices, no validation, no report). `npm run bench -- reference`
 * times it beside the Python and beside `openclaw sim`: it is the floor any simulator running on
 * Node pays for this simulation, JIT warm-up included.
 *
 *     node reference_sim.mjs trace.jsonl --gpus 3000 --policy sjf
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const byId = (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** A binary min-heap of [time, job] (what heapq does for the Python). */
class Heap {
  items = [];
  get size() {
    return this.items.length;
  }
  peek() {
    return this.items[0][0];
  }
  push(x) {
    const h = this.items;
    let i = h.push(x) - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p][0] <= x[0]) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = x;
  }
  pop() {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= h.length) break;
        if (c + 1 < h.length && h[c + 1][0] < h[c][0]) c++;
        if (h[c][0] >= last[0]) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

function simulate(jobs, gpus, policy) {
  const key = policy === 'sjf' ? (a, b) => a[3] - b[3] || a[1] - b[1] || byId(a, b) : (a, b) => a[1] - b[1] || byId(a, b);
  jobs.sort((a, b) => a[1] - b[1] || byId(a, b));
  let free = gpus;
  const waiting = []; // sorted by key
  const sizes = new Map(); // waiting jobs by GPUs asked for, to know the smallest request
  const ends = new Heap();
  const start = new Map();
  const end = new Map();
  const smallestOf = () => {
    let s = Infinity;
    for (const [g, c] of sizes) if (c > 0 && g < s) s = g;
    return s;
  };
  let i = 0;
  while (i < jobs.length || ends.size > 0) {
    const now = Math.min(i < jobs.length ? jobs[i][1] : Infinity, ends.size > 0 ? ends.peek() : Infinity);
    while (ends.size > 0 && ends.peek() === now) {
      const job = ends.pop()[1];
      free += job[2];
      end.set(job[0], now);
    }
    while (i < jobs.length && jobs[i][1] === now) {
      const job = jobs[i++];
      let lo = 0;
      let hi = waiting.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (key(waiting[mid], job) < 0) lo = mid + 1;
        else hi = mid;
      }
      waiting.splice(lo, 0, job);
      sizes.set(job[2], (sizes.get(job[2]) ?? 0) + 1);
    }
    // One greedy pass: every waiting job that fits starts, until none can.
    let smallest = smallestOf();
    let k = 0;
    const kept = [];
    while (k < waiting.length && free >= smallest) {
      const job = waiting[k];
      if (job[2] <= free) {
        free -= job[2];
        start.set(job[0], now);
        ends.push([now + job[3], job]);
        sizes.set(job[2], sizes.get(job[2]) - 1);
        if (sizes.get(job[2]) === 0) smallest = smallestOf();
      } else kept.push(job);
      k++;
    }
    if (k > 0) waiting.splice(0, k, ...kept);
  }
  return { start, end };
}

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const gpus = Number(option('--gpus'));
const policy = option('--policy', 'sjf');
const jobs = [];
for (const line of readFileSync(args[0], 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const r = JSON.parse(line);
  jobs.push([r.id, r.arrival, r.gpus, r.durationSeconds]);
}
const t0 = performance.now();
const { start, end } = simulate(jobs, gpus, policy);
const seconds = (performance.now() - t0) / 1000;
const h = createHash('sha256');
for (const job of [...jobs].sort(byId)) h.update(`${job[0]} ${start.get(job[0]).toFixed(3)} ${end.get(job[0]).toFixed(3)}\n`);
const jct = jobs.reduce((s, j) => s + end.get(j[0]) - j[1], 0) / jobs.length;
console.log(JSON.stringify({ simSeconds: seconds, jobs: jobs.length, completed: end.size, avgJctSeconds: Math.round(jct * 1000) / 1000, resultsSha256: h.digest('hex') }));
