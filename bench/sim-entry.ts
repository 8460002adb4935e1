// What the simulator benchmarks use, bundled by sim-bundle.ts the way dist/cli.js bundles it.
export { EventQueue } from '../simulator/engine/event-queue';
export { Rng } from '../simulator/random';
export { loadCluster, loadWorkload, simulate } from '../simulator/index';
export { generateGavel } from '../simulator/workload/gavel-generator';
export { defaultThroughputs } from '../simulator/workload/workload-file';
export { getPolicy, policyNames } from '../src/scheduler/policies';
