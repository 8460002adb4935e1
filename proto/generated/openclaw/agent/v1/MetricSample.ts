// Original file: proto/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface MetricSample {
  'seq'?: (number | string | Long);
  'rank'?: (number);
  'atMs'?: (number | string | Long);
  /**
   * Numeric fields of the line, `step` and `totalSteps` included.
   */
  'values'?: ({[key: string]: number | string});
  'attempt'?: (number);
  /**
   * "printed": a line of the rank's output; "tensorboard": an event file the job wrote (rank 0;
   * `at_ms` is the writer's wall time).
   */
  'source'?: (string);
}

export interface MetricSample__Output {
  'seq': (number);
  'rank': (number);
  'atMs': (number);
  /**
   * Numeric fields of the line, `step` and `totalSteps` included.
   */
  'values': ({[key: string]: number});
  'attempt': (number);
  /**
   * "printed": a line of the rank's output; "tensorboard": an event file the job wrote (rank 0;
   * `at_ms` is the writer's wall time).
   */
  'source': (string);
}
