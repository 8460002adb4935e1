import { z } from 'zod';

export const CheckpointFormat = z.enum(['pytorch', 'safetensors', 'torch-dcp', 'huggingface', 'deepspeed', 'unknown']);
export type CheckpointFormat = z.infer<typeof CheckpointFormat>;

/** A checkpoint found under a job's checkpoint directory. */
export const CheckpointInfo = z.object({
  /** Path relative to the job's checkpoint directory. */
  path: z.string(),
  format: CheckpointFormat,
  step: z.number().int().nonnegative().optional(),
  sizeBytes: z.number().nonnegative(),
  /** Modification time, ms since the epoch. */
  mtimeMs: z.number(),
  /** False while it is still being written: such a checkpoint is never offered for resume. */
  complete: z.boolean(),
  tensors: z.number().int().nonnegative().optional(),
  node: z.string().optional(),
});
export type CheckpointInfo = z.infer<typeof CheckpointInfo>;
