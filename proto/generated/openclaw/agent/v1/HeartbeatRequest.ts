// Original file: proto/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface HeartbeatRequest {
  'seq'?: (number | string | Long);
}

export interface HeartbeatRequest__Output {
  'seq': (number);
}
