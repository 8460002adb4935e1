// Original file: proto/agent.proto


export interface NodeInfoRequest {
}

export interface NodeInfoRequest__Output {
}
