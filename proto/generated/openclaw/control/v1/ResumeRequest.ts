// Original file: proto/control.proto


export interface ResumeRequest {
  'jobId'?: (string);
  'checkpointPath'?: (string);
}

export interface ResumeRequest__Output {
  'jobId': (string);
  'checkpointPath': (string);
}
