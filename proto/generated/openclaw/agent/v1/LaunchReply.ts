// Original file: proto/agent.proto

import type { RankStatus as _openclaw_agent_v1_RankStatus, RankStatus__Output as _openclaw_agent_v1_RankStatus__Output } from '../../../openclaw/agent/v1/RankStatus';

export interface LaunchReply {
  'ranks'?: (_openclaw_agent_v1_RankStatus)[];
  /**
   * True when this (job, attempt) was already launched here and nothing new was started.
   */
  'alreadyLaunched'?: (boolean);
}

export interface LaunchReply__Output {
  'ranks': (_openclaw_agent_v1_RankStatus__Output)[];
  /**
   * True when this (job, attempt) was already launched here and nothing new was started.
   */
  'alreadyLaunched': (boolean);
}
