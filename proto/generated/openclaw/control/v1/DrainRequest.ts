// Original file: proto/control.proto


export interface DrainRequest {
  'node'?: (string);
  /**
   * false: back into scheduling.
   */
  'drain'?: (boolean);
}

export interface DrainRequest__Output {
  'node': (string);
  /**
   * false: back into scheduling.
   */
  'drain': (boolean);
}
