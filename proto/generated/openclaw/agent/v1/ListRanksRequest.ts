// Original file: proto/agent.proto


export interface ListRanksRequest {
  /**
   * Empty: every job.
   */
  'jobId'?: (string);
}

export interface ListRanksRequest__Output {
  /**
   * Empty: every job.
   */
  'jobId': (string);
}
