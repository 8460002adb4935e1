/** The built-in policies by name: what `--policy NAME` and cluster files' `policy:` accept. */
import type { Policy } from '../api';
import { placements, type PlacementStrategy } from '../placement';
import { backfill } from './backfill';
import { drf } from './drf';
import { fifo } from './fifo';
import { fifoFirstFit } from './fifo-first-fit';
import { fifoHetero, lasHetero } from './hetero';
import { las } from './las';
import { lpPolicy } from './lp/round-policy';
import { loadLpSolver } from './lp/solver';
import { priority } from './priority';
import { sjf } from './sjf';
import { srtf } from './srtf';

export interface PolicyOptions {
  /** Placement strategy by name: best-fit (default), spread, topology-aware. */
  placement?: string;
}

const factories: Record<string, (placement: PlacementStrategy | undefined) => Policy> = {
  fifo: (placement) => fifo({ placement }),
  'fifo-first-fit': (placement) => fifoFirstFit({ placement }),
  priority: (placement) => priority({ placement }),
  sjf: (placement) => sjf({ placement }),
  srtf: (placement) => srtf({ placement }),
  'srtf-rounds': (placement) => srtf({ placement, roundSeconds: 360 }),
  las: (placement) => las({ placement }),
  drf: (placement) => drf({ placement }),
  backfill: (placement) => backfill({ placement }),
  'fifo-hetero': (placement) => fifoHetero({ placement }),
  'las-hetero': (placement) => lasHetero({ placement }),
  // Gavel's formulations, solved as linear programs by HiGHS (load it first: preparePolicy).
  'max-min-fairness': (placement) => lpPolicy('max-min-fairness', { placement }),
  'max-min-fairness-agnostic': (placement) => lpPolicy('max-min-fairness-agnostic', { placement }),
  'fifo-lp': (placement) => lpPolicy('fifo', { placement }),
  'finish-time-fairness': (placement) => lpPolicy('finish-time-fairness', { placement }),
  'min-makespan': (placement) => lpPolicy('min-makespan', { placement }),
  'max-throughput': (placement) => lpPolicy('max-throughput', { placement }),
};

/** Built-in policies that solve linear programs: their solver loads asynchronously (preparePolicy). */
const LP_POLICIES = new Set(['max-min-fairness', 'max-min-fairness-agnostic', 'fifo-lp', 'finish-time-fairness', 'min-makespan', 'max-throughput']);

export function needsLpSolver(name: string): boolean {
  return LP_POLICIES.has(name);
}

/**
 * Loads what a built-in policy needs before its first round (the LP solver, for the LP policies);
 * drivers await it once before they start. Names that need nothing resolve at once.
 */
export async function preparePolicy(name: string): Promise<void> {
  if (needsLpSolver(name)) await loadLpSolver();
}

export function policyNames(): string[] {
  return Object.keys(factories);
}

/** A built-in policy by name, with its one-line description (the policy's own). */
export interface BuiltinPolicyInfo {
  readonly name: string;
  readonly description: string;
}

/** Every built-in policy with its description: what pickers and help texts show. */
export function builtinPolicies(): BuiltinPolicyInfo[] {
  return policyNames().map((name) => ({ name, description: factories[name]!(undefined).description ?? '' }));
}

export function placementNames(): string[] {
  return Object.keys(placements);
}

export function isPolicyName(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(factories, name);
}

/** A fresh instance of a built-in policy (policies may keep state between rounds). */
export function getPolicy(name: string, options: PolicyOptions = {}): Policy {
  if (!isPolicyName(name)) throw new Error(`unknown policy "${name}"; expected one of ${policyNames().join(', ')} or a path to a .ts/.js policy file`);
  let placement: PlacementStrategy | undefined;
  if (options.placement !== undefined) {
    placement = placements[options.placement];
    if (!placement) throw new Error(`unknown placement "${options.placement}"; expected one of ${placementNames().join(', ')}`);
  }
  return factories[name]!(placement);
}

export { backfill, drf, fifo, fifoFirstFit, fifoHetero, las, lasHetero, priority, sjf, srtf };
