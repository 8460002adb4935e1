// Original file: proto/agent.proto


export interface VersionReply {
  /**
   * The agent's package version, e.g. "0.1.0".
   */
  'version'?: (string);
  /**
   * The API level this agent serves; a client that speaks a different one refuses to go on.
   */
  'api'?: (number);
  'nodeName'?: (string);
  /**
   * Changes each time the agent process starts: a manager sees the agent restarted.
   */
  'instanceId'?: (string);
}

export interface VersionReply__Output {
  /**
   * The agent's package version, e.g. "0.1.0".
   */
  'version': (string);
  /**
   * The API level this agent serves; a client that speaks a different one refuses to go on.
   */
  'api': (number);
  'nodeName': (string);
  /**
   * Changes each time the agent process starts: a manager sees the agent restarted.
   */
  'instanceId': (string);
}
