// Original file: proto/agent.proto


export interface CheckpointFileRequest {
  /**
   * The job's checkpoint folder is this agent's record of it when it ran the job; otherwise
   * checkpoint_dir (absolute). Paths never leave that folder.
   */
  'jobId'?: (string);
  'checkpointDir'?: (string);
  /**
   * Relative to the checkpoint folder.
   */
  'path'?: (string);
  'wantSha256'?: (boolean);
}

export interface CheckpointFileRequest__Output {
  /**
   * The job's checkpoint folder is this agent's record of it when it ran the job; otherwise
   * checkpoint_dir (absolute). Paths never leave that folder.
   */
  'jobId': (string);
  'checkpointDir': (string);
  /**
   * Relative to the checkpoint folder.
   */
  'path': (string);
  'wantSha256': (boolean);
}
