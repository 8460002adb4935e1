// Original file: proto/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface HeartbeatRequest {
  'seq'?: (number | string | Long);
  /**
   * The manager beating (as in LaunchRequest.manager_id): renews its leases on this agent.
   */
  'managerId'?: (string);
}

export interface HeartbeatRequest__Output {
  'seq': (number);
  /**
   * The manager beating (as in LaunchRequest.manager_id): renews its leases on this agent.
   */
  'managerId': (string);
}
