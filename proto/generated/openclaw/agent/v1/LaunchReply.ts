// Original file: proto/agent.proto

import type { RankStatus as _openclaw_agent_v1_RankStatus, RankStatus__Output as _openclaw_agent_v1_RankStatus__Output } from '../../../openclaw/agent/v1/RankStatus';

export interface LaunchReply {
  'ranks'?: (_openclaw_agent_v1_RankStatus)[];
  /**
   * True when this (job, attempt) was already launched here and nothing new was started.
   */
  'alreadyLaunched'?: (boolean);
  /**
   * The rendezvous port the ranks use. A request for node rank 0 with master_port 0 lets this
   * agent choose one that is free here (the other nodes are then launched with it).
   */
  'masterPort'?: (number);
}

export interface LaunchReply__Output {
  'ranks': (_openclaw_agent_v1_RankStatus__Output)[];
  /**
   * True when this (job, attempt) was already launched here and nothing new was started.
   */
  'alreadyLaunched': (boolean);
  /**
   * The rendezvous port the ranks use. A request for node rank 0 with master_port 0 lets this
   * agent choose one that is free here (the other nodes are then launched with it).
   */
  'masterPort': (number);
}
