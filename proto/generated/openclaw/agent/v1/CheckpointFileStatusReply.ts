// Original file: proto/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface CheckpointFileStatusReply {
  'exists'?: (boolean);
  'size'?: (number | string | Long);
  /**
   * Set when asked for.
   */
  'sha256'?: (string);
  /**
   * Bytes of an unfinished PutCheckpointFile of this path.
   */
  'partialBytes'?: (number | string | Long);
}

export interface CheckpointFileStatusReply__Output {
  'exists': (boolean);
  'size': (number);
  /**
   * Set when asked for.
   */
  'sha256': (string);
  /**
   * Bytes of an unfinished PutCheckpointFile of this path.
   */
  'partialBytes': (number);
}
