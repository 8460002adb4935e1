// Original file: proto/control.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Change as _openclaw_control_v1_Change, Change__Output as _openclaw_control_v1_Change__Output } from '../../../openclaw/control/v1/Change';
import type { DrainRequest as _openclaw_control_v1_DrainRequest, DrainRequest__Output as _openclaw_control_v1_DrainRequest__Output } from '../../../openclaw/control/v1/DrainRequest';
import type { ForecastReply as _openclaw_control_v1_ForecastReply, ForecastReply__Output as _openclaw_control_v1_ForecastReply__Output } from '../../../openclaw/control/v1/ForecastReply';
import type { InspectRequest as _openclaw_control_v1_InspectRequest, InspectRequest__Output as _openclaw_control_v1_InspectRequest__Output } from '../../../openclaw/control/v1/InspectRequest';
import type { JobReply as _openclaw_control_v1_JobReply, JobReply__Output as _openclaw_control_v1_JobReply__Output } from '../../../openclaw/control/v1/JobReply';
import type { JobRequest as _openclaw_control_v1_JobRequest, JobRequest__Output as _openclaw_control_v1_JobRequest__Output } from '../../../openclaw/control/v1/JobRequest';
import type { JsonReply as _openclaw_control_v1_JsonReply, JsonReply__Output as _openclaw_control_v1_JsonReply__Output } from '../../../openclaw/control/v1/JsonReply';
import type { LogChunk as _openclaw_control_v1_LogChunk, LogChunk__Output as _openclaw_control_v1_LogChunk__Output } from '../../../openclaw/control/v1/LogChunk';
import type { LogsRequest as _openclaw_control_v1_LogsRequest, LogsRequest__Output as _openclaw_control_v1_LogsRequest__Output } from '../../../openclaw/control/v1/LogsRequest';
import type { MetricsChunk as _openclaw_control_v1_MetricsChunk, MetricsChunk__Output as _openclaw_control_v1_MetricsChunk__Output } from '../../../openclaw/control/v1/MetricsChunk';
import type { ResumeRequest as _openclaw_control_v1_ResumeRequest, ResumeRequest__Output as _openclaw_control_v1_ResumeRequest__Output } from '../../../openclaw/control/v1/ResumeRequest';
import type { SubmitRequest as _openclaw_control_v1_SubmitRequest, SubmitRequest__Output as _openclaw_control_v1_SubmitRequest__Output } from '../../../openclaw/control/v1/SubmitRequest';
import type { WatchRequest as _openclaw_control_v1_WatchRequest, WatchRequest__Output as _openclaw_control_v1_WatchRequest__Output } from '../../../openclaw/control/v1/WatchRequest';
import type { WhoAmIReply as _openclaw_control_v1_WhoAmIReply, WhoAmIReply__Output as _openclaw_control_v1_WhoAmIReply__Output } from '../../../openclaw/control/v1/WhoAmIReply';
import type { WhoAmIRequest as _openclaw_control_v1_WhoAmIRequest, WhoAmIRequest__Output as _openclaw_control_v1_WhoAmIRequest__Output } from '../../../openclaw/control/v1/WhoAmIRequest';

export interface ControlPlaneClient extends grpc.Client {
  /**
   * Cancel, restart or resume: the job's owner or an admin only (PERMISSION_DENIED otherwise).
   */
  Cancel(argument: _openclaw_control_v1_JobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _openclaw_control_v1_JobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _openclaw_control_v1_JobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _openclaw_control_v1_JobRequest, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  /**
   * Cancel, restart or resume: the job's owner or an admin only (PERMISSION_DENIED otherwise).
   */
  cancel(argument: _openclaw_control_v1_JobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  cancel(argument: _openclaw_control_v1_JobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  cancel(argument: _openclaw_control_v1_JobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  cancel(argument: _openclaw_control_v1_JobRequest, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  
  Checkpoints(argument: _openclaw_control_v1_JobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  Checkpoints(argument: _openclaw_control_v1_JobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  Checkpoints(argument: _openclaw_control_v1_JobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  Checkpoints(argument: _openclaw_control_v1_JobRequest, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  checkpoints(argument: _openclaw_control_v1_JobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  checkpoints(argument: _openclaw_control_v1_JobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  checkpoints(argument: _openclaw_control_v1_JobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  checkpoints(argument: _openclaw_control_v1_JobRequest, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Admins: take a node out of (or back into) scheduling; its running ranks run on.
   */
  DrainNode(argument: _openclaw_control_v1_DrainRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  DrainNode(argument: _openclaw_control_v1_DrainRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  DrainNode(argument: _openclaw_control_v1_DrainRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  DrainNode(argument: _openclaw_control_v1_DrainRequest, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  /**
   * Admins: take a node out of (or back into) scheduling; its running ranks run on.
   */
  drainNode(argument: _openclaw_control_v1_DrainRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  drainNode(argument: _openclaw_control_v1_DrainRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  drainNode(argument: _openclaw_control_v1_DrainRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  drainNode(argument: _openclaw_control_v1_DrainRequest, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * When a spec submitted now would start: the live queue replayed in the simulator with the
   * control plane's policy.
   */
  Forecast(argument: _openclaw_control_v1_SubmitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_ForecastReply__Output>): grpc.ClientUnaryCall;
  Forecast(argument: _openclaw_control_v1_SubmitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_control_v1_ForecastReply__Output>): grpc.ClientUnaryCall;
  Forecast(argument: _openclaw_control_v1_SubmitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_ForecastReply__Output>): grpc.ClientUnaryCall;
  Forecast(argument: _openclaw_control_v1_SubmitRequest, callback: grpc.requestCallback<_openclaw_control_v1_ForecastReply__Output>): grpc.ClientUnaryCall;
  /**
   * When a spec submitted now would start: the live queue replayed in the simulator with the
   * control plane's policy.
   */
  forecast(argument: _openclaw_control_v1_SubmitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_ForecastReply__Output>): grpc.ClientUnaryCall;
  forecast(argument: _openclaw_control_v1_SubmitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_control_v1_ForecastReply__Output>): grpc.ClientUnaryCall;
  forecast(argument: _openclaw_control_v1_SubmitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_ForecastReply__Output>): grpc.ClientUnaryCall;
  forecast(argument: _openclaw_control_v1_SubmitRequest, callback: grpc.requestCallback<_openclaw_control_v1_ForecastReply__Output>): grpc.ClientUnaryCall;
  
  InspectCheckpoint(argument: _openclaw_control_v1_InspectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  InspectCheckpoint(argument: _openclaw_control_v1_InspectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  InspectCheckpoint(argument: _openclaw_control_v1_InspectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  InspectCheckpoint(argument: _openclaw_control_v1_InspectRequest, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  inspectCheckpoint(argument: _openclaw_control_v1_InspectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  inspectCheckpoint(argument: _openclaw_control_v1_InspectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  inspectCheckpoint(argument: _openclaw_control_v1_InspectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  inspectCheckpoint(argument: _openclaw_control_v1_InspectRequest, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * A job's rank output (all ranks, or one), from an offset or the tail; `follow` keeps streaming.
   */
  Logs(argument: _openclaw_control_v1_LogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_control_v1_LogChunk__Output>;
  Logs(argument: _openclaw_control_v1_LogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_control_v1_LogChunk__Output>;
  /**
   * A job's rank output (all ranks, or one), from an offset or the tail; `follow` keeps streaming.
   */
  logs(argument: _openclaw_control_v1_LogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_control_v1_LogChunk__Output>;
  logs(argument: _openclaw_control_v1_LogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_control_v1_LogChunk__Output>;
  
  /**
   * The job's report once it ended (empty JSON while it runs).
   */
  Report(argument: _openclaw_control_v1_JobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  Report(argument: _openclaw_control_v1_JobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  Report(argument: _openclaw_control_v1_JobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  Report(argument: _openclaw_control_v1_JobRequest, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  /**
   * The job's report once it ended (empty JSON while it runs).
   */
  report(argument: _openclaw_control_v1_JobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  report(argument: _openclaw_control_v1_JobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  report(argument: _openclaw_control_v1_JobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  report(argument: _openclaw_control_v1_JobRequest, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  
  Restart(argument: _openclaw_control_v1_JobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  Restart(argument: _openclaw_control_v1_JobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  Restart(argument: _openclaw_control_v1_JobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  Restart(argument: _openclaw_control_v1_JobRequest, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  restart(argument: _openclaw_control_v1_JobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  restart(argument: _openclaw_control_v1_JobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  restart(argument: _openclaw_control_v1_JobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  restart(argument: _openclaw_control_v1_JobRequest, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  
  Resume(argument: _openclaw_control_v1_ResumeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  Resume(argument: _openclaw_control_v1_ResumeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  Resume(argument: _openclaw_control_v1_ResumeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  Resume(argument: _openclaw_control_v1_ResumeRequest, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  resume(argument: _openclaw_control_v1_ResumeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  resume(argument: _openclaw_control_v1_ResumeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  resume(argument: _openclaw_control_v1_ResumeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  resume(argument: _openclaw_control_v1_ResumeRequest, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * A job for the caller; refused (INVALID_ARGUMENT) for a spec that fails validation, and
   * (RESOURCE_EXHAUSTED) for one larger than the caller's device quota.
   */
  Submit(argument: _openclaw_control_v1_SubmitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  Submit(argument: _openclaw_control_v1_SubmitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  Submit(argument: _openclaw_control_v1_SubmitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  Submit(argument: _openclaw_control_v1_SubmitRequest, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  /**
   * A job for the caller; refused (INVALID_ARGUMENT) for a spec that fails validation, and
   * (RESOURCE_EXHAUSTED) for one larger than the caller's device quota.
   */
  submit(argument: _openclaw_control_v1_SubmitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  submit(argument: _openclaw_control_v1_SubmitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  submit(argument: _openclaw_control_v1_SubmitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  submit(argument: _openclaw_control_v1_SubmitRequest, callback: grpc.requestCallback<_openclaw_control_v1_JobReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Each user's devices held, device-hours this week and quota.
   */
  Usage(argument: _openclaw_control_v1_WhoAmIRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  Usage(argument: _openclaw_control_v1_WhoAmIRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  Usage(argument: _openclaw_control_v1_WhoAmIRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  Usage(argument: _openclaw_control_v1_WhoAmIRequest, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  /**
   * Each user's devices held, device-hours this week and quota.
   */
  usage(argument: _openclaw_control_v1_WhoAmIRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  usage(argument: _openclaw_control_v1_WhoAmIRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  usage(argument: _openclaw_control_v1_WhoAmIRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  usage(argument: _openclaw_control_v1_WhoAmIRequest, callback: grpc.requestCallback<_openclaw_control_v1_JsonReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Every job and node now, then every change as it happens, until the caller hangs up.
   */
  Watch(argument: _openclaw_control_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_control_v1_Change__Output>;
  Watch(argument: _openclaw_control_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_control_v1_Change__Output>;
  /**
   * Every job and node now, then every change as it happens, until the caller hangs up.
   */
  watch(argument: _openclaw_control_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_control_v1_Change__Output>;
  watch(argument: _openclaw_control_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_control_v1_Change__Output>;
  
  /**
   * The job's metric samples now (reset), then each new batch as the job reports them; ends once the
   * job has ended and everything is sent.
   */
  WatchMetrics(argument: _openclaw_control_v1_JobRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_control_v1_MetricsChunk__Output>;
  WatchMetrics(argument: _openclaw_control_v1_JobRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_control_v1_MetricsChunk__Output>;
  /**
   * The job's metric samples now (reset), then each new batch as the job reports them; ends once the
   * job has ended and everything is sent.
   */
  watchMetrics(argument: _openclaw_control_v1_JobRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_control_v1_MetricsChunk__Output>;
  watchMetrics(argument: _openclaw_control_v1_JobRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_openclaw_control_v1_MetricsChunk__Output>;
  
  /**
   * Who the token names, and what the control plane runs on.
   */
  WhoAmI(argument: _openclaw_control_v1_WhoAmIRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_WhoAmIReply__Output>): grpc.ClientUnaryCall;
  WhoAmI(argument: _openclaw_control_v1_WhoAmIRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_control_v1_WhoAmIReply__Output>): grpc.ClientUnaryCall;
  WhoAmI(argument: _openclaw_control_v1_WhoAmIRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_WhoAmIReply__Output>): grpc.ClientUnaryCall;
  WhoAmI(argument: _openclaw_control_v1_WhoAmIRequest, callback: grpc.requestCallback<_openclaw_control_v1_WhoAmIReply__Output>): grpc.ClientUnaryCall;
  /**
   * Who the token names, and what the control plane runs on.
   */
  whoAmI(argument: _openclaw_control_v1_WhoAmIRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_WhoAmIReply__Output>): grpc.ClientUnaryCall;
  whoAmI(argument: _openclaw_control_v1_WhoAmIRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_openclaw_control_v1_WhoAmIReply__Output>): grpc.ClientUnaryCall;
  whoAmI(argument: _openclaw_control_v1_WhoAmIRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_openclaw_control_v1_WhoAmIReply__Output>): grpc.ClientUnaryCall;
  whoAmI(argument: _openclaw_control_v1_WhoAmIRequest, callback: grpc.requestCallback<_openclaw_control_v1_WhoAmIReply__Output>): grpc.ClientUnaryCall;
  
}

export interface ControlPlaneHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Cancel, restart or resume: the job's owner or an admin only (PERMISSION_DENIED otherwise).
   */
  Cancel: grpc.handleUnaryCall<_openclaw_control_v1_JobRequest__Output, _openclaw_control_v1_JobReply>;
  
  Checkpoints: grpc.handleUnaryCall<_openclaw_control_v1_JobRequest__Output, _openclaw_control_v1_JsonReply>;
  
  /**
   * Admins: take a node out of (or back into) scheduling; its running ranks run on.
   */
  DrainNode: grpc.handleUnaryCall<_openclaw_control_v1_DrainRequest__Output, _openclaw_control_v1_JsonReply>;
  
  /**
   * When a spec submitted now would start: the live queue replayed in the simulator with the
   * control plane's policy.
   */
  Forecast: grpc.handleUnaryCall<_openclaw_control_v1_SubmitRequest__Output, _openclaw_control_v1_ForecastReply>;
  
  InspectCheckpoint: grpc.handleUnaryCall<_openclaw_control_v1_InspectRequest__Output, _openclaw_control_v1_JsonReply>;
  
  /**
   * A job's rank output (all ranks, or one), from an offset or the tail; `follow` keeps streaming.
   */
  Logs: grpc.handleServerStreamingCall<_openclaw_control_v1_LogsRequest__Output, _openclaw_control_v1_LogChunk>;
  
  /**
   * The job's report once it ended (empty JSON while it runs).
   */
  Report: grpc.handleUnaryCall<_openclaw_control_v1_JobRequest__Output, _openclaw_control_v1_JsonReply>;
  
  Restart: grpc.handleUnaryCall<_openclaw_control_v1_JobRequest__Output, _openclaw_control_v1_JobReply>;
  
  Resume: grpc.handleUnaryCall<_openclaw_control_v1_ResumeRequest__Output, _openclaw_control_v1_JobReply>;
  
  /**
   * A job for the caller; refused (INVALID_ARGUMENT) for a spec that fails validation, and
   * (RESOURCE_EXHAUSTED) for one larger than the caller's device quota.
   */
  Submit: grpc.handleUnaryCall<_openclaw_control_v1_SubmitRequest__Output, _openclaw_control_v1_JobReply>;
  
  /**
   * Each user's devices held, device-hours this week and quota.
   */
  Usage: grpc.handleUnaryCall<_openclaw_control_v1_WhoAmIRequest__Output, _openclaw_control_v1_JsonReply>;
  
  /**
   * Every job and node now, then every change as it happens, until the caller hangs up.
   */
  Watch: grpc.handleServerStreamingCall<_openclaw_control_v1_WatchRequest__Output, _openclaw_control_v1_Change>;
  
  /**
   * The job's metric samples now (reset), then each new batch as the job reports them; ends once the
   * job has ended and everything is sent.
   */
  WatchMetrics: grpc.handleServerStreamingCall<_openclaw_control_v1_JobRequest__Output, _openclaw_control_v1_MetricsChunk>;
  
  /**
   * Who the token names, and what the control plane runs on.
   */
  WhoAmI: grpc.handleUnaryCall<_openclaw_control_v1_WhoAmIRequest__Output, _openclaw_control_v1_WhoAmIReply>;
  
}

export interface ControlPlaneDefinition extends grpc.ServiceDefinition {
  Cancel: MethodDefinition<_openclaw_control_v1_JobRequest, _openclaw_control_v1_JobReply, _openclaw_control_v1_JobRequest__Output, _openclaw_control_v1_JobReply__Output>
  Checkpoints: MethodDefinition<_openclaw_control_v1_JobRequest, _openclaw_control_v1_JsonReply, _openclaw_control_v1_JobRequest__Output, _openclaw_control_v1_JsonReply__Output>
  DrainNode: MethodDefinition<_openclaw_control_v1_DrainRequest, _openclaw_control_v1_JsonReply, _openclaw_control_v1_DrainRequest__Output, _openclaw_control_v1_JsonReply__Output>
  Forecast: MethodDefinition<_openclaw_control_v1_SubmitRequest, _openclaw_control_v1_ForecastReply, _openclaw_control_v1_SubmitRequest__Output, _openclaw_control_v1_ForecastReply__Output>
  InspectCheckpoint: MethodDefinition<_openclaw_control_v1_InspectRequest, _openclaw_control_v1_JsonReply, _openclaw_control_v1_InspectRequest__Output, _openclaw_control_v1_JsonReply__Output>
  Logs: MethodDefinition<_openclaw_control_v1_LogsRequest, _openclaw_control_v1_LogChunk, _openclaw_control_v1_LogsRequest__Output, _openclaw_control_v1_LogChunk__Output>
  Report: MethodDefinition<_openclaw_control_v1_JobRequest, _openclaw_control_v1_JsonReply, _openclaw_control_v1_JobRequest__Output, _openclaw_control_v1_JsonReply__Output>
  Restart: MethodDefinition<_openclaw_control_v1_JobRequest, _openclaw_control_v1_JobReply, _openclaw_control_v1_JobRequest__Output, _openclaw_control_v1_JobReply__Output>
  Resume: MethodDefinition<_openclaw_control_v1_ResumeRequest, _openclaw_control_v1_JobReply, _openclaw_control_v1_ResumeRequest__Output, _openclaw_control_v1_JobReply__Output>
  Submit: MethodDefinition<_openclaw_control_v1_SubmitRequest, _openclaw_control_v1_JobReply, _openclaw_control_v1_SubmitRequest__Output, _openclaw_control_v1_JobReply__Output>
  Usage: MethodDefinition<_openclaw_control_v1_WhoAmIRequest, _openclaw_control_v1_JsonReply, _openclaw_control_v1_WhoAmIRequest__Output, _openclaw_control_v1_JsonReply__Output>
  Watch: MethodDefinition<_openclaw_control_v1_WatchRequest, _openclaw_control_v1_Change, _openclaw_control_v1_WatchRequest__Output, _openclaw_control_v1_Change__Output>
  WatchMetrics: MethodDefinition<_openclaw_control_v1_JobRequest, _openclaw_control_v1_MetricsChunk, _openclaw_control_v1_JobRequest__Output, _openclaw_control_v1_MetricsChunk__Output>
  WhoAmI: MethodDefinition<_openclaw_control_v1_WhoAmIRequest, _openclaw_control_v1_WhoAmIReply, _openclaw_control_v1_WhoAmIRequest__Output, _openclaw_control_v1_WhoAmIReply__Output>
}
