// Original file: proto/agent.proto


export interface Island {
  'devices'?: (number)[];
}

export interface Island__Output {
  'devices': (number)[];
}
