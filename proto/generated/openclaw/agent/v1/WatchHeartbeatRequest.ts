// Original file: proto/agent.proto


export interface WatchHeartbeatRequest {
  /**
   * Between two beats; the agent keeps it within 100 ms .. 60 s (0: 1 s).
   */
  'intervalMs'?: (number);
  /**
   * The manager watching: its leases on this agent are renewed with every beat sent.
   */
  'managerId'?: (string);
  /**
   * As in HeartbeatRequest.control_plane.
   */
  'controlPlane'?: (boolean);
}

export interface WatchHeartbeatRequest__Output {
  /**
   * Between two beats; the agent keeps it within 100 ms .. 60 s (0: 1 s).
   */
  'intervalMs': (number);
  /**
   * The manager watching: its leases on this agent are renewed with every beat sent.
   */
  'managerId': (string);
  /**
   * As in HeartbeatRequest.control_plane.
   */
  'controlPlane': (boolean);
}
