/**
 * The Slurm backend (slurm/backend.ts) and "Simulate this cluster" (slurm/simulate.ts), which the
 * extension calls to show the predicted start of each pending job.
 */
export { SlurmBackend, type SlurmBackendOptions } from './slurm/backend';
export { simulateSlurmCluster, simulateQueue, type ClusterSimulation, type PendingPrediction } from './slurm/simulate';
