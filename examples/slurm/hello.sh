#!/usr/bin/env bash
# Prints one line every half second; rank and world size come from OpenClaw's launcher.
lines=${1:-6}
for i in $(seq 1 "$lines"); do
  echo "rank ${RANK:-?} of ${WORLD_SIZE:-?} on $(hostname -s) (Slurm node ${SLURMD_NODENAME:-?}): line $i"
  echo "@openclaw {\"step\": $i, \"totalSteps\": $lines}"
  sleep 0.5
done
