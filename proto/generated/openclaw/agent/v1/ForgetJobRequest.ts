// Original file: proto/agent.proto


export interface ForgetJobRequest {
  'jobId'?: (string);
  /**
   * The asking manager: refused for a job another manager's live lease holds.
   */
  'managerId'?: (string);
}

export interface ForgetJobRequest__Output {
  'jobId': (string);
  /**
   * The asking manager: refused for a job another manager's live lease holds.
   */
  'managerId': (string);
}
