// Original file: proto/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface LogRequest {
  'jobId'?: (string);
  'attempt'?: (number);
  'rank'?: (number);
  /**
   * Start here (bytes). Ignored when tail_bytes is set.
   */
  'offset'?: (number | string | Long);
  /**
   * Start this many bytes before the current end.
   */
  'tailBytes'?: (number | string | Long);
  /**
   * Keep streaming new output until the rank exits and its log is drained.
   */
  'follow'?: (boolean);
  /**
   * Largest chunk the client wants; the agent caps it (1 MiB) and defaults to 256 KiB.
   */
  'maxChunkBytes'?: (number);
}

export interface LogRequest__Output {
  'jobId': (string);
  'attempt': (number);
  'rank': (number);
  /**
   * Start here (bytes). Ignored when tail_bytes is set.
   */
  'offset': (number);
  /**
   * Start this many bytes before the current end.
   */
  'tailBytes': (number);
  /**
   * Keep streaming new output until the rank exits and its log is drained.
   */
  'follow': (boolean);
  /**
   * Largest chunk the client wants; the agent caps it (1 MiB) and defaults to 256 KiB.
   */
  'maxChunkBytes': (number);
}
