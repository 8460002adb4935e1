// Original file: proto/agent.proto


export interface InspectCheckpointRequest {
  'jobId'?: (string);
  /**
   * Relative to the job's checkpoint directory: a file or a folder.
   */
  'path'?: (string);
}

export interface InspectCheckpointRequest__Output {
  'jobId': (string);
  /**
   * Relative to the job's checkpoint directory: a file or a folder.
   */
  'path': (string);
}
