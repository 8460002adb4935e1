/** The Slurm backend (see slurm/backend.ts) and "Simulate this cluster" (slurm/simulate.ts). */
export { SlurmBackend, type SlurmBackendOptions } from './slurm/backend';
