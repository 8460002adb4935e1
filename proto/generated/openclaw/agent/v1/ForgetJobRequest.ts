// Original file: proto/agent.proto


export interface ForgetJobRequest {
  'jobId'?: (string);
}

export interface ForgetJobRequest__Output {
  'jobId': (string);
}
