// Original file: proto/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface MetricsRequest {
  'jobId'?: (string);
  /**
   * 0: every attempt.
   */
  'attempt'?: (number);
  /**
   * Return metric lines with seq > since_seq. Numbering starts again when the agent restarts
   * (a new instance_id): ask from 0 then; the agent reads running ranks' logs again from the start.
   */
  'sinceSeq'?: (number | string | Long);
  /**
   * At most this many lines (the agent caps it at 10,000).
   */
  'limit'?: (number);
}

export interface MetricsRequest__Output {
  'jobId': (string);
  /**
   * 0: every attempt.
   */
  'attempt': (number);
  /**
   * Return metric lines with seq > since_seq. Numbering starts again when the agent restarts
   * (a new instance_id): ask from 0 then; the agent reads running ranks' logs again from the start.
   */
  'sinceSeq': (number);
  /**
   * At most this many lines (the agent caps it at 10,000).
   */
  'limit': (number);
}
