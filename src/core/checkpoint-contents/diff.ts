/** What changed between two checkpoints: tensors added, removed or reshaped, size, training state. */
import { z } from 'zod';
import { TensorInfoSchema, type CheckpointContents } from './contents';

const Scalar = z.union([z.number(), z.string(), z.boolean()]);
const Shape = TensorInfoSchema.pick({ dtype: true, shape: true });

export const CheckpointDiffSchema = z.object({
  added: z.array(TensorInfoSchema),
  removed: z.array(TensorInfoSchema),
  changed: z.array(z.object({ name: z.string(), before: Shape, after: Shape })),
  unchanged: z.number().int().nonnegative(),
  bytesBefore: z.number(),
  bytesAfter: z.number(),
  state: z.array(z.object({ key: z.string(), before: Scalar.optional(), after: Scalar.optional() })),
  /** Either side lists only part of its tensors: the diff covers the listed ones. */
  partial: z.boolean(),
});
export type CheckpointDiff = z.infer<typeof CheckpointDiffSchema>;

export function diffCheckpoints(before: CheckpointContents, after: CheckpointContents): CheckpointDiff {
  const a = new Map(before.tensors.map((t) => [t.name, t]));
  const b = new Map(after.tensors.map((t) => [t.name, t]));
  const out: CheckpointDiff = {
    added: [],
    removed: [],
    changed: [],
    unchanged: 0,
    bytesBefore: before.tensorBytes,
    bytesAfter: after.tensorBytes,
    state: [],
    partial: before.tensors.length < before.tensorCount || after.tensors.length < after.tensorCount,
  };
  for (const [name, t] of a) {
    const u = b.get(name);
    if (!u) out.removed.push(t);
    else if (u.dtype !== t.dtype || u.shape.join('x') !== t.shape.join('x')) out.changed.push({ name, before: { dtype: t.dtype, shape: t.shape }, after: { dtype: u.dtype, shape: u.shape } });
    else out.unchanged++;
  }
  for (const [name, t] of b) if (!a.has(name)) out.added.push(t);
  for (const key of new Set([...Object.keys(before.state), ...Object.keys(after.state)])) {
    const x = before.state[key];
    const y = after.state[key];
    if (x !== y) out.state.push({ key, ...(x !== undefined && { before: x }), ...(y !== undefined && { after: y }) });
  }
  return out;
}
