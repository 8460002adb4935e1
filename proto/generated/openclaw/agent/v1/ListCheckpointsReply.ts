// Original file: proto/agent.proto

import type { Checkpoint as _openclaw_agent_v1_Checkpoint, Checkpoint__Output as _openclaw_agent_v1_Checkpoint__Output } from '../../../openclaw/agent/v1/Checkpoint';

export interface ListCheckpointsReply {
  /**
   * The checkpoint directory's absolute path on this node.
   */
  'root'?: (string);
  'checkpoints'?: (_openclaw_agent_v1_Checkpoint)[];
}

export interface ListCheckpointsReply__Output {
  /**
   * The checkpoint directory's absolute path on this node.
   */
  'root': (string);
  'checkpoints': (_openclaw_agent_v1_Checkpoint__Output)[];
}
