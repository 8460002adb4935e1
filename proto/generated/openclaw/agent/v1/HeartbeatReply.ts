// Original file: proto/agent.proto

import type { RankStatus as _openclaw_agent_v1_RankStatus, RankStatus__Output as _openclaw_agent_v1_RankStatus__Output } from '../../../openclaw/agent/v1/RankStatus';
import type { Long } from '@grpc/proto-loader';

export interface HeartbeatReply {
  'seq'?: (number | string | Long);
  'timeMs'?: (number | string | Long);
  'instanceId'?: (string);
  'load1'?: (number | string);
  'memoryFreeGib'?: (number | string);
  'ranks'?: (_openclaw_agent_v1_RankStatus)[];
}

export interface HeartbeatReply__Output {
  'seq': (number);
  'timeMs': (number);
  'instanceId': (string);
  'load1': (number);
  'memoryFreeGib': (number);
  'ranks': (_openclaw_agent_v1_RankStatus__Output)[];
}
