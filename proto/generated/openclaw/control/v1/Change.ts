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
  'change'?: "jobJson"|"jobRemoved"|"nodesJson"|"synced";
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
  'change'?: "jobJson"|"jobRemoved"|"nodesJson"|"synced";
}
