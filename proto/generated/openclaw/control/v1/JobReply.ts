// Original file: proto/control.proto


export interface JobReply {
  /**
   * A JobRecord (src/core/job.ts) as JSON.
   */
  'jobJson'?: (string);
}

export interface JobReply__Output {
  /**
   * A JobRecord (src/core/job.ts) as JSON.
   */
  'jobJson': (string);
}
