"""A 20,000-job trace of one pool of GPUs, for the reference benchmark (plain Python 3, no packages).

Writes OpenClaw's job-list format (JSONL: id, arrival, gpus, durationSeconds), which both
`openclaw sim` and reference_sim.py read. Poisson arrivals; GPUs per job 1..64 weighted towards
small jobs; durations heavy-tailed (most jobs minutes, a few days), as in the Philly trace.
Arrivals and durations are whole seconds, so both simulators add the same exact numbers.

    python3 make_trace.py --jobs 20000 --gpus 3000 --load 1.3 --seed 1 > trace.jsonl
"""
import argparse
import json
import random
import sys

SIZES = [1, 2, 4, 8, 16, 32, 64]
WEIGHTS = [40, 15, 15, 15, 8, 5, 2]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--jobs", type=int, default=20000)
    p.add_argument("--gpus", type=int, default=3000, help="size of the pool the load is computed for")
    p.add_argument("--load", type=float, default=1.3, help="offered GPU-seconds per GPU-second of the pool")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    rng = random.Random(a.seed)
    jobs = []
    for i in range(a.jobs):
        gpus = rng.choices(SIZES, WEIGHTS)[0]
        # 80% short (1 min .. 3 h), 20% long (3 h .. 3 days), log-uniform.
        if rng.random() < 0.8:
            duration = round(60 * 10 ** rng.uniform(0, 2.25))
        else:
            duration = round(60 * 10 ** rng.uniform(2.25, 3.64))
        jobs.append((gpus, duration))
    mean_work = sum(g * d for g, d in jobs) / len(jobs)
    rate = a.load * a.gpus / mean_work  # jobs per second
    t = 0.0
    out = sys.stdout
    for i, (gpus, duration) in enumerate(jobs):
        t += rng.expovariate(rate)
        out.write(json.dumps({"id": "j%05d" % i, "arrival": int(t), "gpus": gpus, "durationSeconds": duration}) + "\n")


if __name__ == "__main__":
    main()
