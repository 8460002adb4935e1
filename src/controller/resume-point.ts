/**
 * Where a lost attempt resumes from, decided from what the nodes hold when it is lost (listed
 * before anything is stopped or forgotten), not from the last poll; with the reason, for the journal.
 */
import { join } from 'node:path';
import type { CheckpointInfo } from '../core/checkpoint';

/** The checkpoint folders of an attempt as listed on each node that ran it. */
export interface CheckpointSurvey {
  checkpoints: CheckpointInfo[];
  /** Every node asked: how many checkpoints it listed, or why it could not. */
  nodes: { node: string; listed?: number; error?: string }[];
}

export interface ResumeChoice {
  checkpoint?: CheckpointInfo;
  /** The path handed to the next attempt (OPENCLAW_RESUME_FROM); undefined: the start. */
  resumeFrom?: string;
  why: string;
}

/** Newest complete first: by step, then by modification time. */
export function newerThan(a: CheckpointInfo, b: CheckpointInfo | undefined): boolean {
  if (!b) return true;
  return (a.step ?? -1) > (b.step ?? -1) || ((a.step ?? -1) === (b.step ?? -1) && a.mtimeMs > b.mtimeMs);
}

export function latestComplete(list: readonly CheckpointInfo[]): CheckpointInfo | undefined {
  let best: CheckpointInfo | undefined;
  for (const c of list) if (c.complete && newerThan(c, best)) best = c;
  return best;
}

export function checkpointPath(dir: string | undefined, c: CheckpointInfo): string {
  return dir && !c.path.startsWith('/') ? join(dir, c.path) : c.path;
}

/**
 * The newest complete checkpoint among those listed now and the last one reported; `fallback`
 * (what the job was last resumed from) when there is none.
 */
export function chooseResumePoint(survey: CheckpointSurvey | undefined, reported: CheckpointInfo | undefined, dir: string | undefined, fallback?: string, surveyError?: string): ResumeChoice {
  const listed = latestComplete(survey?.checkpoints ?? []);
  const asked = survey
    ? survey.nodes.map((n) => (n.error === undefined ? `${n.node} (${n.listed ?? 0})` : `${n.node} (not listed: ${n.error})`)).join(', ')
    : `no node (${surveyError ?? 'the backend cannot list checkpoints'})`;
  const newerIncomplete = (survey?.checkpoints ?? []).filter((c) => !c.complete && (!listed || newerThan(c, listed))).map((c) => c.path);
  const tail = `; listed on ${asked || 'no node'}${newerIncomplete.length ? `; newer but incomplete: ${[...new Set(newerIncomplete)].join(', ')}` : ''}`;
  const best = listed && newerThan(listed, reported) ? listed : reported;
  if (!best) {
    if (fallback) return { resumeFrom: fallback, why: `no complete checkpoint; resuming from ${fallback} again${tail}` };
    return { why: `no complete checkpoint: from the start${tail}` };
  }
  const where = best.node ? ` on ${best.node}` : '';
  const source = best === listed ? 'the newest complete checkpoint listed' : 'the newest complete checkpoint reported (none newer listed)';
  return { checkpoint: best, resumeFrom: checkpointPath(dir, best), why: `${best.path}${best.step === undefined ? '' : ` (step ${best.step})`}${where}: ${source}${tail}` };
}
