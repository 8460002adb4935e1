// Original file: proto/control.proto


export interface MetricsChunk {
  /**
   * MetricSample[] (src/core/job.ts) as JSON, oldest first.
   */
  'samplesJson'?: (string);
  /**
   * The samples replace what was sent before (the first chunk, or after the list was thinned).
   */
  'reset'?: (boolean);
}

export interface MetricsChunk__Output {
  /**
   * MetricSample[] (src/core/job.ts) as JSON, oldest first.
   */
  'samplesJson': (string);
  /**
   * The samples replace what was sent before (the first chunk, or after the list was thinned).
   */
  'reset': (boolean);
}
