// Original file: proto/control.proto


export interface InspectRequest {
  'jobId'?: (string);
  'path'?: (string);
}

export interface InspectRequest__Output {
  'jobId': (string);
  'path': (string);
}
