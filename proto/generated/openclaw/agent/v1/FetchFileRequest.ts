// Original file: proto/agent.proto

import type { FileRoot as _openclaw_agent_v1_FileRoot, FileRoot__Output as _openclaw_agent_v1_FileRoot__Output } from '../../../openclaw/agent/v1/FileRoot';
import type { Long } from '@grpc/proto-loader';

export interface FetchFileRequest {
  'jobId'?: (string);
  /**
   * Relative to the root.
   */
  'path'?: (string);
  'root'?: (_openclaw_agent_v1_FileRoot);
  /**
   * Refuse files larger than this (the agent caps it at 8 GiB; 0: the cap).
   */
  'maxBytes'?: (number | string | Long);
  'offset'?: (number | string | Long);
}

export interface FetchFileRequest__Output {
  'jobId': (string);
  /**
   * Relative to the root.
   */
  'path': (string);
  'root': (_openclaw_agent_v1_FileRoot__Output);
  /**
   * Refuse files larger than this (the agent caps it at 8 GiB; 0: the cap).
   */
  'maxBytes': (number);
  'offset': (number);
}
