// Original file: proto/agent.proto

import type { MetricSample as _openclaw_agent_v1_MetricSample, MetricSample__Output as _openclaw_agent_v1_MetricSample__Output } from '../../../openclaw/agent/v1/MetricSample';
import type { ProcessUsage as _openclaw_agent_v1_ProcessUsage, ProcessUsage__Output as _openclaw_agent_v1_ProcessUsage__Output } from '../../../openclaw/agent/v1/ProcessUsage';
import type { Device as _openclaw_agent_v1_Device, Device__Output as _openclaw_agent_v1_Device__Output } from '../../../openclaw/agent/v1/Device';
import type { Long } from '@grpc/proto-loader';

export interface MetricsReply {
  'samples'?: (_openclaw_agent_v1_MetricSample)[];
  /**
   * The seq to ask from next time.
   */
  'nextSeq'?: (number | string | Long);
  'processes'?: (_openclaw_agent_v1_ProcessUsage)[];
  /**
   * GPU use now (nvidia-smi); empty without GPUs.
   */
  'devices'?: (_openclaw_agent_v1_Device)[];
}

export interface MetricsReply__Output {
  'samples': (_openclaw_agent_v1_MetricSample__Output)[];
  /**
   * The seq to ask from next time.
   */
  'nextSeq': (number);
  'processes': (_openclaw_agent_v1_ProcessUsage__Output)[];
  /**
   * GPU use now (nvidia-smi); empty without GPUs.
   */
  'devices': (_openclaw_agent_v1_Device__Output)[];
}
