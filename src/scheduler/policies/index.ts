/** The built-in policies by name: what `--policy NAME` and cluster files' `policy:` accept. */
import type { Policy } from '../api';
import { fifo } from './fifo';

export interface PolicyOptions {
  /** Placement strategy by name: best-fit (default), spread, topology-aware. */
  placement?: string;
}

const factories: Record<string, (options: PolicyOptions) => Policy> = {
  fifo: (o) => fifo({ placement: placementOf(o) }),
};

import { placements, type PlacementStrategy } from '../placement';

function placementOf(o: PolicyOptions): PlacementStrategy | undefined {
  if (o.placement === undefined) return undefined;
  const p = placements[o.placement];
  if (!p) throw new Error(`unknown placement "${o.placement}"; expected one of ${Object.keys(placements).join(', ')}`);
  return p;
}

export function policyNames(): string[] {
  return Object.keys(factories);
}

/** A fresh instance of a built-in policy (policies may keep state between rounds). */
export function getPolicy(name: string, options: PolicyOptions = {}): Policy {
  const f = factories[name];
  if (!f) throw new Error(`unknown policy "${name}"; expected one of ${policyNames().join(', ')} or a path to a .ts/.js policy file`);
  return f(options);
}
