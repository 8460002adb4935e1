// Original file: proto/agent.proto


export interface ForgetJobReply {
  'forgotten'?: (number);
}

export interface ForgetJobReply__Output {
  'forgotten': (number);
}
