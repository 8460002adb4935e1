// Original file: proto/control.proto


export interface WhoAmIReply {
  'user'?: (string);
  /**
   * "user" or "admin".
   */
  'role'?: (string);
  /**
   * The backend the control plane drives: "simulator", "agents" or "slurm".
   */
  'backend'?: (string);
  /**
   * The control plane's identity, as agents name the holder of its leases.
   */
  'identity'?: (string);
  'version'?: (string);
}

export interface WhoAmIReply__Output {
  'user': (string);
  /**
   * "user" or "admin".
   */
  'role': (string);
  /**
   * The backend the control plane drives: "simulator", "agents" or "slurm".
   */
  'backend': (string);
  /**
   * The control plane's identity, as agents name the holder of its leases.
   */
  'identity': (string);
  'version': (string);
}
