import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Change as _openclaw_control_v1_Change, Change__Output as _openclaw_control_v1_Change__Output } from './openclaw/control/v1/Change';
import type { ControlPlaneClient as _openclaw_control_v1_ControlPlaneClient, ControlPlaneDefinition as _openclaw_control_v1_ControlPlaneDefinition } from './openclaw/control/v1/ControlPlane';
import type { DrainRequest as _openclaw_control_v1_DrainRequest, DrainRequest__Output as _openclaw_control_v1_DrainRequest__Output } from './openclaw/control/v1/DrainRequest';
import type { ForecastReply as _openclaw_control_v1_ForecastReply, ForecastReply__Output as _openclaw_control_v1_ForecastReply__Output } from './openclaw/control/v1/ForecastReply';
import type { InspectRequest as _openclaw_control_v1_InspectRequest, InspectRequest__Output as _openclaw_control_v1_InspectRequest__Output } from './openclaw/control/v1/InspectRequest';
import type { JobReply as _openclaw_control_v1_JobReply, JobReply__Output as _openclaw_control_v1_JobReply__Output } from './openclaw/control/v1/JobReply';
import type { JobRequest as _openclaw_control_v1_JobRequest, JobRequest__Output as _openclaw_control_v1_JobRequest__Output } from './openclaw/control/v1/JobRequest';
import type { JsonReply as _openclaw_control_v1_JsonReply, JsonReply__Output as _openclaw_control_v1_JsonReply__Output } from './openclaw/control/v1/JsonReply';
import type { LogChunk as _openclaw_control_v1_LogChunk, LogChunk__Output as _openclaw_control_v1_LogChunk__Output } from './openclaw/control/v1/LogChunk';
import type { LogsRequest as _openclaw_control_v1_LogsRequest, LogsRequest__Output as _openclaw_control_v1_LogsRequest__Output } from './openclaw/control/v1/LogsRequest';
import type { MetricsChunk as _openclaw_control_v1_MetricsChunk, MetricsChunk__Output as _openclaw_control_v1_MetricsChunk__Output } from './openclaw/control/v1/MetricsChunk';
import type { ResumeRequest as _openclaw_control_v1_ResumeRequest, ResumeRequest__Output as _openclaw_control_v1_ResumeRequest__Output } from './openclaw/control/v1/ResumeRequest';
import type { SubmitRequest as _openclaw_control_v1_SubmitRequest, SubmitRequest__Output as _openclaw_control_v1_SubmitRequest__Output } from './openclaw/control/v1/SubmitRequest';
import type { WatchRequest as _openclaw_control_v1_WatchRequest, WatchRequest__Output as _openclaw_control_v1_WatchRequest__Output } from './openclaw/control/v1/WatchRequest';
import type { WhoAmIReply as _openclaw_control_v1_WhoAmIReply, WhoAmIReply__Output as _openclaw_control_v1_WhoAmIReply__Output } from './openclaw/control/v1/WhoAmIReply';
import type { WhoAmIRequest as _openclaw_control_v1_WhoAmIRequest, WhoAmIRequest__Output as _openclaw_control_v1_WhoAmIRequest__Output } from './openclaw/control/v1/WhoAmIRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  openclaw: {
    control: {
      v1: {
        Change: MessageTypeDefinition<_openclaw_control_v1_Change, _openclaw_control_v1_Change__Output>
        ControlPlane: SubtypeConstructor<typeof grpc.Client, _openclaw_control_v1_ControlPlaneClient> & { service: _openclaw_control_v1_ControlPlaneDefinition }
        DrainRequest: MessageTypeDefinition<_openclaw_control_v1_DrainRequest, _openclaw_control_v1_DrainRequest__Output>
        ForecastReply: MessageTypeDefinition<_openclaw_control_v1_ForecastReply, _openclaw_control_v1_ForecastReply__Output>
        InspectRequest: MessageTypeDefinition<_openclaw_control_v1_InspectRequest, _openclaw_control_v1_InspectRequest__Output>
        JobReply: MessageTypeDefinition<_openclaw_control_v1_JobReply, _openclaw_control_v1_JobReply__Output>
        JobRequest: MessageTypeDefinition<_openclaw_control_v1_JobRequest, _openclaw_control_v1_JobRequest__Output>
        JsonReply: MessageTypeDefinition<_openclaw_control_v1_JsonReply, _openclaw_control_v1_JsonReply__Output>
        LogChunk: MessageTypeDefinition<_openclaw_control_v1_LogChunk, _openclaw_control_v1_LogChunk__Output>
        LogsRequest: MessageTypeDefinition<_openclaw_control_v1_LogsRequest, _openclaw_control_v1_LogsRequest__Output>
        MetricsChunk: MessageTypeDefinition<_openclaw_control_v1_MetricsChunk, _openclaw_control_v1_MetricsChunk__Output>
        ResumeRequest: MessageTypeDefinition<_openclaw_control_v1_ResumeRequest, _openclaw_control_v1_ResumeRequest__Output>
        SubmitRequest: MessageTypeDefinition<_openclaw_control_v1_SubmitRequest, _openclaw_control_v1_SubmitRequest__Output>
        WatchRequest: MessageTypeDefinition<_openclaw_control_v1_WatchRequest, _openclaw_control_v1_WatchRequest__Output>
        WhoAmIReply: MessageTypeDefinition<_openclaw_control_v1_WhoAmIReply, _openclaw_control_v1_WhoAmIReply__Output>
        WhoAmIRequest: MessageTypeDefinition<_openclaw_control_v1_WhoAmIRequest, _openclaw_control_v1_WhoAmIRequest__Output>
      }
    }
  }
}

