// Original file: proto/agent.proto

import type { RankStatus as _openclaw_agent_v1_RankStatus, RankStatus__Output as _openclaw_agent_v1_RankStatus__Output } from '../../../openclaw/agent/v1/RankStatus';

export interface ListRanksReply {
  'ranks'?: (_openclaw_agent_v1_RankStatus)[];
  'instanceId'?: (string);
}

export interface ListRanksReply__Output {
  'ranks': (_openclaw_agent_v1_RankStatus__Output)[];
  'instanceId': (string);
}
