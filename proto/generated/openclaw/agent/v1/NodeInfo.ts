// Original file: proto/agent.proto

import type { Device as _openclaw_agent_v1_Device, Device__Output as _openclaw_agent_v1_Device__Output } from '../../../openclaw/agent/v1/Device';
import type { Island as _openclaw_agent_v1_Island, Island__Output as _openclaw_agent_v1_Island__Output } from '../../../openclaw/agent/v1/Island';

export interface NodeInfo {
  'name'?: (string);
  'hostname'?: (string);
  'cpus'?: (number);
  'memoryGib'?: (number | string);
  'devices'?: (_openclaw_agent_v1_Device)[];
  /**
   * Devices joined by NVLink/xGMI; absent when unknown or when there are no GPUs.
   */
  'islands'?: (_openclaw_agent_v1_Island)[];
  /**
   * Addresses other nodes can reach this one at (for MASTER_ADDR and friends).
   */
  'addresses'?: (string)[];
  'platform'?: (string);
  'cpuModel'?: (string);
  /**
   * The control plane whose live claim holds this agent (ClaimNode); empty when none.
   */
  'controlPlane'?: (string);
}

export interface NodeInfo__Output {
  'name': (string);
  'hostname': (string);
  'cpus': (number);
  'memoryGib': (number);
  'devices': (_openclaw_agent_v1_Device__Output)[];
  /**
   * Devices joined by NVLink/xGMI; absent when unknown or when there are no GPUs.
   */
  'islands': (_openclaw_agent_v1_Island__Output)[];
  /**
   * Addresses other nodes can reach this one at (for MASTER_ADDR and friends).
   */
  'addresses': (string)[];
  'platform': (string);
  'cpuModel': (string);
  /**
   * The control plane whose live claim holds this agent (ClaimNode); empty when none.
   */
  'controlPlane': (string);
}
