/**
 * The argument of `openclaw.comparePolicies` (another extension or a link may pass one): checked
 * before anything runs, and the policies in it that are workspace code rather than built in.
 */
import { z } from 'zod';
import { parseWith } from '../../core/errors';
import { isPolicyName } from '../../scheduler/policies';

export const ComparePoliciesOptions = z
  .object({
    cluster: z.string().min(1),
    workload: z.string().min(1),
    policies: z.array(z.string().min(1)).min(1).max(32),
    seed: z.number().int().optional(),
  })
  .strict();
export type ComparePoliciesOptions = z.infer<typeof ComparePoliciesOptions>;

/** The options, or a SpecError naming what is wrong with them. */
export function parseCompareOptions(arg: unknown): ComparePoliciesOptions {
  return parseWith(ComparePoliciesOptions, arg, 'openclaw.comparePolicies');
}

/** Policies that are files of the workspace: running them runs its code, so they need trust. */
export function workspacePolicies(o: Pick<ComparePoliciesOptions, 'policies'>): string[] {
  return o.policies.filter((p) => !isPolicyName(p));
}
