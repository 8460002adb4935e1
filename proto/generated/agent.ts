import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AgentClient as _openclaw_agent_v1_AgentClient, AgentDefinition as _openclaw_agent_v1_AgentDefinition } from './openclaw/agent/v1/Agent';
import type { Checkpoint as _openclaw_agent_v1_Checkpoint, Checkpoint__Output as _openclaw_agent_v1_Checkpoint__Output } from './openclaw/agent/v1/Checkpoint';
import type { CheckpointFileRequest as _openclaw_agent_v1_CheckpointFileRequest, CheckpointFileRequest__Output as _openclaw_agent_v1_CheckpointFileRequest__Output } from './openclaw/agent/v1/CheckpointFileRequest';
import type { CheckpointFileStatusReply as _openclaw_agent_v1_CheckpointFileStatusReply, CheckpointFileStatusReply__Output as _openclaw_agent_v1_CheckpointFileStatusReply__Output } from './openclaw/agent/v1/CheckpointFileStatusReply';
import type { ClaimNodeReply as _openclaw_agent_v1_ClaimNodeReply, ClaimNodeReply__Output as _openclaw_agent_v1_ClaimNodeReply__Output } from './openclaw/agent/v1/ClaimNodeReply';
import type { ClaimNodeRequest as _openclaw_agent_v1_ClaimNodeRequest, ClaimNodeRequest__Output as _openclaw_agent_v1_ClaimNodeRequest__Output } from './openclaw/agent/v1/ClaimNodeRequest';
import type { Device as _openclaw_agent_v1_Device, Device__Output as _openclaw_agent_v1_Device__Output } from './openclaw/agent/v1/Device';
import type { FetchFileRequest as _openclaw_agent_v1_FetchFileRequest, FetchFileRequest__Output as _openclaw_agent_v1_FetchFileRequest__Output } from './openclaw/agent/v1/FetchFileRequest';
import type { FileChunk as _openclaw_agent_v1_FileChunk, FileChunk__Output as _openclaw_agent_v1_FileChunk__Output } from './openclaw/agent/v1/FileChunk';
import type { ForgetJobReply as _openclaw_agent_v1_ForgetJobReply, ForgetJobReply__Output as _openclaw_agent_v1_ForgetJobReply__Output } from './openclaw/agent/v1/ForgetJobReply';
import type { ForgetJobRequest as _openclaw_agent_v1_ForgetJobRequest, ForgetJobRequest__Output as _openclaw_agent_v1_ForgetJobRequest__Output } from './openclaw/agent/v1/ForgetJobRequest';
import type { HeartbeatReply as _openclaw_agent_v1_HeartbeatReply, HeartbeatReply__Output as _openclaw_agent_v1_HeartbeatReply__Output } from './openclaw/agent/v1/HeartbeatReply';
import type { HeartbeatRequest as _openclaw_agent_v1_HeartbeatRequest, HeartbeatRequest__Output as _openclaw_agent_v1_HeartbeatRequest__Output } from './openclaw/agent/v1/HeartbeatRequest';
import type { InspectCheckpointReply as _openclaw_agent_v1_InspectCheckpointReply, InspectCheckpointReply__Output as _openclaw_agent_v1_InspectCheckpointReply__Output } from './openclaw/agent/v1/InspectCheckpointReply';
import type { InspectCheckpointRequest as _openclaw_agent_v1_InspectCheckpointRequest, InspectCheckpointRequest__Output as _openclaw_agent_v1_InspectCheckpointRequest__Output } from './openclaw/agent/v1/InspectCheckpointRequest';
import type { Island as _openclaw_agent_v1_Island, Island__Output as _openclaw_agent_v1_Island__Output } from './openclaw/agent/v1/Island';
import type { LaunchReply as _openclaw_agent_v1_LaunchReply, LaunchReply__Output as _openclaw_agent_v1_LaunchReply__Output } from './openclaw/agent/v1/LaunchReply';
import type { LaunchRequest as _openclaw_agent_v1_LaunchRequest, LaunchRequest__Output as _openclaw_agent_v1_LaunchRequest__Output } from './openclaw/agent/v1/LaunchRequest';
import type { ListCheckpointsReply as _openclaw_agent_v1_ListCheckpointsReply, ListCheckpointsReply__Output as _openclaw_agent_v1_ListCheckpointsReply__Output } from './openclaw/agent/v1/ListCheckpointsReply';
import type { ListCheckpointsRequest as _openclaw_agent_v1_ListCheckpointsRequest, ListCheckpointsRequest__Output as _openclaw_agent_v1_ListCheckpointsRequest__Output } from './openclaw/agent/v1/ListCheckpointsRequest';
import type { ListRanksReply as _openclaw_agent_v1_ListRanksReply, ListRanksReply__Output as _openclaw_agent_v1_ListRanksReply__Output } from './openclaw/agent/v1/ListRanksReply';
import type { ListRanksRequest as _openclaw_agent_v1_ListRanksRequest, ListRanksRequest__Output as _openclaw_agent_v1_ListRanksRequest__Output } from './openclaw/agent/v1/ListRanksRequest';
import type { LogChunk as _openclaw_agent_v1_LogChunk, LogChunk__Output as _openclaw_agent_v1_LogChunk__Output } from './openclaw/agent/v1/LogChunk';
import type { LogRequest as _openclaw_agent_v1_LogRequest, LogRequest__Output as _openclaw_agent_v1_LogRequest__Output } from './openclaw/agent/v1/LogRequest';
import type { MetricSample as _openclaw_agent_v1_MetricSample, MetricSample__Output as _openclaw_agent_v1_MetricSample__Output } from './openclaw/agent/v1/MetricSample';
import type { MetricsReply as _openclaw_agent_v1_MetricsReply, MetricsReply__Output as _openclaw_agent_v1_MetricsReply__Output } from './openclaw/agent/v1/MetricsReply';
import type { MetricsRequest as _openclaw_agent_v1_MetricsRequest, MetricsRequest__Output as _openclaw_agent_v1_MetricsRequest__Output } from './openclaw/agent/v1/MetricsRequest';
import type { NodeInfo as _openclaw_agent_v1_NodeInfo, NodeInfo__Output as _openclaw_agent_v1_NodeInfo__Output } from './openclaw/agent/v1/NodeInfo';
import type { NodeInfoRequest as _openclaw_agent_v1_NodeInfoRequest, NodeInfoRequest__Output as _openclaw_agent_v1_NodeInfoRequest__Output } from './openclaw/agent/v1/NodeInfoRequest';
import type { ProcessUsage as _openclaw_agent_v1_ProcessUsage, ProcessUsage__Output as _openclaw_agent_v1_ProcessUsage__Output } from './openclaw/agent/v1/ProcessUsage';
import type { PutFileChunk as _openclaw_agent_v1_PutFileChunk, PutFileChunk__Output as _openclaw_agent_v1_PutFileChunk__Output } from './openclaw/agent/v1/PutFileChunk';
import type { PutFileReply as _openclaw_agent_v1_PutFileReply, PutFileReply__Output as _openclaw_agent_v1_PutFileReply__Output } from './openclaw/agent/v1/PutFileReply';
import type { RankPlacement as _openclaw_agent_v1_RankPlacement, RankPlacement__Output as _openclaw_agent_v1_RankPlacement__Output } from './openclaw/agent/v1/RankPlacement';
import type { RankStatus as _openclaw_agent_v1_RankStatus, RankStatus__Output as _openclaw_agent_v1_RankStatus__Output } from './openclaw/agent/v1/RankStatus';
import type { Rendezvous as _openclaw_agent_v1_Rendezvous, Rendezvous__Output as _openclaw_agent_v1_Rendezvous__Output } from './openclaw/agent/v1/Rendezvous';
import type { SignalReply as _openclaw_agent_v1_SignalReply, SignalReply__Output as _openclaw_agent_v1_SignalReply__Output } from './openclaw/agent/v1/SignalReply';
import type { SignalRequest as _openclaw_agent_v1_SignalRequest, SignalRequest__Output as _openclaw_agent_v1_SignalRequest__Output } from './openclaw/agent/v1/SignalRequest';
import type { VersionReply as _openclaw_agent_v1_VersionReply, VersionReply__Output as _openclaw_agent_v1_VersionReply__Output } from './openclaw/agent/v1/VersionReply';
import type { VersionRequest as _openclaw_agent_v1_VersionRequest, VersionRequest__Output as _openclaw_agent_v1_VersionRequest__Output } from './openclaw/agent/v1/VersionRequest';
import type { WatchHeartbeatRequest as _openclaw_agent_v1_WatchHeartbeatRequest, WatchHeartbeatRequest__Output as _openclaw_agent_v1_WatchHeartbeatRequest__Output } from './openclaw/agent/v1/WatchHeartbeatRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  openclaw: {
    agent: {
      v1: {
        /**
         * The node agent API: the one definition. TypeScript types are generated from this file into
         * proto/generated/ (node proto/gen.mjs); proto/load.ts loads it at runtime with the same options.
         * 
         * Every call carries `authorization: Bearer <token>` metadata; a missing or wrong token is
         * answered UNAUTHENTICATED. Paths in requests are relative to a root the agent owns (the job's
         * working directory, its checkpoint directory, the agent's log folder); anything that would leave
         * that root is answered PERMISSION_DENIED.
         */
        Agent: SubtypeConstructor<typeof grpc.Client, _openclaw_agent_v1_AgentClient> & { service: _openclaw_agent_v1_AgentDefinition }
        Checkpoint: MessageTypeDefinition<_openclaw_agent_v1_Checkpoint, _openclaw_agent_v1_Checkpoint__Output>
        CheckpointFileRequest: MessageTypeDefinition<_openclaw_agent_v1_CheckpointFileRequest, _openclaw_agent_v1_CheckpointFileRequest__Output>
        CheckpointFileStatusReply: MessageTypeDefinition<_openclaw_agent_v1_CheckpointFileStatusReply, _openclaw_agent_v1_CheckpointFileStatusReply__Output>
        ClaimNodeReply: MessageTypeDefinition<_openclaw_agent_v1_ClaimNodeReply, _openclaw_agent_v1_ClaimNodeReply__Output>
        ClaimNodeRequest: MessageTypeDefinition<_openclaw_agent_v1_ClaimNodeRequest, _openclaw_agent_v1_ClaimNodeRequest__Output>
        Device: MessageTypeDefinition<_openclaw_agent_v1_Device, _openclaw_agent_v1_Device__Output>
        FetchFileRequest: MessageTypeDefinition<_openclaw_agent_v1_FetchFileRequest, _openclaw_agent_v1_FetchFileRequest__Output>
        FileChunk: MessageTypeDefinition<_openclaw_agent_v1_FileChunk, _openclaw_agent_v1_FileChunk__Output>
        FileRoot: EnumTypeDefinition
        ForgetJobReply: MessageTypeDefinition<_openclaw_agent_v1_ForgetJobReply, _openclaw_agent_v1_ForgetJobReply__Output>
        ForgetJobRequest: MessageTypeDefinition<_openclaw_agent_v1_ForgetJobRequest, _openclaw_agent_v1_ForgetJobRequest__Output>
        HeartbeatReply: MessageTypeDefinition<_openclaw_agent_v1_HeartbeatReply, _openclaw_agent_v1_HeartbeatReply__Output>
        HeartbeatRequest: MessageTypeDefinition<_openclaw_agent_v1_HeartbeatRequest, _openclaw_agent_v1_HeartbeatRequest__Output>
        InspectCheckpointReply: MessageTypeDefinition<_openclaw_agent_v1_InspectCheckpointReply, _openclaw_agent_v1_InspectCheckpointReply__Output>
        InspectCheckpointRequest: MessageTypeDefinition<_openclaw_agent_v1_InspectCheckpointRequest, _openclaw_agent_v1_InspectCheckpointRequest__Output>
        Island: MessageTypeDefinition<_openclaw_agent_v1_Island, _openclaw_agent_v1_Island__Output>
        LaunchReply: MessageTypeDefinition<_openclaw_agent_v1_LaunchReply, _openclaw_agent_v1_LaunchReply__Output>
        LaunchRequest: MessageTypeDefinition<_openclaw_agent_v1_LaunchRequest, _openclaw_agent_v1_LaunchRequest__Output>
        ListCheckpointsReply: MessageTypeDefinition<_openclaw_agent_v1_ListCheckpointsReply, _openclaw_agent_v1_ListCheckpointsReply__Output>
        ListCheckpointsRequest: MessageTypeDefinition<_openclaw_agent_v1_ListCheckpointsRequest, _openclaw_agent_v1_ListCheckpointsRequest__Output>
        ListRanksReply: MessageTypeDefinition<_openclaw_agent_v1_ListRanksReply, _openclaw_agent_v1_ListRanksReply__Output>
        ListRanksRequest: MessageTypeDefinition<_openclaw_agent_v1_ListRanksRequest, _openclaw_agent_v1_ListRanksRequest__Output>
        LogChunk: MessageTypeDefinition<_openclaw_agent_v1_LogChunk, _openclaw_agent_v1_LogChunk__Output>
        LogRequest: MessageTypeDefinition<_openclaw_agent_v1_LogRequest, _openclaw_agent_v1_LogRequest__Output>
        MetricSample: MessageTypeDefinition<_openclaw_agent_v1_MetricSample, _openclaw_agent_v1_MetricSample__Output>
        MetricsReply: MessageTypeDefinition<_openclaw_agent_v1_MetricsReply, _openclaw_agent_v1_MetricsReply__Output>
        MetricsRequest: MessageTypeDefinition<_openclaw_agent_v1_MetricsRequest, _openclaw_agent_v1_MetricsRequest__Output>
        NodeInfo: MessageTypeDefinition<_openclaw_agent_v1_NodeInfo, _openclaw_agent_v1_NodeInfo__Output>
        NodeInfoRequest: MessageTypeDefinition<_openclaw_agent_v1_NodeInfoRequest, _openclaw_agent_v1_NodeInfoRequest__Output>
        ProcessUsage: MessageTypeDefinition<_openclaw_agent_v1_ProcessUsage, _openclaw_agent_v1_ProcessUsage__Output>
        PutFileChunk: MessageTypeDefinition<_openclaw_agent_v1_PutFileChunk, _openclaw_agent_v1_PutFileChunk__Output>
        PutFileReply: MessageTypeDefinition<_openclaw_agent_v1_PutFileReply, _openclaw_agent_v1_PutFileReply__Output>
        RankPlacement: MessageTypeDefinition<_openclaw_agent_v1_RankPlacement, _openclaw_agent_v1_RankPlacement__Output>
        RankState: EnumTypeDefinition
        RankStatus: MessageTypeDefinition<_openclaw_agent_v1_RankStatus, _openclaw_agent_v1_RankStatus__Output>
        Rendezvous: MessageTypeDefinition<_openclaw_agent_v1_Rendezvous, _openclaw_agent_v1_Rendezvous__Output>
        SignalReply: MessageTypeDefinition<_openclaw_agent_v1_SignalReply, _openclaw_agent_v1_SignalReply__Output>
        SignalRequest: MessageTypeDefinition<_openclaw_agent_v1_SignalRequest, _openclaw_agent_v1_SignalRequest__Output>
        VersionReply: MessageTypeDefinition<_openclaw_agent_v1_VersionReply, _openclaw_agent_v1_VersionReply__Output>
        VersionRequest: MessageTypeDefinition<_openclaw_agent_v1_VersionRequest, _openclaw_agent_v1_VersionRequest__Output>
        WatchHeartbeatRequest: MessageTypeDefinition<_openclaw_agent_v1_WatchHeartbeatRequest, _openclaw_agent_v1_WatchHeartbeatRequest__Output>
      }
    }
  }
}

