// Original file: proto/agent.proto


export interface ClaimNodeReply {
  'holder'?: (string);
}

export interface ClaimNodeReply__Output {
  'holder': (string);
}
