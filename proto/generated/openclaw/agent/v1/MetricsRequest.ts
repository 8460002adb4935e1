// Original file: proto/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface MetricsRequest {
  'jobId'?: (string);
  'attempt'?: (number);
  /**
   * Return metric lines with seq > since_seq.
   */
  'sinceSeq'?: (number | string | Long);
  /**
   * At most this many lines (the agent caps it at 10,000).
   */
  'limit'?: (number);
}

export interface MetricsRequest__Output {
  'jobId': (string);
  'attempt': (number);
  /**
   * Return metric lines with seq > since_seq.
   */
  'sinceSeq': (number);
  /**
   * At most this many lines (the agent caps it at 10,000).
   */
  'limit': (number);
}
