// Original file: proto/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface PutFileReply {
  'size'?: (number | string | Long);
  'sha256'?: (string);
}

export interface PutFileReply__Output {
  'size': (number);
  'sha256': (string);
}
