/**
 * `openclaw sim` alone (dist/cli-sim.js): the simulator, the scheduler and its policies, none of the
 * job manager, the agent, gRPC or Slurm, so that a run starts without reading and compiling them.
 */
import { runCli } from './program';
import { registerSim } from './sim';

runCli(registerSim);
