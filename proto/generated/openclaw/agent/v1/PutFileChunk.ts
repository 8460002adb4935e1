// Original file: proto/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface PutFileChunk {
  /**
   * The first chunk names the file: job, folder and path as in CheckpointFileRequest.
   */
  'jobId'?: (string);
  'checkpointDir'?: (string);
  'path'?: (string);
  /**
   * Where data goes in the file: the first chunk's must equal the bytes already there (partial_bytes).
   */
  'offset'?: (number | string | Long);
  'data'?: (Buffer | Uint8Array | string);
  /**
   * The last chunk: the whole file's size and SHA-256.
   */
  'last'?: (boolean);
  'size'?: (number | string | Long);
  'sha256'?: (string);
}

export interface PutFileChunk__Output {
  /**
   * The first chunk names the file: job, folder and path as in CheckpointFileRequest.
   */
  'jobId': (string);
  'checkpointDir': (string);
  'path': (string);
  /**
   * Where data goes in the file: the first chunk's must equal the bytes already there (partial_bytes).
   */
  'offset': (number);
  'data': (Buffer);
  /**
   * The last chunk: the whole file's size and SHA-256.
   */
  'last': (boolean);
  'size': (number);
  'sha256': (string);
}
