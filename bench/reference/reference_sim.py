"""A minimal event-driven simulator of one pool of GPUs: the reference `npm run bench -- reference`
measures OpenClaw's simulator against (plain Python 3, no packages).

Same greedy semantics as `openclaw sim` on one pool: all events of an instant are processed
together (arrivals, completions), then one pass over the waiting jobs in policy order starts every
job that fits; no preemption. `sjf` orders by duration, then arrival, then id; `fifo-first-fit` by
arrival, then id. Prints JSON: the simulation's seconds (reading the trace excluded), jobs done,
mean JCT and a hash of every job's (id, start, end), comparable with OpenClaw's report.

    python3 reference_sim.py trace.jsonl --gpus 3000 --policy sjf
"""
import argparse
import bisect
import hashlib
import heapq
import json
import time


def simulate(jobs, gpus, policy):
    key = (lambda j: (j[3], j[1], j[0])) if policy == "sjf" else (lambda j: (j[1], j[0]))
    jobs.sort(key=lambda j: (j[1], j[0]))
    free = gpus
    waiting = []  # sorted (key, job)
    sizes = {}  # waiting jobs by GPUs asked for, to know the smallest request
    ends = []  # heap of (end time, job)
    start = {}
    end = {}
    i = 0
    n = len(jobs)
    while i < n or ends:
        now = min(jobs[i][1] if i < n else float("inf"), ends[0][0] if ends else float("inf"))
        while ends and ends[0][0] == now:
            _, job = heapq.heappop(ends)
            free += job[2]
            end[job[0]] = now
        while i < n and jobs[i][1] == now:
            job = jobs[i]
            bisect.insort(waiting, (key(job), job))
            sizes[job[2]] = sizes.get(job[2], 0) + 1
            i += 1
        # One greedy pass: every waiting job that fits starts, until none can.
        smallest = min((s for s, c in sizes.items() if c), default=None)
        k = 0
        kept = []
        while k < len(waiting) and smallest is not None and free >= smallest:
            job = waiting[k][1]
            if job[2] <= free:
                free -= job[2]
                start[job[0]] = now
                heapq.heappush(ends, (now + job[3], job))
                sizes[job[2]] -= 1
                if sizes[job[2]] == 0:
                    smallest = min((s for s, c in sizes.items() if c), default=None)
            else:
                kept.append(waiting[k])
            k += 1
        if k:
            waiting[:k] = kept
    return start, end


def main():
    p = argparse.ArgumentParser()
    p.add_argument("trace")
    p.add_argument("--gpus", type=int, required=True)
    p.add_argument("--policy", choices=["sjf", "fifo-first-fit"], default="sjf")
    a = p.parse_args()
    jobs = []
    with open(a.trace) as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                jobs.append((r["id"], r["arrival"], r["gpus"], r["durationSeconds"]))
    t0 = time.perf_counter()
    start, end = simulate(jobs, a.gpus, a.policy)
    seconds = time.perf_counter() - t0
    h = hashlib.sha256()
    for job in sorted(jobs):
        h.update(("%s %.3f %.3f\n" % (job[0], start[job[0]], end[job[0]])).encode())
    jct = sum(end[j[0]] - j[1] for j in jobs) / len(jobs)
    print(json.dumps({"simSeconds": seconds, "jobs": len(jobs), "completed": len(end), "avgJctSeconds": round(jct, 3), "resultsSha256": h.hexdigest()}))


if __name__ == "__main__":
    main()
