// Original file: proto/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface ProcessUsage {
  'rank'?: (number);
  'pid'?: (number);
  /**
   * Over the process group, since the previous sample.
   */
  'cpuPercent'?: (number | string);
  'rssBytes'?: (number | string | Long);
}

export interface ProcessUsage__Output {
  'rank': (number);
  'pid': (number);
  /**
   * Over the process group, since the previous sample.
   */
  'cpuPercent': (number);
  'rssBytes': (number);
}
