// Original file: proto/control.proto


export interface ForecastReply {
  /**
   * Seconds from now (on the backend's clock: simulated seconds for the simulator); absent when
   * the job would not start.
   */
  'startInSeconds'?: (number | string);
  /**
   * The policy and the estimates the forecast rests on.
   */
  'basis'?: (string);
  '_startInSeconds'?: "startInSeconds";
}

export interface ForecastReply__Output {
  /**
   * Seconds from now (on the backend's clock: simulated seconds for the simulator); absent when
   * the job would not start.
   */
  'startInSeconds'?: (number);
  /**
   * The policy and the estimates the forecast rests on.
   */
  'basis': (string);
  '_startInSeconds'?: "startInSeconds";
}
