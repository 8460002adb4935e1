// Original file: proto/control.proto

import type { Long } from '@grpc/proto-loader';

export interface LogsRequest {
  'jobId'?: (string);
  /**
   * -1: every rank.
   */
  'rank'?: (number);
  /**
   * Start this many bytes before the end of each rank's output; 0: from the start.
   */
  'tailBytes'?: (number | string | Long);
  'follow'?: (boolean);
}

export interface LogsRequest__Output {
  'jobId': (string);
  /**
   * -1: every rank.
   */
  'rank': (number);
  /**
   * Start this many bytes before the end of each rank's output; 0: from the start.
   */
  'tailBytes': (number);
  'follow': (boolean);
}
