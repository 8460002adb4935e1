// The rank launcher inside Slurm jobs: a small bundle (dist/slurm-rank.js) copied to the cluster.
import { slurmRankMain } from '../cli/slurm-rank';

void slurmRankMain(process.argv.slice(2)).then((code) => process.exit(code));
