// Original file: proto/agent.proto


export interface SignalRequest {
  'jobId'?: (string);
  /**
   * 0: every attempt of the job.
   */
  'attempt'?: (number);
  /**
   * Empty: every rank of the job on this node.
   */
  'ranks'?: (number)[];
  /**
   * "SIGTERM" | "SIGKILL" | "SIGINT" | "SIGUSR1" | "SIGUSR2" | "SIGHUP" | "SIGCONT" | "SIGSTOP"
   */
  'signal'?: (string);
  /**
   * After this many ms, SIGKILL the process groups still alive; 0: no follow-up.
   */
  'graceMs'?: (number);
  /**
   * Reply only when every signalled rank has exited (or grace_ms + 5 s passed).
   */
  'wait'?: (boolean);
  /**
   * The asking manager (LaunchRequest.manager_id): refused for a job another manager's live lease holds.
   */
  'managerId'?: (string);
}

export interface SignalRequest__Output {
  'jobId': (string);
  /**
   * 0: every attempt of the job.
   */
  'attempt': (number);
  /**
   * Empty: every rank of the job on this node.
   */
  'ranks': (number)[];
  /**
   * "SIGTERM" | "SIGKILL" | "SIGINT" | "SIGUSR1" | "SIGUSR2" | "SIGHUP" | "SIGCONT" | "SIGSTOP"
   */
  'signal': (string);
  /**
   * After this many ms, SIGKILL the process groups still alive; 0: no follow-up.
   */
  'graceMs': (number);
  /**
   * Reply only when every signalled rank has exited (or grace_ms + 5 s passed).
   */
  'wait': (boolean);
  /**
   * The asking manager (LaunchRequest.manager_id): refused for a job another manager's live lease holds.
   */
  'managerId': (string);
}
