/** The policy that "OpenClaw: New Policy" writes: small, commented, and working as it is. */

/** Names a policy file may take: its file is policies/<name>.ts and the policy is called <name>. */
export const POLICY_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function policyTemplate(name: string): string {
  return `/**
 * ${name}: a scheduling policy for OpenClaw.
 *
 * \`schedule\` is called at every scheduling round (a job arrived or ended, a node failed or came
 * back). It reads the cluster and the queue, and decides through \`plan\` which waiting jobs start
 * and on which devices. Every decision is checked (a gang gets all its devices, a device is given
 * once, ...) and a broken rule stops the round with an error naming this file and line.
 *
 * Try it: "OpenClaw: Debug Policy in Simulator" (or right-click this file) runs it in the simulator
 * under the debugger: set a breakpoint in \`schedule\` and look at \`waiting\` and \`cluster\`.
 * The policy API: https://github.com/openclaw/openclaw/blob/main/docs/policies.md
 */
import { bestFit, definePolicy, type JobView } from 'openclaw/policy';

/** The order waiting jobs are considered in: oldest first. Change it to make the policy your own. */
function compare(a: JobView, b: JobView): number {
  return a.arrival - b.arrival;
}

export default definePolicy({
  name: ${JSON.stringify(name)},
  description: 'Oldest waiting job first, skipping the jobs that do not fit; best-fit placement.',
  schedule({ waiting, cluster, plan }) {
    for (const job of [...waiting].sort(compare)) {
      // Nothing left to hand out: the rest wait for a later round.
      if (cluster.freeCount() === 0) break;
      // The node whose free devices the job fills most tightly, or undefined when it does not fit now.
      // (Other strategies: spread, topologyAware; or pick device ids yourself from cluster.nodes.)
      const devices = bestFit(cluster, job.request);
      if (devices) plan.place(job, devices, 'the oldest waiting job that fits');
      // A job that does not fit is skipped, so a smaller one behind it may start first (and a large
      // job may wait long); the reason shows in the views and in \`openclaw sim --explain\`.
      else plan.wait(job, \`needs \${job.request.gpus} devices; \${cluster.freeCount()} free\`);
    }
    return plan.decisions;
  },
});
`;
}
