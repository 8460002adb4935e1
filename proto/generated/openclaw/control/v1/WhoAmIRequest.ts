// Original file: proto/control.proto


export interface WhoAmIRequest {
}

export interface WhoAmIRequest__Output {
}
