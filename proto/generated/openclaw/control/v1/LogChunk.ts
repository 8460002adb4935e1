// Original file: proto/control.proto

import type { Long } from '@grpc/proto-loader';

export interface LogChunk {
  'rank'?: (number);
  'attempt'?: (number);
  'offset'?: (number | string | Long);
  'text'?: (string);
}

export interface LogChunk__Output {
  'rank': (number);
  'attempt': (number);
  'offset': (number);
  'text': (string);
}
