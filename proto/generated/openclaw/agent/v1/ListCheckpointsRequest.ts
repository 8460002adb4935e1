// Original file: proto/agent.proto


export interface ListCheckpointsRequest {
  'jobId'?: (string);
}

export interface ListCheckpointsRequest__Output {
  'jobId': (string);
}
