// Original file: proto/control.proto


export interface Change {
  /**
   * A JobRecord as JSON.
   */
  'jobJson'?: (string);
  'jobRemoved'?: (string);
  /**
   * The nodes (NodeInfo[] of src/core/device.ts) as JSON.
   */
  'nodesJson'?: (string);
  /**
   * Sent once, after the first jobs and nodes: the client's view is whole from here on.
   */
  'synced'?: (boolean);
  /**
   * A job's fields that changed since the last message about it: {"id", ...fields}; a field
   * given as null is gone. Applied to the record the client holds (a full record came first).
   */
  'jobPatchJson'?: (string);
  'change'?: "jobJson"|"jobRemoved"|"nodesJson"|"synced"|"jobPatchJson";
}

export interface Change__Output {
  /**
   * A JobRecord as JSON.
   */
  'jobJson'?: (string);
  'jobRemoved'?: (string);
  /**
   * The nodes (NodeInfo[] of src/core/device.ts) as JSON.
   */
  'nodesJson'?: (string);
  /**
   * Sent once, after the first jobs and nodes: the client's view is whole from here on.
   */
  'synced'?: (boolean);
  /**
   * A job's fields that changed since the last message about it: {"id", ...fields}; a field
   * given as null is gone. Applied to the record the client holds (a full record came first).
   */
  'jobPatchJson'?: (string);
  'change'?: "jobJson"|"jobRemoved"|"nodesJson"|"synced"|"jobPatchJson";
}
