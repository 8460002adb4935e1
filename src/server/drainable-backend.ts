/**
 * A backend whose nodes an administrator can drain: a drained node is reported `draining` (the
 * scheduler places nothing new there; ranks running on it run on) until it is undrained, whatever
 * its own health reports say, except `dead`, which always passes.
 */
import type { Backend } from '../controller/api';
import type { NodeInfo, NodeState } from '../core/device';
import type { BackendEvent } from '../core/events';

export function drainable(inner: Backend): { backend: Backend; drain(node: string, on: boolean): NodeState } {
  const drained = new Set<string>();
  /** The node's state as its backend last reported it. */
  const health = new Map<string, NodeState>();
  let emit: (e: BackendEvent) => void = () => undefined;
  const shown = (node: string, state: NodeState): NodeState => (drained.has(node) && state !== 'dead' ? 'draining' : state);

  const backend: Backend = {
    kind: inner.kind,
    allocation: inner.allocation,
    speedup: inner.speedup,
    now: inner.now && (() => inner.now!()),
    start: (onEvent) => {
      emit = onEvent;
      return inner.start((e) => {
        if (e.kind === 'node-state') {
          health.set(e.node, e.state);
          return onEvent({ ...e, state: shown(e.node, e.state) });
        }
        if (e.kind === 'node-added') return onEvent({ ...e, node: { ...e.node, state: shown(e.node.name, e.node.state ?? 'ready') } });
        onEvent(e);
      });
    },
    nodes: (): NodeInfo[] => inner.nodes().map((n) => ({ ...n, state: shown(n.name, n.state ?? 'ready') })),
    launch: (job, placement, options) => inner.launch(job, placement, options),
    kill: (jobId, reason) => inner.kill(jobId, reason),
    logs: (job, options) => inner.logs(job, options),
    checkpoints: (job) => inner.checkpoints(job),
    inspectCheckpoint: (job, checkpoint) => inner.inspectCheckpoint(job, checkpoint),
    dispose: () => inner.dispose(),
  };
  if (inner.attach) backend.attach = (job, placement, attempt, options) => inner.attach!(job, placement, attempt, options);
  if (inner.fetchOutputs) backend.fetchOutputs = (job, destDir) => inner.fetchOutputs!(job, destDir);
  if (inner.surveyCheckpoints) backend.surveyCheckpoints = (job) => inner.surveyCheckpoints!(job);

  return {
    backend,
    drain(node, on) {
      const known = inner.nodes().find((n) => n.name === node);
      if (!known) throw new Error(`no node "${node}"; the nodes are ${inner.nodes().map((n) => n.name).join(', ')}`);
      if (on) drained.add(node);
      else drained.delete(node);
      const state = shown(node, health.get(node) ?? known.state ?? 'ready');
      emit({ kind: 'node-state', node, at: inner.now?.() ?? Date.now(), state });
      return state;
    },
  };
}
