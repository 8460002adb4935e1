// Original file: proto/agent.proto


export interface ClaimNodeRequest {
  'managerId'?: (string);
}

export interface ClaimNodeRequest__Output {
  'managerId': (string);
}
