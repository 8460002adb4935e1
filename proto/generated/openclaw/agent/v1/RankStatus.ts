// Original file: proto/agent.proto

import type { RankState as _openclaw_agent_v1_RankState, RankState__Output as _openclaw_agent_v1_RankState__Output } from '../../../openclaw/agent/v1/RankState';
import type { Long } from '@grpc/proto-loader';

export interface RankStatus {
  'jobId'?: (string);
  'attempt'?: (number);
  /**
   * Global rank. For torchrun (one process per node) the first rank of the node.
   */
  'rank'?: (number);
  'localRank'?: (number);
  'nodeRank'?: (number);
  'pid'?: (number);
  'state'?: (_openclaw_agent_v1_RankState);
  /**
   * Set when state is EXITED: the exit code, or -1 when a signal ended it.
   */
  'exitCode'?: (number);
  /**
   * Set when a signal ended it, e.g. "SIGKILL".
   */
  'signal'?: (string);
  'startedMs'?: (number | string | Long);
  'endedMs'?: (number | string | Long);
  /**
   * Bytes in the rank's log so far.
   */
  'logBytes'?: (number | string | Long);
  'devices'?: (number)[];
  'launcher'?: (string);
  /**
   * The argv the agent ran (after the launcher's rewriting, e.g. wrapped in torchrun).
   */
  'argv'?: (string)[];
  /**
   * The manager that launched the rank (LaunchRequest.manager_id): the holder of its job's lease.
   */
  'managerId'?: (string);
  /**
   * Device slots the rank holds (LaunchRequest.held_devices): refused to other jobs while it runs.
   */
  'heldDevices'?: (number)[];
}

export interface RankStatus__Output {
  'jobId': (string);
  'attempt': (number);
  /**
   * Global rank. For torchrun (one process per node) the first rank of the node.
   */
  'rank': (number);
  'localRank': (number);
  'nodeRank': (number);
  'pid': (number);
  'state': (_openclaw_agent_v1_RankState__Output);
  /**
   * Set when state is EXITED: the exit code, or -1 when a signal ended it.
   */
  'exitCode': (number);
  /**
   * Set when a signal ended it, e.g. "SIGKILL".
   */
  'signal': (string);
  'startedMs': (number);
  'endedMs': (number);
  /**
   * Bytes in the rank's log so far.
   */
  'logBytes': (number);
  'devices': (number)[];
  'launcher': (string);
  /**
   * The argv the agent ran (after the launcher's rewriting, e.g. wrapped in torchrun).
   */
  'argv': (string)[];
  /**
   * The manager that launched the rank (LaunchRequest.manager_id): the holder of its job's lease.
   */
  'managerId': (string);
  /**
   * Device slots the rank holds (LaunchRequest.held_devices): refused to other jobs while it runs.
   */
  'heldDevices': (number)[];
}
