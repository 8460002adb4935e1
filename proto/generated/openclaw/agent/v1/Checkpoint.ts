// Original file: proto/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface Checkpoint {
  /**
   * Relative to the job's checkpoint directory.
   */
  'path'?: (string);
  /**
   * "pytorch" | "safetensors" | "torch-dcp" | "huggingface" | "deepspeed" | "unknown"
   */
  'format'?: (string);
  'step'?: (number | string | Long);
  'sizeBytes'?: (number | string | Long);
  'mtimeMs'?: (number | string | Long);
  /**
   * False while it is still being written: never offered for resume.
   */
  'complete'?: (boolean);
  'tensors'?: (number | string | Long);
  /**
   * Why it is incomplete, e.g. "still changing", "temporary name", "no .metadata".
   */
  'incompleteReason'?: (string);
  '_step'?: "step";
  '_tensors'?: "tensors";
}

export interface Checkpoint__Output {
  /**
   * Relative to the job's checkpoint directory.
   */
  'path': (string);
  /**
   * "pytorch" | "safetensors" | "torch-dcp" | "huggingface" | "deepspeed" | "unknown"
   */
  'format': (string);
  'step'?: (number);
  'sizeBytes': (number);
  'mtimeMs': (number);
  /**
   * False while it is still being written: never offered for resume.
   */
  'complete': (boolean);
  'tensors'?: (number);
  /**
   * Why it is incomplete, e.g. "still changing", "temporary name", "no .metadata".
   */
  'incompleteReason': (string);
  '_step'?: "step";
  '_tensors'?: "tensors";
}
