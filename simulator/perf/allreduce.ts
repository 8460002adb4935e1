/**
 * Ring all-reduce time: 2(n−1)·(α + S/(n·B)) seconds for n ranks reducing S bytes over links of
 * B bytes/s with per-message latency α. B is the slowest link the ring crosses.
 */
export function ringAllReduceSeconds(ranks: number, bytes: number, bandwidthBytesPerSec: number, latencySec: number): number {
  if (ranks <= 1) return 0;
  return 2 * (ranks - 1) * (latencySec + bytes / (ranks * bandwidthBytesPerSec));
}

export const gbpsToBytesPerSec = (gbps: number): number => (gbps * 1e9) / 8;
