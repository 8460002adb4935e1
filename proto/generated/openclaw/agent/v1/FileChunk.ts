// Original file: proto/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface FileChunk {
  'offset'?: (number | string | Long);
  'data'?: (Buffer | Uint8Array | string);
  /**
   * Size of the whole file.
   */
  'size'?: (number | string | Long);
  /**
   * On the last chunk: hex SHA-256 of the bytes from the requested offset to the end.
   */
  'sha256'?: (string);
  'last'?: (boolean);
}

export interface FileChunk__Output {
  'offset': (number);
  'data': (Buffer);
  /**
   * Size of the whole file.
   */
  'size': (number);
  /**
   * On the last chunk: hex SHA-256 of the bytes from the requested offset to the end.
   */
  'sha256': (string);
  'last': (boolean);
}
