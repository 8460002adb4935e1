// What the simulator benchmarks use, bundled by sim-bundle.ts the way dist/cli.js bundles it.
export { EventQueue } from '../simulator/engine/event-queue';
export { Rng } from '../simulator/random';
export { loadCluster, loadWorkload, simulate } from '../simulator/index';
export { generateGavel } from '../simulator/workload/gavel-generator';
export { defaultThroughputs } from '../simulator/workload/workload-file';
import { needsLpSolver, policyNames as allPolicies } from '../src/scheduler/policies';
export { getPolicy } from '../src/scheduler/policies';

/** The policies these benchmarks time: the LP policies have their own (bench/lp-round.bench.ts). */
export const policyNames = (): string[] => allPolicies().filter((n) => !needsLpSolver(n));
