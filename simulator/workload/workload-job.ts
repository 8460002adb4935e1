/** One job of a simulated workload, as the trace readers and the generator produce it. */
export interface WorkloadJob {
  id: string;
  /** Submission time, seconds from the start of the run. */
  arrival: number;
  /** Devices in total. */
  gpus: number;
  /** Exact node count and devices per node, when the job fixes them. */
  nodes?: number;
  gpusPerNode?: number;
  deviceModel?: string;
  deviceMemoryGiB?: number;
  user: string;
  priority: number;
  /** Model name: a Gavel configuration such as "ResNet-50 (batch size 64)" or a family such as "vgg19". */
  model?: string;
  /** Work in steps; when absent, `durationSeconds` on the reference device, packed, defines it. */
  totalSteps?: number;
  durationSeconds?: number;
  /** How often the job checkpoints (seconds of running); overrides the workload's default. */
  checkpointEverySeconds?: number;
  /** Failures it survives; one more and it fails (default: no limit). */
  maxRestarts?: number;
}
