// Original file: proto/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface LogChunk {
  /**
   * Byte offset of data in the rank's log: resume from offset + data.length.
   */
  'offset'?: (number | string | Long);
  'data'?: (Buffer | Uint8Array | string);
  /**
   * Last chunk: the rank has exited and everything was sent.
   */
  'eof'?: (boolean);
}

export interface LogChunk__Output {
  /**
   * Byte offset of data in the rank's log: resume from offset + data.length.
   */
  'offset': (number);
  'data': (Buffer);
  /**
   * Last chunk: the rank has exited and everything was sent.
   */
  'eof': (boolean);
}
