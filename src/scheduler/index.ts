/**
 * The scheduler's public face: the policy API, the Scheduler and ClusterState that drivers use,
 * the built-in policies and placement strategies, and wait explanations. User policies import
 * from here (as "openclaw/policy").
 */
export type * from './api';
export { ClusterState, ClusterStateError, type NetworkInfo } from './cluster-state';
export { Scheduler, type RoundRequest, type RoundResult } from './scheduler';
export { PolicyError, type DecisionRule } from './policy-error';
export { checkPlacement, type Violation } from './validate';
export { explainWait, shortfall, fitsNow, describeRequest, filterOf } from './explain';
export { JobEntry, jobEntry, requestOf, requestOfSpec, type JobInit } from './job-view';
export { bestFit, spread, topologyAware, placements, type PlacementStrategy } from './placement';
export { getPolicy, policyNames, placementNames, isPolicyName, type PolicyOptions } from './policies';
export { backfill, drf, fifo, fifoFirstFit, fifoHetero, las, lasHetero, priority, sjf, srtf } from './policies';
export { normalisedThroughput, assignModels } from './policies/hetero';
export { byArrival, placeInOrder, sortBy, targetSet, timeShareRound } from './policies/common';
export { WaitingQueue, placeFromQueue } from './policies/waiting-queue';
export type { Placed } from './round-plan';

import type { Policy } from './api';
/** Identity: gives a user policy file its types. */
export function definePolicy<P extends Policy>(policy: P): P {
  return policy;
}
