// Original file: proto/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface HeartbeatRequest {
  'seq'?: (number | string | Long);
  /**
   * The manager beating (as in LaunchRequest.manager_id): renews its leases on this agent.
   */
  'managerId'?: (string);
  /**
   * The beating manager is a control plane: its claim on the agent is renewed (or made again after
   * the agent restarted, when no other claim is live).
   */
  'controlPlane'?: (boolean);
}

export interface HeartbeatRequest__Output {
  'seq': (number);
  /**
   * The manager beating (as in LaunchRequest.manager_id): renews its leases on this agent.
   */
  'managerId': (string);
  /**
   * The beating manager is a control plane: its claim on the agent is renewed (or made again after
   * the agent restarted, when no other claim is live).
   */
  'controlPlane': (boolean);
}
