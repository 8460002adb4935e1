// Original file: proto/control.proto


export interface JobRequest {
  'jobId'?: (string);
  'reason'?: (string);
}

export interface JobRequest__Output {
  'jobId': (string);
  'reason': (string);
}
