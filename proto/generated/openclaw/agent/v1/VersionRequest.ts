// Original file: proto/agent.proto


export interface VersionRequest {
  'clientVersion'?: (string);
  'clientApi'?: (number);
}

export interface VersionRequest__Output {
  'clientVersion': (string);
  'clientApi': (number);
}
