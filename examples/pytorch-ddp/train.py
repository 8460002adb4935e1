"""A small DistributedDataParallel training run (CPU, gloo) that OpenClaw can stop and resume.

It reads what OpenClaw's launcher sets:
  MASTER_ADDR, MASTER_PORT, WORLD_SIZE, RANK, LOCAL_RANK   rendezvous (torch.distributed reads them)
  OPENCLAW_CHECKPOINT_DIR                                  where rank 0 writes checkpoints
  OPENCLAW_RESUME_FROM                                     a checkpoint to resume from (absent: fresh start)
and prints one metric line a step that OpenClaw parses:
  @openclaw {"step": 120, "totalSteps": 300, "loss": 0.42}

Checkpoints are written atomically (to a temporary name, then renamed), every --checkpoint-every
steps, so a checkpoint OpenClaw offers for resume is never half written. The final weights go to
model.pt in the working directory (the job's declared output).
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.distributed as dist
import torch.nn as nn
from torch.nn.parallel import DistributedDataParallel as DDP


def metric(**values):
    print("@openclaw " + json.dumps(values), flush=True)


def atomic_save(obj, path, stall=0.0):
    tmp = path + ".tmp"
    torch.save(obj, tmp)
    if stall > 0:
        time.sleep(stall)  # slow storage, as when a checkpoint write stalls
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--checkpoint-every", type=int, default=25)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--step-seconds", type=float, default=0.0, help="pause each step (to make a run last)")
    p.add_argument("--output", default="model.pt")
    p.add_argument("--checkpoint-pad-mb", type=int, default=0, help="make each checkpoint this many MiB larger (to make copies of it last)")
    p.add_argument("--checkpoint-stall", type=float, default=0.0, help="pause between writing a checkpoint and renaming it into place")
    args = p.parse_args()

    dist.init_process_group("gloo")
    rank, world = dist.get_rank(), dist.get_world_size()
    torch.manual_seed(0)
    model = DDP(nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 1)))
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    # A fixed regression problem: every rank sees its own shard of the same data.
    g = torch.Generator().manual_seed(1234)
    x_all = torch.randn(4096, 16, generator=g)
    y_all = x_all @ torch.randn(16, 1, generator=g) + 0.1 * torch.randn(4096, 1, generator=g)

    start = 0
    resume = os.environ.get("OPENCLAW_RESUME_FROM")
    if resume:
        state = torch.load(resume, map_location="cpu")
        model.module.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
        start = int(state["step"])
    ckpt_dir = os.environ.get("OPENCLAW_CHECKPOINT_DIR", "checkpoints")
    if rank == 0:
        os.makedirs(ckpt_dir, exist_ok=True)
    print(f"rank {rank} of {world} starting at step {start} (pid {os.getpid()}, attempt {os.environ.get('OPENCLAW_ATTEMPT', '?')})", flush=True)

    loss_fn = nn.MSELoss()
    loss = None  # stays None when resumed from the last step's checkpoint: nothing left to train
    for step in range(start + 1, args.steps + 1):
        i = ((step * world + rank) * args.batch) % (x_all.shape[0] - args.batch)
        x, y = x_all[i : i + args.batch], y_all[i : i + args.batch]
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        if rank == 0:
            metric(step=step, totalSteps=args.steps, loss=round(loss.item(), 6))
            if step % args.checkpoint_every == 0 or step == args.steps:
                state = {"model": model.module.state_dict(), "optimizer": opt.state_dict(), "step": step}
                if args.checkpoint_pad_mb > 0:
                    state["pad"] = torch.zeros(args.checkpoint_pad_mb * 2**18)
                atomic_save(state, os.path.join(ckpt_dir, f"step-{step:06d}.pt"), args.checkpoint_stall)
        if args.step_seconds > 0:
            time.sleep(args.step_seconds)

    dist.barrier()
    if rank == 0:
        atomic_save(model.module.state_dict(), args.output)
        final = "n/a (resumed at the end)" if loss is None else f"{loss.item():.6f}"
        print(f"done: {args.steps} steps, final loss {final}, weights in {args.output}", flush=True)
    dist.destroy_process_group()
    return 0


if __name__ == "__main__":
    sys.exit(main())
