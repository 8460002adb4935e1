// Original file: proto/control.proto


export interface JsonReply {
  'json'?: (string);
}

export interface JsonReply__Output {
  'json': (string);
}
