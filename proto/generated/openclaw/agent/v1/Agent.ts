// Original file: proto/agent.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CheckpointFileRequest as _openclaw_agent_v1_CheckpointFileRequest, CheckpointFileRequest__Output as _openclaw_agent_v1_CheckpointFileRequest__Output } from '../../../openclaw/agent/v1/CheckpointFileRequest';
import type { CheckpointFileStatusReply as _openclaw_agent_v1_CheckpointFileStatusReply, CheckpointFileStatusReply__Output as _openclaw_agent_v1_CheckpointFileStatusReply__Output } from '../../../openclaw/agent/v1/CheckpointFileStatusReply';
import type { ClaimNodeReply as _openclaw_agent_v1_ClaimNodeReply, ClaimNodeReply__Output as _openclaw_agent_v1_ClaimNodeReply__Output } from '../../../openclaw/agent/v1/ClaimNodeReply';
import type { ClaimNodeRequest as _openclaw_agent_v1_ClaimNodeRequest, ClaimNodeRequest__Output as _openclaw_agent_v1_ClaimNodeRequest__Output } from '../../../openclaw/agent/v1/ClaimNodeRequest';
import type { FetchFileRequest as _openclaw_agent_v1_FetchFileRequest, FetchFileRequest__Output as _openclaw_agent_v1_FetchFileRequest__Output } from '../../../openclaw/agent/v1/FetchFileRequest';
import type { FileChunk as _openclaw_agent_v1_FileChunk, FileChunk__Output as _openclaw_agent_v1_FileChunk__Output } from '../../../openclaw/agent/v1/FileChunk';
import type { ForgetJobReply as _openclaw_agent_v1_ForgetJobReply, ForgetJobReply__Output as _openclaw_agent_v1_ForgetJobReply__Output } from '../../../openclaw/agent/v1/ForgetJobReply';
import type { ForgetJobRequest as _openclaw_agent_v1_ForgetJobRequest, ForgetJobRequest__Output as _openclaw_agent_v1_ForgetJobRequest__Output } from '../../../openclaw/agent/v1/ForgetJobRequest';
import type { HeartbeatReply as _openclaw_agent_v1_HeartbeatReply, HeartbeatReply__Output as _openclaw_agent_v1_HeartbeatReply__Output } from '../../../openclaw/agent/v1/HeartbeatReply';
import type { HeartbeatRequest as _openclaw_agent_v1_HeartbeatRequest, HeartbeatRequest__Output as _openclaw_agent_v1_HeartbeatRequest__Output } from '../../../openclaw/agent/v1/HeartbeatRequest';
import type { InspectCheckpointReply as _openclaw_agent_v1_InspectCheckpointReply, InspectCheckpointReply__Output as _openclaw_agent_v1_InspectCheckpointReply__Output } from '../../../openclaw/agent/v1/InspectCheckpointReply';
import type { InspectCheckpointRequest as _openclaw_agent_v1_InspectCheckpointRequest, InspectCheckpointRequest__Output as _openclaw_agent_v1_InspectCheckpointRequest__Output } from '../../../openclaw/agent/v1/InspectCheckpointRequest';
import type { LaunchReply as _openclaw_agent_v1_LaunchReply, LaunchReply__Output as _openclaw_agent_v1_LaunchReply__Output } from '../../../openclaw/agent/v1/LaunchReply';
import type { LaunchRequest as _openclaw_agent_v1_LaunchRequest, LaunchRequest__Output as _openclaw_agent_v1_LaunchRequest__Output } from '../../../openclaw/agent/v1/LaunchRequest';
import type { ListCheckpointsReply as _openclaw_agent_v1_ListCheckpointsReply, ListCheckpointsReply__Output as _openclaw_agent_v1_ListCheckpointsReply__Output } from '../../../openclaw/agent/v1/ListCheckpointsReply';
import type { ListCheckpointsRequest as _openclaw_agent_v1_ListCheckpointsRequest, ListCheckpointsRequest__Output as _openclaw_agent_v1_ListCheckpointsRequest__Output } from '../../../openclaw/agent/v1/ListCheckpointsRequest';
import type { ListRanksReply as _openclaw_agent_v1_ListRanksReply, ListRanksReply__Output as _openclaw_agent_v1_ListRanksReply__Output } from '../../../openclaw/agent/v1/ListRanksReply';
import type { ListRanksRequest as _openclaw_agent_v1_ListRanksRequest, ListRanksRequest__Output as _openclaw_agent_v1_ListRanksRequest__Output } from '../../../openclaw/agent/v1/ListRanksRequest';
import type { LogChunk as _openclaw_agent_v1_LogChunk, LogChunk__Output as _openclaw_agent_v1_LogChunk__Output } from '../../../openclaw/agent/v1/LogChunk';
import type { LogRequest as _openclaw_agent_v1_LogRequest, LogRequest__Output as _openclaw_agent_v1_LogRequest__Output } from '../../../openclaw/agent/v1/LogRequest';
import type { MetricsReply as _openclaw_agent_v1_MetricsReply, MetricsReply__Output as _openclaw_agent_v1_MetricsReply__Output } from '../../../openclaw/agent/v1/MetricsReply';
import type { MetricsRequest as _openclaw_agent_v1_MetricsRequest, MetricsRequest__Output as _openclaw_agent_v1_MetricsRequest__Output } from '../../../openclaw/agent/v1/MetricsRequest';
import type { NodeInfo as _openclaw_agent_v1_NodeInfo, NodeInfo__Output as _openclaw_agent_v1_NodeInfo__Output } from '../../../openclaw/agent/v1/NodeInfo';
import type { NodeInfoRequest as _openclaw_agent_v1_NodeInfoRequest, NodeInfoRequest__Output as _openclaw_agent_v1_NodeInfoRequest__Output } from '../../../openclaw/agent/v1/NodeInfoRequest';
import type { PutFileChunk as _openclaw_agent_v1_PutFileChunk, PutFileChunk__Output as _openclaw_agent_v1_PutFileChunk__Output } from '../../../openclaw/agent/v1/PutFileChunk';
import type { PutFileReply as _openclaw_agent_v1_PutFileReply, PutFileReply__Output as _openclaw_agent_v1_PutFileReply__Output } from '../../../openclaw/agent/v1/PutFileReply';
import type { SignalReply as _openclaw_agent_v1_SignalReply, SignalReply__Output as _openclaw_agent_v1_SignalReply__Output } from '../../../openclaw/agent/v1/SignalReply';
import type { SignalRequest as _openclaw_agent_v1_SignalRequest, SignalRequest__Output as _openclaw_agent_v1_SignalRequest__Output } from '../../../openclaw/agent/v1/SignalRequest';
import type { VersionReply as _openclaw_agent_v1_VersionReply, VersionReply__Output as _openclaw_agent_v1_VersionReply__Output } from '../../../openclaw/agent/v1/VersionReply';
import type { VersionRequest as _openclaw_agent_v1_VersionRequest, VersionRequest__Output as _openclaw_agent_v1_VersionRequest__Output } from '../../../openclaw/agent/v1/VersionRequest';
import type { WatchHeartbeatRequest as _openclaw_agent_v1_WatchHeartbeatRequest, WatchHeartbeatRequest__Output as _openclaw_agent_v1_WatchHeartbeatRequest__Output } from '../../../openclaw/agent/v1/WatchHeartbeatRequest';

/**
 * The node agent API: the one definition. TypeScript types are generated from this file into
 * proto/generated/ (node proto/gen.mjs); proto/load.ts loads it at runtime with the same options.
 * 
 * Every call carries `authorization: Bearer <token>` metadata; a missing or wrong token is
 * answered UNAUTHENTICATED. Paths in requests are relative to a root the agent owns (the job's
 * working directory, its checkpoint directory, the agent's log folder); anything that would leave
 * that root is answered PERMISSION_DENIED.
 */
export interface AgentClient extends grpc.Client {
  /**
   * A file under a checkpoint folder: its size, its SHA-256 when asked, and how much of it an
   * unfinished PutCheckpointFile left: where a copy resumes from.
   */
  CheckpointFileStatus(argument: _openclaw_agent_v1_CheckpointFileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_CheckpointFileStatusReply__Output>): grpc.ClientUnaryCall;
  CheckpointFileStatus(argument: _openclaw_agent_v1_CheckpointFileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_CheckpointFileStatusReply__Output>): grpc.ClientUnaryCall;
  CheckpointFileStatus(argument: _openclaw_agent_v1_CheckpointFileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_CheckpointFileStatusReply__Output>): grpc.ClientUnaryCall;
  CheckpointFileStatus(argument: _openclaw_agent_v1_CheckpointFileRequest, callback: grpc.requestCallback<_openclaw_agent_v1_CheckpointFileStatusReply__Output>): grpc.ClientUnaryCall;
  /**
   * A file under a checkpoint folder: its size, its SHA-256 when asked, and how much of it an
   * unfinished PutCheckpointFile left: where a copy resumes from.
   */
  checkpointFileStatus(argument: _openclaw_agent_v1_CheckpointFileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_CheckpointFileStatusReply__Output>): grpc.ClientUnaryCall;
  checkpointFileStatus(argument: _openclaw_agent_v1_CheckpointFileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_CheckpointFileStatusReply__Output>): grpc.ClientUnaryCall;
  checkpointFileStatus(argument: _openclaw_agent_v1_CheckpointFileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_CheckpointFileStatusReply__Output>): grpc.ClientUnaryCall;
  checkpointFileStatus(argument: _openclaw_agent_v1_CheckpointFileRequest, callback: grpc.requestCallback<_openclaw_agent_v1_CheckpointFileStatusReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * A control plane (`openclaw serve`) takes the agent as its own: refused (FAILED_PRECONDITION)
   * while another control plane's claim is live. While claimed, launches by any other manager are
   * refused. The claim lives as long as its holder's leases do (its heartbeats renew it).
   */
  ClaimNode(argument: _openclaw_agent_v1_ClaimNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_ClaimNodeReply__Output>): grpc.ClientUnaryCall;
  ClaimNode(argument: _openclaw_agent_v1_ClaimNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_ClaimNodeReply__Output>): grpc.ClientUnaryCall;
  ClaimNode(argument: _openclaw_agent_v1_ClaimNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_ClaimNodeReply__Output>): grpc.ClientUnaryCall;
  ClaimNode(argument: _openclaw_agent_v1_ClaimNodeRequest, callback: grpc.requestCallback<_openclaw_agent_v1_ClaimNodeReply__Output>): grpc.ClientUnaryCall;
  /**
   * A control plane (`openclaw serve`) takes the agent as its own: refused (FAILED_PRECONDITION)
   * while another control plane's claim is live. While claimed, launches by any other manager are
   * refused. The claim lives as long as its holder's leases do (its heartbeats renew it).
   */
  claimNode(argument: _openclaw_agent_v1_ClaimNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_ClaimNodeReply__Output>): grpc.ClientUnaryCall;
  claimNode(argument: _openclaw_agent_v1_ClaimNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_ClaimNodeReply__Output>): grpc.ClientUnaryCall;
  claimNode(argument: _openclaw_agent_v1_ClaimNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_ClaimNodeReply__Output>): grpc.ClientUnaryCall;
  claimNode(argument: _openclaw_agent_v1_ClaimNodeRequest, callback: grpc.requestCallback<_openclaw_agent_v1_ClaimNodeReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * A file under the job's working or checkpoint directory (results, e.g. final weights), in
   * chunks; the last chunk carries the SHA-256 of everything sent.
   */
  FetchFile(argument: _openclaw_agent_v1_FetchFileRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_agent_v1_FileChunk__Output>;
  FetchFile(argument: _openclaw_agent_v1_FetchFileRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_agent_v1_FileChunk__Output>;
  /**
   * A file under the job's working or checkpoint directory (results, e.g. final weights), in
   * chunks; the last chunk carries the SHA-256 of everything sent.
   */
  fetchFile(argument: _openclaw_agent_v1_FetchFileRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_agent_v1_FileChunk__Output>;
  fetchFile(argument: _openclaw_agent_v1_FetchFileRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_agent_v1_FileChunk__Output>;
  
  /**
   * Drops the records (not the logs) of a job's exited ranks once the manager is done with them.
   */
  ForgetJob(argument: _openclaw_agent_v1_ForgetJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_ForgetJobReply__Output>): grpc.ClientUnaryCall;
  ForgetJob(argument: _openclaw_agent_v1_ForgetJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_ForgetJobReply__Output>): grpc.ClientUnaryCall;
  ForgetJob(argument: _openclaw_agent_v1_ForgetJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_ForgetJobReply__Output>): grpc.ClientUnaryCall;
  ForgetJob(argument: _openclaw_agent_v1_ForgetJobRequest, callback: grpc.requestCallback<_openclaw_agent_v1_ForgetJobReply__Output>): grpc.ClientUnaryCall;
  /**
   * Drops the records (not the logs) of a job's exited ranks once the manager is done with them.
   */
  forgetJob(argument: _openclaw_agent_v1_ForgetJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_ForgetJobReply__Output>): grpc.ClientUnaryCall;
  forgetJob(argument: _openclaw_agent_v1_ForgetJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_ForgetJobReply__Output>): grpc.ClientUnaryCall;
  forgetJob(argument: _openclaw_agent_v1_ForgetJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_ForgetJobReply__Output>): grpc.ClientUnaryCall;
  forgetJob(argument: _openclaw_agent_v1_ForgetJobRequest, callback: grpc.requestCallback<_openclaw_agent_v1_ForgetJobReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Metric lines (`@openclaw {json}`) printed by the ranks since a sequence number, plus process
   * and device usage now.
   */
  GetMetrics(argument: _openclaw_agent_v1_MetricsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_MetricsReply__Output>): grpc.ClientUnaryCall;
  GetMetrics(argument: _openclaw_agent_v1_MetricsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_MetricsReply__Output>): grpc.ClientUnaryCall;
  GetMetrics(argument: _openclaw_agent_v1_MetricsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_MetricsReply__Output>): grpc.ClientUnaryCall;
  GetMetrics(argument: _openclaw_agent_v1_MetricsRequest, callback: grpc.requestCallback<_openclaw_agent_v1_MetricsReply__Output>): grpc.ClientUnaryCall;
  /**
   * Metric lines (`@openclaw {json}`) printed by the ranks since a sequence number, plus process
   * and device usage now.
   */
  getMetrics(argument: _openclaw_agent_v1_MetricsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_MetricsReply__Output>): grpc.ClientUnaryCall;
  getMetrics(argument: _openclaw_agent_v1_MetricsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_MetricsReply__Output>): grpc.ClientUnaryCall;
  getMetrics(argument: _openclaw_agent_v1_MetricsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_MetricsReply__Output>): grpc.ClientUnaryCall;
  getMetrics(argument: _openclaw_agent_v1_MetricsRequest, callback: grpc.requestCallback<_openclaw_agent_v1_MetricsReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * CPUs, memory, devices (GPUs keyed by UUID, or CPU slots on a machine without GPUs), NVLink islands.
   */
  GetNodeInfo(argument: _openclaw_agent_v1_NodeInfoRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_NodeInfo__Output>): grpc.ClientUnaryCall;
  GetNodeInfo(argument: _openclaw_agent_v1_NodeInfoRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_NodeInfo__Output>): grpc.ClientUnaryCall;
  GetNodeInfo(argument: _openclaw_agent_v1_NodeInfoRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_NodeInfo__Output>): grpc.ClientUnaryCall;
  GetNodeInfo(argument: _openclaw_agent_v1_NodeInfoRequest, callback: grpc.requestCallback<_openclaw_agent_v1_NodeInfo__Output>): grpc.ClientUnaryCall;
  /**
   * CPUs, memory, devices (GPUs keyed by UUID, or CPU slots on a machine without GPUs), NVLink islands.
   */
  getNodeInfo(argument: _openclaw_agent_v1_NodeInfoRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_NodeInfo__Output>): grpc.ClientUnaryCall;
  getNodeInfo(argument: _openclaw_agent_v1_NodeInfoRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_NodeInfo__Output>): grpc.ClientUnaryCall;
  getNodeInfo(argument: _openclaw_agent_v1_NodeInfoRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_NodeInfo__Output>): grpc.ClientUnaryCall;
  getNodeInfo(argument: _openclaw_agent_v1_NodeInfoRequest, callback: grpc.requestCallback<_openclaw_agent_v1_NodeInfo__Output>): grpc.ClientUnaryCall;
  
  /**
   * Agent version and API level; the client refuses an agent whose API level it does not speak.
   */
  GetVersion(argument: _openclaw_agent_v1_VersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_VersionReply__Output>): grpc.ClientUnaryCall;
  GetVersion(argument: _openclaw_agent_v1_VersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_VersionReply__Output>): grpc.ClientUnaryCall;
  GetVersion(argument: _openclaw_agent_v1_VersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_VersionReply__Output>): grpc.ClientUnaryCall;
  GetVersion(argument: _openclaw_agent_v1_VersionRequest, callback: grpc.requestCallback<_openclaw_agent_v1_VersionReply__Output>): grpc.ClientUnaryCall;
  /**
   * Agent version and API level; the client refuses an agent whose API level it does not speak.
   */
  getVersion(argument: _openclaw_agent_v1_VersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_VersionReply__Output>): grpc.ClientUnaryCall;
  getVersion(argument: _openclaw_agent_v1_VersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_VersionReply__Output>): grpc.ClientUnaryCall;
  getVersion(argument: _openclaw_agent_v1_VersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_VersionReply__Output>): grpc.ClientUnaryCall;
  getVersion(argument: _openclaw_agent_v1_VersionRequest, callback: grpc.requestCallback<_openclaw_agent_v1_VersionReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Liveness plus the state of every rank the agent knows (so exits are seen within one beat).
   */
  Heartbeat(argument: _openclaw_agent_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _openclaw_agent_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _openclaw_agent_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _openclaw_agent_v1_HeartbeatRequest, callback: grpc.requestCallback<_openclaw_agent_v1_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  /**
   * Liveness plus the state of every rank the agent knows (so exits are seen within one beat).
   */
  heartbeat(argument: _openclaw_agent_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _openclaw_agent_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _openclaw_agent_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _openclaw_agent_v1_HeartbeatRequest, callback: grpc.requestCallback<_openclaw_agent_v1_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * What is inside one checkpoint (tensors, training state, model), read from its headers and
   * directories on this node without loading it; a pickle that would run code is refused.
   */
  InspectCheckpoint(argument: _openclaw_agent_v1_InspectCheckpointRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_InspectCheckpointReply__Output>): grpc.ClientUnaryCall;
  InspectCheckpoint(argument: _openclaw_agent_v1_InspectCheckpointRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_InspectCheckpointReply__Output>): grpc.ClientUnaryCall;
  InspectCheckpoint(argument: _openclaw_agent_v1_InspectCheckpointRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_InspectCheckpointReply__Output>): grpc.ClientUnaryCall;
  InspectCheckpoint(argument: _openclaw_agent_v1_InspectCheckpointRequest, callback: grpc.requestCallback<_openclaw_agent_v1_InspectCheckpointReply__Output>): grpc.ClientUnaryCall;
  /**
   * What is inside one checkpoint (tensors, training state, model), read from its headers and
   * directories on this node without loading it; a pickle that would run code is refused.
   */
  inspectCheckpoint(argument: _openclaw_agent_v1_InspectCheckpointRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_InspectCheckpointReply__Output>): grpc.ClientUnaryCall;
  inspectCheckpoint(argument: _openclaw_agent_v1_InspectCheckpointRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_InspectCheckpointReply__Output>): grpc.ClientUnaryCall;
  inspectCheckpoint(argument: _openclaw_agent_v1_InspectCheckpointRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_InspectCheckpointReply__Output>): grpc.ClientUnaryCall;
  inspectCheckpoint(argument: _openclaw_agent_v1_InspectCheckpointRequest, callback: grpc.requestCallback<_openclaw_agent_v1_InspectCheckpointReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Starts the ranks of one job attempt that are placed on this node. Idempotent: asking again for
   * a (job, attempt) that this agent already started returns the existing ranks, launching nothing.
   */
  LaunchRanks(argument: _openclaw_agent_v1_LaunchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_LaunchReply__Output>): grpc.ClientUnaryCall;
  LaunchRanks(argument: _openclaw_agent_v1_LaunchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_LaunchReply__Output>): grpc.ClientUnaryCall;
  LaunchRanks(argument: _openclaw_agent_v1_LaunchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_LaunchReply__Output>): grpc.ClientUnaryCall;
  LaunchRanks(argument: _openclaw_agent_v1_LaunchRequest, callback: grpc.requestCallback<_openclaw_agent_v1_LaunchReply__Output>): grpc.ClientUnaryCall;
  /**
   * Starts the ranks of one job attempt that are placed on this node. Idempotent: asking again for
   * a (job, attempt) that this agent already started returns the existing ranks, launching nothing.
   */
  launchRanks(argument: _openclaw_agent_v1_LaunchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_LaunchReply__Output>): grpc.ClientUnaryCall;
  launchRanks(argument: _openclaw_agent_v1_LaunchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_LaunchReply__Output>): grpc.ClientUnaryCall;
  launchRanks(argument: _openclaw_agent_v1_LaunchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_LaunchReply__Output>): grpc.ClientUnaryCall;
  launchRanks(argument: _openclaw_agent_v1_LaunchRequest, callback: grpc.requestCallback<_openclaw_agent_v1_LaunchReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Checkpoints under the job's checkpoint directory, recognised by format.
   */
  ListCheckpoints(argument: _openclaw_agent_v1_ListCheckpointsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_ListCheckpointsReply__Output>): grpc.ClientUnaryCall;
  ListCheckpoints(argument: _openclaw_agent_v1_ListCheckpointsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_ListCheckpointsReply__Output>): grpc.ClientUnaryCall;
  ListCheckpoints(argument: _openclaw_agent_v1_ListCheckpointsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_ListCheckpointsReply__Output>): grpc.ClientUnaryCall;
  ListCheckpoints(argument: _openclaw_agent_v1_ListCheckpointsRequest, callback: grpc.requestCallback<_openclaw_agent_v1_ListCheckpointsReply__Output>): grpc.ClientUnaryCall;
  /**
   * Checkpoints under the job's checkpoint directory, recognised by format.
   */
  listCheckpoints(argument: _openclaw_agent_v1_ListCheckpointsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_ListCheckpointsReply__Output>): grpc.ClientUnaryCall;
  listCheckpoints(argument: _openclaw_agent_v1_ListCheckpointsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_ListCheckpointsReply__Output>): grpc.ClientUnaryCall;
  listCheckpoints(argument: _openclaw_agent_v1_ListCheckpointsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_ListCheckpointsReply__Output>): grpc.ClientUnaryCall;
  listCheckpoints(argument: _openclaw_agent_v1_ListCheckpointsRequest, callback: grpc.requestCallback<_openclaw_agent_v1_ListCheckpointsReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Ranks the agent knows (running or exited), recorded on disk: what a restarted manager
   * re-attaches to.
   */
  ListRanks(argument: _openclaw_agent_v1_ListRanksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_ListRanksReply__Output>): grpc.ClientUnaryCall;
  ListRanks(argument: _openclaw_agent_v1_ListRanksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_ListRanksReply__Output>): grpc.ClientUnaryCall;
  ListRanks(argument: _openclaw_agent_v1_ListRanksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_ListRanksReply__Output>): grpc.ClientUnaryCall;
  ListRanks(argument: _openclaw_agent_v1_ListRanksRequest, callback: grpc.requestCallback<_openclaw_agent_v1_ListRanksReply__Output>): grpc.ClientUnaryCall;
  /**
   * Ranks the agent knows (running or exited), recorded on disk: what a restarted manager
   * re-attaches to.
   */
  listRanks(argument: _openclaw_agent_v1_ListRanksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_ListRanksReply__Output>): grpc.ClientUnaryCall;
  listRanks(argument: _openclaw_agent_v1_ListRanksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_ListRanksReply__Output>): grpc.ClientUnaryCall;
  listRanks(argument: _openclaw_agent_v1_ListRanksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_ListRanksReply__Output>): grpc.ClientUnaryCall;
  listRanks(argument: _openclaw_agent_v1_ListRanksRequest, callback: grpc.requestCallback<_openclaw_agent_v1_ListRanksReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Writes a file under a job's checkpoint folder on this node (a checkpoint that follows its job
   * to a node that lacks it): chunks from an offset into `<path>.openclaw-part`; after the last one
   * the whole file is hashed again from disk, and put in place only when it matches.
   */
  PutCheckpointFile(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_PutFileReply__Output>): grpc.ClientWritableStream<_openclaw_agent_v1_PutFileChunk>;
  PutCheckpointFile(metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_PutFileReply__Output>): grpc.ClientWritableStream<_openclaw_agent_v1_PutFileChunk>;
  PutCheckpointFile(options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_PutFileReply__Output>): grpc.ClientWritableStream<_openclaw_agent_v1_PutFileChunk>;
  PutCheckpointFile(callback: grpc.requestCallback<_openclaw_agent_v1_PutFileReply__Output>): grpc.ClientWritableStream<_openclaw_agent_v1_PutFileChunk>;
  /**
   * Writes a file under a job's checkpoint folder on this node (a checkpoint that follows its job
   * to a node that lacks it): chunks from an offset into `<path>.openclaw-part`; after the last one
   * the whole file is hashed again from disk, and put in place only when it matches.
   */
  putCheckpointFile(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_PutFileReply__Output>): grpc.ClientWritableStream<_openclaw_agent_v1_PutFileChunk>;
  putCheckpointFile(metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_PutFileReply__Output>): grpc.ClientWritableStream<_openclaw_agent_v1_PutFileChunk>;
  putCheckpointFile(options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_PutFileReply__Output>): grpc.ClientWritableStream<_openclaw_agent_v1_PutFileChunk>;
  putCheckpointFile(callback: grpc.requestCallback<_openclaw_agent_v1_PutFileReply__Output>): grpc.ClientWritableStream<_openclaw_agent_v1_PutFileChunk>;
  
  /**
   * Sends a signal to ranks' process groups; with grace_ms, SIGKILL follows if they outlive it.
   */
  Signal(argument: _openclaw_agent_v1_SignalRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_SignalReply__Output>): grpc.ClientUnaryCall;
  Signal(argument: _openclaw_agent_v1_SignalRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_SignalReply__Output>): grpc.ClientUnaryCall;
  Signal(argument: _openclaw_agent_v1_SignalRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_SignalReply__Output>): grpc.ClientUnaryCall;
  Signal(argument: _openclaw_agent_v1_SignalRequest, callback: grpc.requestCallback<_openclaw_agent_v1_SignalReply__Output>): grpc.ClientUnaryCall;
  /**
   * Sends a signal to ranks' process groups; with grace_ms, SIGKILL follows if they outlive it.
   */
  signal(argument: _openclaw_agent_v1_SignalRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_SignalReply__Output>): grpc.ClientUnaryCall;
  signal(argument: _openclaw_agent_v1_SignalRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_agent_v1_SignalReply__Output>): grpc.ClientUnaryCall;
  signal(argument: _openclaw_agent_v1_SignalRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_agent_v1_SignalReply__Output>): grpc.ClientUnaryCall;
  signal(argument: _openclaw_agent_v1_SignalRequest, callback: grpc.requestCallback<_openclaw_agent_v1_SignalReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * One rank's output (stdout and stderr, interleaved as written), from a byte offset; with
   * follow, keeps streaming until the rank exits and its log is drained. The server writes only
   * as fast as the client reads.
   */
  StreamLogs(argument: _openclaw_agent_v1_LogRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_agent_v1_LogChunk__Output>;
  StreamLogs(argument: _openclaw_agent_v1_LogRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_agent_v1_LogChunk__Output>;
  /**
   * One rank's output (stdout and stderr, interleaved as written), from a byte offset; with
   * follow, keeps streaming until the rank exits and its log is drained. The server writes only
   * as fast as the client reads.
   */
  streamLogs(argument: _openclaw_agent_v1_LogRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_agent_v1_LogChunk__Output>;
  streamLogs(argument: _openclaw_agent_v1_LogRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_agent_v1_LogChunk__Output>;
  
  /**
   * The same listing pushed whenever it changes (the folder is watched, and polled where watching
   * is not possible), starting with the current one, until the client cancels: a checkpoint
   * renamed into place reaches the client within a few tens of ms.
   */
  WatchCheckpoints(argument: _openclaw_agent_v1_ListCheckpointsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_agent_v1_ListCheckpointsReply__Output>;
  WatchCheckpoints(argument: _openclaw_agent_v1_ListCheckpointsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_agent_v1_ListCheckpointsReply__Output>;
  /**
   * The same listing pushed whenever it changes (the folder is watched, and polled where watching
   * is not possible), starting with the current one, until the client cancels: a checkpoint
   * renamed into place reaches the client within a few tens of ms.
   */
  watchCheckpoints(argument: _openclaw_agent_v1_ListCheckpointsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_agent_v1_ListCheckpointsReply__Output>;
  watchCheckpoints(argument: _openclaw_agent_v1_ListCheckpointsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_agent_v1_ListCheckpointsReply__Output>;
  
  /**
   * The same heartbeat pushed by the agent every interval_ms on one long-lived stream, until the
   * client cancels: what a manager of many agents uses (a message a beat on an open stream costs a
   * fraction of a call a beat).
   */
  WatchHeartbeat(argument: _openclaw_agent_v1_WatchHeartbeatRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_agent_v1_HeartbeatReply__Output>;
  WatchHeartbeat(argument: _openclaw_agent_v1_WatchHeartbeatRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_agent_v1_HeartbeatReply__Output>;
  /**
   * The same heartbeat pushed by the agent every interval_ms on one long-lived stream, until the
   * client cancels: what a manager of many agents uses (a message a beat on an open stream costs a
   * fraction of a call a beat).
   */
  watchHeartbeat(argument: _openclaw_agent_v1_WatchHeartbeatRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_agent_v1_HeartbeatReply__Output>;
  watchHeartbeat(argument: _openclaw_agent_v1_WatchHeartbeatRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_agent_v1_HeartbeatReply__Output>;
  
}

/**
 * The node agent API: the one definition. TypeScript types are generated from this file into
 * proto/generated/ (node proto/gen.mjs); proto/load.ts loads it at runtime with the same options.
 * 
 * Every call carries `authorization: Bearer <token>` metadata; a missing or wrong token is
 * answered UNAUTHENTICATED. Paths in requests are relative to a root the agent owns (the job's
 * working directory, its checkpoint directory, the agent's log folder); anything that would leave
 * that root is answered PERMISSION_DENIED.
 */
export interface AgentHandlers extends grpc.UntypedServiceImplementation {
  /**
   * A file under a checkpoint folder: its size, its SHA-256 when asked, and how much of it an
   * unfinished PutCheckpointFile left: where a copy resumes from.
   */
  CheckpointFileStatus: grpc.handleUnaryCall<_openclaw_agent_v1_CheckpointFileRequest__Output, _openclaw_agent_v1_CheckpointFileStatusReply>;
  
  /**
   * A control plane (`openclaw serve`) takes the agent as its own: refused (FAILED_PRECONDITION)
   * while another control plane's claim is live. While claimed, launches by any other manager are
   * refused. The claim lives as long as its holder's leases do (its heartbeats renew it).
   */
  ClaimNode: grpc.handleUnaryCall<_openclaw_agent_v1_ClaimNodeRequest__Output, _openclaw_agent_v1_ClaimNodeReply>;
  
  /**
   * A file under the job's working or checkpoint directory (results, e.g. final weights), in
   * chunks; the last chunk carries the SHA-256 of everything sent.
   */
  FetchFile: grpc.handleServerStreamingCall<_openclaw_agent_v1_FetchFileRequest__Output, _openclaw_agent_v1_FileChunk>;
  
  /**
   * Drops the records (not the logs) of a job's exited ranks once the manager is done with them.
   */
  ForgetJob: grpc.handleUnaryCall<_openclaw_agent_v1_ForgetJobRequest__Output, _openclaw_agent_v1_ForgetJobReply>;
  
  /**
   * Metric lines (`@openclaw {json}`) printed by the ranks since a sequence number, plus process
   * and device usage now.
   */
  GetMetrics: grpc.handleUnaryCall<_openclaw_agent_v1_MetricsRequest__Output, _openclaw_agent_v1_MetricsReply>;
  
  /**
   * CPUs, memory, devices (GPUs keyed by UUID, or CPU slots on a machine without GPUs), NVLink islands.
   */
  GetNodeInfo: grpc.handleUnaryCall<_openclaw_agent_v1_NodeInfoRequest__Output, _openclaw_agent_v1_NodeInfo>;
  
  /**
   * Agent version and API level; the client refuses an agent whose API level it does not speak.
   */
  GetVersion: grpc.handleUnaryCall<_openclaw_agent_v1_VersionRequest__Output, _openclaw_agent_v1_VersionReply>;
  
  /**
   * Liveness plus the state of every rank the agent knows (so exits are seen within one beat).
   */
  Heartbeat: grpc.handleUnaryCall<_openclaw_agent_v1_HeartbeatRequest__Output, _openclaw_agent_v1_HeartbeatReply>;
  
  /**
   * What is inside one checkpoint (tensors, training state, model), read from its headers and
   * directories on this node without loading it; a pickle that would run code is refused.
   */
  InspectCheckpoint: grpc.handleUnaryCall<_openclaw_agent_v1_InspectCheckpointRequest__Output, _openclaw_agent_v1_InspectCheckpointReply>;
  
  /**
   * Starts the ranks of one job attempt that are placed on this node. Idempotent: asking again for
   * a (job, attempt) that this agent already started returns the existing ranks, launching nothing.
   */
  LaunchRanks: grpc.handleUnaryCall<_openclaw_agent_v1_LaunchRequest__Output, _openclaw_agent_v1_LaunchReply>;
  
  /**
   * Checkpoints under the job's checkpoint directory, recognised by format.
   */
  ListCheckpoints: grpc.handleUnaryCall<_openclaw_agent_v1_ListCheckpointsRequest__Output, _openclaw_agent_v1_ListCheckpointsReply>;
  
  /**
   * Ranks the agent knows (running or exited), recorded on disk: what a restarted manager
   * re-attaches to.
   */
  ListRanks: grpc.handleUnaryCall<_openclaw_agent_v1_ListRanksRequest__Output, _openclaw_agent_v1_ListRanksReply>;
  
  /**
   * Writes a file under a job's checkpoint folder on this node (a checkpoint that follows its job
   * to a node that lacks it): chunks from an offset into `<path>.openclaw-part`; after the last one
   * the whole file is hashed again from disk, and put in place only when it matches.
   */
  PutCheckpointFile: grpc.handleClientStreamingCall<_openclaw_agent_v1_PutFileChunk__Output, _openclaw_agent_v1_PutFileReply>;
  
  /**
   * Sends a signal to ranks' process groups; with grace_ms, SIGKILL follows if they outlive it.
   */
  Signal: grpc.handleUnaryCall<_openclaw_agent_v1_SignalRequest__Output, _openclaw_agent_v1_SignalReply>;
  
  /**
   * One rank's output (stdout and stderr, interleaved as written), from a byte offset; with
   * follow, keeps streaming until the rank exits and its log is drained. The server writes only
   * as fast as the client reads.
   */
  StreamLogs: grpc.handleServerStreamingCall<_openclaw_agent_v1_LogRequest__Output, _openclaw_agent_v1_LogChunk>;
  
  /**
   * The same listing pushed whenever it changes (the folder is watched, and polled where watching
   * is not possible), starting with the current one, until the client cancels: a checkpoint
   * renamed into place reaches the client within a few tens of ms.
   */
  WatchCheckpoints: grpc.handleServerStreamingCall<_openclaw_agent_v1_ListCheckpointsRequest__Output, _openclaw_agent_v1_ListCheckpointsReply>;
  
  /**
   * The same heartbeat pushed by the agent every interval_ms on one long-lived stream, until the
   * client cancels: what a manager of many agents uses (a message a beat on an open stream costs a
   * fraction of a call a beat).
   */
  WatchHeartbeat: grpc.handleServerStreamingCall<_openclaw_agent_v1_WatchHeartbeatRequest__Output, _openclaw_agent_v1_HeartbeatReply>;
  
}

export interface AgentDefinition extends grpc.ServiceDefinition {
  CheckpointFileStatus: MethodDefinition<_openclaw_agent_v1_CheckpointFileRequest, _openclaw_agent_v1_CheckpointFileStatusReply, _openclaw_agent_v1_CheckpointFileRequest__Output, _openclaw_agent_v1_CheckpointFileStatusReply__Output>
  ClaimNode: MethodDefinition<_openclaw_agent_v1_ClaimNodeRequest, _openclaw_agent_v1_ClaimNodeReply, _openclaw_agent_v1_ClaimNodeRequest__Output, _openclaw_agent_v1_ClaimNodeReply__Output>
  FetchFile: MethodDefinition<_openclaw_agent_v1_FetchFileRequest, _openclaw_agent_v1_FileChunk, _openclaw_agent_v1_FetchFileRequest__Output, _openclaw_agent_v1_FileChunk__Output>
  ForgetJob: MethodDefinition<_openclaw_agent_v1_ForgetJobRequest, _openclaw_agent_v1_ForgetJobReply, _openclaw_agent_v1_ForgetJobRequest__Output, _openclaw_agent_v1_ForgetJobReply__Output>
  GetMetrics: MethodDefinition<_openclaw_agent_v1_MetricsRequest, _openclaw_agent_v1_MetricsReply, _openclaw_agent_v1_MetricsRequest__Output, _openclaw_agent_v1_MetricsReply__Output>
  GetNodeInfo: MethodDefinition<_openclaw_agent_v1_NodeInfoRequest, _openclaw_agent_v1_NodeInfo, _openclaw_agent_v1_NodeInfoRequest__Output, _openclaw_agent_v1_NodeInfo__Output>
  GetVersion: MethodDefinition<_openclaw_agent_v1_VersionRequest, _openclaw_agent_v1_VersionReply, _openclaw_agent_v1_VersionRequest__Output, _openclaw_agent_v1_VersionReply__Output>
  Heartbeat: MethodDefinition<_openclaw_agent_v1_HeartbeatRequest, _openclaw_agent_v1_HeartbeatReply, _openclaw_agent_v1_HeartbeatRequest__Output, _openclaw_agent_v1_HeartbeatReply__Output>
  InspectCheckpoint: MethodDefinition<_openclaw_agent_v1_InspectCheckpointRequest, _openclaw_agent_v1_InspectCheckpointReply, _openclaw_agent_v1_InspectCheckpointRequest__Output, _openclaw_agent_v1_InspectCheckpointReply__Output>
  LaunchRanks: MethodDefinition<_openclaw_agent_v1_LaunchRequest, _openclaw_agent_v1_LaunchReply, _openclaw_agent_v1_LaunchRequest__Output, _openclaw_agent_v1_LaunchReply__Output>
  ListCheckpoints: MethodDefinition<_openclaw_agent_v1_ListCheckpointsRequest, _openclaw_agent_v1_ListCheckpointsReply, _openclaw_agent_v1_ListCheckpointsRequest__Output, _openclaw_agent_v1_ListCheckpointsReply__Output>
  ListRanks: MethodDefinition<_openclaw_agent_v1_ListRanksRequest, _openclaw_agent_v1_ListRanksReply, _openclaw_agent_v1_ListRanksRequest__Output, _openclaw_agent_v1_ListRanksReply__Output>
  PutCheckpointFile: MethodDefinition<_openclaw_agent_v1_PutFileChunk, _openclaw_agent_v1_PutFileReply, _openclaw_agent_v1_PutFileChunk__Output, _openclaw_agent_v1_PutFileReply__Output>
  Signal: MethodDefinition<_openclaw_agent_v1_SignalRequest, _openclaw_agent_v1_SignalReply, _openclaw_agent_v1_SignalRequest__Output, _openclaw_agent_v1_SignalReply__Output>
  StreamLogs: MethodDefinition<_openclaw_agent_v1_LogRequest, _openclaw_agent_v1_LogChunk, _openclaw_agent_v1_LogRequest__Output, _openclaw_agent_v1_LogChunk__Output>
  WatchCheckpoints: MethodDefinition<_openclaw_agent_v1_ListCheckpointsRequest, _openclaw_agent_v1_ListCheckpointsReply, _openclaw_agent_v1_ListCheckpointsRequest__Output, _openclaw_agent_v1_ListCheckpointsReply__Output>
  WatchHeartbeat: MethodDefinition<_openclaw_agent_v1_WatchHeartbeatRequest, _openclaw_agent_v1_HeartbeatReply, _openclaw_agent_v1_WatchHeartbeatRequest__Output, _openclaw_agent_v1_HeartbeatReply__Output>
}
