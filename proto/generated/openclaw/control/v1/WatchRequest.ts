// Original file: proto/control.proto


export interface WatchRequest {
}

export interface WatchRequest__Output {
}
