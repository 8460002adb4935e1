/**
 * A checkpoint on one node's own disk follows its job: before a new attempt starts, every node of
 * its placement that lacks the file gets it from a node that has it (the one it was listed on
 * first), streamed agent to agent through the manager, resumed after a broken stream, and put in
 * place only when its SHA-256 matches. A folder every node sees (shared storage) holds an identical
 * file already: nothing is sent.
 */
import type { AgentClient } from '../agent-client';

export interface CopyProgress {
  path: string;
  from: string;
  to: string;
  bytes: number;
  total: number;
}

export interface CopyPlan {
  /** The job's name on the agents, and its checkpoint folder (the same path on every node). */
  wire: string;
  checkpointDir: string;
  /** The checkpoint file, relative to the folder. */
  path: string;
  /** Nodes that must hold it, and nodes that may have it (ran the job), best first. */
  targets: readonly string[];
  sources: readonly string[];
  client: (node: string) => AgentClient | undefined;
  onProgress: (p: CopyProgress | undefined) => void;
  /** Tries per target after a broken stream (default 5). */
  tries?: number;
}

/** Copies where needed; resolves with what was copied (empty when every target had it). */
export async function bringCheckpoint(plan: CopyPlan): Promise<{ to: string; from: string; sent: number }[]> {
  const req = { jobId: plan.wire, checkpointDir: plan.checkpointDir, path: plan.path };
  let source: { node: string; client: AgentClient } | undefined;
  for (const node of plan.sources) {
    const client = plan.client(node);
    if (!client) continue;
    const st = await client.checkpointFileStatus(req).catch(() => undefined);
    if (st?.exists) {
      source = { node, client };
      break;
    }
  }
  if (!source) throw new Error(`no node that ran the job has ${plan.path} (asked ${plan.sources.join(', ') || 'none'})`);
  const done: { to: string; from: string; sent: number }[] = [];
  for (const to of plan.targets) {
    if (to === source.node) continue;
    const dest = plan.client(to);
    if (!dest) throw new Error(`node ${to} is not reachable to copy ${plan.path} to`);
    let lastErr: unknown;
    for (let i = 0; i < (plan.tries ?? 5); i++) {
      try {
        const r = await dest.copyCheckpointFrom(source.client, req, (bytes, total) => plan.onProgress({ path: plan.path, from: source!.node, to, bytes, total }));
        if (r.sent > 0) done.push({ to, from: source.node, sent: r.sent });
        lastErr = undefined;
        break;
      } catch (err) {
        lastErr = err;
        await new Promise((res) => setTimeout(res, 300));
      }
    }
    plan.onProgress(undefined);
    if (lastErr) throw lastErr;
  }
  return done;
}
