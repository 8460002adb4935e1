/** The rules a decision must keep; a PolicyError names the one it broke. */
export type DecisionRule =
  | 'decision-shape'
  | 'unknown-job'
  | 'job-state'
  | 'decided-twice'
  | 'device-exists'
  | 'device-unique'
  | 'device-free'
  | 'node-ready'
  | 'gang'
  | 'device-model'
  | 'device-memory'
  | 'node-split'
  | 'policy-threw'
  | 'time-budget';

/** A policy made an invalid decision, threw, or ran too long. The round it was in changed nothing. */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  constructor(
    readonly policy: string,
    readonly job: string | undefined,
    readonly rule: DecisionRule,
    readonly detail: string,
    options?: { cause?: unknown; source?: string },
  ) {
    super(`policy "${policy}"${options?.source ? ` (${options.source})` : ''}${job !== undefined ? `, job "${job}"` : ''}: ${detail} (rule: ${rule})`, options);
    this.source = options?.source;
  }

  /** The file the policy came from, when it is a user policy. */
  readonly source: string | undefined;
}
