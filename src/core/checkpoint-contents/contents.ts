/**
 * What is inside a checkpoint, as a user wants to know it before resuming from it or deleting it:
 * its tensors (name, dtype, shape, bytes), its training state (step, epoch, best metric) and the
 * model it belongs to. Crosses the agent API and the webview protocol as JSON, hence the schema.
 */
import { z } from 'zod';

export const CHECKPOINT_FORMATS = ['pytorch', 'safetensors', 'huggingface', 'torch-distributed', 'unknown'] as const;

export const TensorInfoSchema = z.object({
  name: z.string(),
  dtype: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  bytes: z.number().nonnegative(),
  /** The file it lives in, for checkpoints of several files. */
  file: z.string().optional(),
});
export type TensorInfo = z.infer<typeof TensorInfoSchema>;

const Scalar = z.union([z.number(), z.string(), z.boolean()]);

export const CheckpointContentsSchema = z.object({
  format: z.enum(CHECKPOINT_FORMATS),
  files: z.array(z.object({ path: z.string(), bytes: z.number().nonnegative(), format: z.enum(CHECKPOINT_FORMATS) })),
  tensors: z.array(TensorInfoSchema),
  /** Tensors beyond the cap are counted, not listed. */
  tensorCount: z.number().int().nonnegative(),
  tensorBytes: z.number().nonnegative(),
  /** Training state found beside the weights: step, epoch, best metric, learning rate... */
  state: z.record(z.string(), Scalar),
  /** The model it belongs to (a Hugging Face config.json's essentials). */
  model: z.record(z.string(), Scalar),
  /** What could not be read, or looked suspicious, one line each. */
  problems: z.array(z.string()),
});
export type CheckpointContents = z.infer<typeof CheckpointContentsSchema>;

/** Listed tensors per checkpoint; a 70B model's few thousand fit, a pathological file's million do not. */
export const MAX_LISTED_TENSORS = 20_000;

export function emptyContents(format: CheckpointContents['format']): CheckpointContents {
  return { format, files: [], tensors: [], tensorCount: 0, tensorBytes: 0, state: {}, model: {}, problems: [] };
}

export function addTensor(into: CheckpointContents, tensor: TensorInfo): void {
  into.tensorCount++;
  into.tensorBytes += tensor.bytes;
  if (into.tensors.length < MAX_LISTED_TENSORS) into.tensors.push(tensor);
}

/** Bytes per element of the dtype names both formats use. */
export const DTYPE_BYTES: Record<string, number> = {
  float64: 8, float32: 4, float16: 2, bfloat16: 2, float8_e4m3fn: 1, float8_e5m2: 1,
  int64: 8, int32: 4, int16: 2, int8: 1, uint64: 8, uint32: 4, uint16: 2, uint8: 1, bool: 1,
  complex128: 16, complex64: 8, complex32: 4,
};

export function elements(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
