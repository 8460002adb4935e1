// Original file: proto/agent.proto

import type { RankStatus as _openclaw_agent_v1_RankStatus, RankStatus__Output as _openclaw_agent_v1_RankStatus__Output } from '../../../openclaw/agent/v1/RankStatus';

export interface SignalReply {
  'signalled'?: (number);
  'ranks'?: (_openclaw_agent_v1_RankStatus)[];
}

export interface SignalReply__Output {
  'signalled': (number);
  'ranks': (_openclaw_agent_v1_RankStatus__Output)[];
}
