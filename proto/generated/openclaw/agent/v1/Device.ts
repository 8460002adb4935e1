// Original file: proto/agent.proto


export interface Device {
  /**
   * GPU UUID (e.g. "GPU-8f6c..."), or "cpu-<hostname>-<n>" for CPU slots.
   */
  'uuid'?: (string);
  'index'?: (number);
  /**
   * Lower-case model id such as "a100", "h100", "mi300x", "cpu".
   */
  'model'?: (string);
  /**
   * Full product name as the vendor tool reports it.
   */
  'name'?: (string);
  'memoryGib'?: (number | string);
  /**
   * "nvidia" | "amd" | "cpu" | "other"
   */
  'vendor'?: (string);
  'utilizationPercent'?: (number | string);
  'memoryUsedMib'?: (number | string);
}

export interface Device__Output {
  /**
   * GPU UUID (e.g. "GPU-8f6c..."), or "cpu-<hostname>-<n>" for CPU slots.
   */
  'uuid': (string);
  'index': (number);
  /**
   * Lower-case model id such as "a100", "h100", "mi300x", "cpu".
   */
  'model': (string);
  /**
   * Full product name as the vendor tool reports it.
   */
  'name': (string);
  'memoryGib': (number);
  /**
   * "nvidia" | "amd" | "cpu" | "other"
   */
  'vendor': (string);
  'utilizationPercent': (number);
  'memoryUsedMib': (number);
}
