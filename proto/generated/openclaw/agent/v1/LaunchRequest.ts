// Original file: proto/agent.proto

import type { Rendezvous as _openclaw_agent_v1_Rendezvous, Rendezvous__Output as _openclaw_agent_v1_Rendezvous__Output } from '../../../openclaw/agent/v1/Rendezvous';
import type { RankPlacement as _openclaw_agent_v1_RankPlacement, RankPlacement__Output as _openclaw_agent_v1_RankPlacement__Output } from '../../../openclaw/agent/v1/RankPlacement';

export interface LaunchRequest {
  'jobId'?: (string);
  /**
   * 1 for the first run of the job, 2 after its first restart, ...; 0 is read as 1.
   */
  'attempt'?: (number);
  /**
   * "pytorch" | "torchrun" | "tensorflow" | "jax" | "plain"
   */
  'launcher'?: (string);
  /**
   * The user's command as an argv array; never run through a shell.
   */
  'command'?: (string)[];
  'env'?: ({[key: string]: string});
  /**
   * Absolute working directory on this node; created if missing.
   */
  'cwd'?: (string);
  /**
   * Absolute, or relative to cwd. Exported as OPENCLAW_CHECKPOINT_DIR.
   */
  'checkpointDir'?: (string);
  /**
   * Checkpoint to resume from, exported as OPENCLAW_RESUME_FROM; empty for a fresh start.
   */
  'resumeFrom'?: (string);
  'rendezvous'?: (_openclaw_agent_v1_Rendezvous | null);
  'ranks'?: (_openclaw_agent_v1_RankPlacement)[];
  /**
   * "nvidia" | "amd" | "cpu": picks CUDA_VISIBLE_DEVICES or HIP_VISIBLE_DEVICES.
   */
  'deviceVendor'?: (string);
  /**
   * The node of node rank 0 follows the TensorBoard event files under cwd and the checkpoint
   * directory, and reports their scalars as metric samples (source "tensorboard"), unless this is set.
   */
  'noEventFiles'?: (boolean);
  /**
   * The launching manager's identity (stable per state folder, e.g. "alice@lab1/1f2e3d4c"). It holds
   * the job's lease on this agent: another manager's Signal or ForgetJob of the job is refused
   * (FAILED_PRECONDITION, naming the holder) until the holder has sent no heartbeat, launch, signal
   * or forget for the agent's lease grace (--lease-grace, 60 s by default). Empty: no lease (old managers).
   */
  'managerId'?: (string);
  /**
   * Device slots (indices on this node, CPU slots included) the ranks hold. A launch asking for a
   * slot a running rank of another job holds is refused (FAILED_PRECONDITION, naming that job and
   * its manager), whoever asks: two managers never place two jobs on one device.
   */
  'heldDevices'?: (number)[];
}

export interface LaunchRequest__Output {
  'jobId': (string);
  /**
   * 1 for the first run of the job, 2 after its first restart, ...; 0 is read as 1.
   */
  'attempt': (number);
  /**
   * "pytorch" | "torchrun" | "tensorflow" | "jax" | "plain"
   */
  'launcher': (string);
  /**
   * The user's command as an argv array; never run through a shell.
   */
  'command': (string)[];
  'env': ({[key: string]: string});
  /**
   * Absolute working directory on this node; created if missing.
   */
  'cwd': (string);
  /**
   * Absolute, or relative to cwd. Exported as OPENCLAW_CHECKPOINT_DIR.
   */
  'checkpointDir': (string);
  /**
   * Checkpoint to resume from, exported as OPENCLAW_RESUME_FROM; empty for a fresh start.
   */
  'resumeFrom': (string);
  'rendezvous': (_openclaw_agent_v1_Rendezvous__Output | null);
  'ranks': (_openclaw_agent_v1_RankPlacement__Output)[];
  /**
   * "nvidia" | "amd" | "cpu": picks CUDA_VISIBLE_DEVICES or HIP_VISIBLE_DEVICES.
   */
  'deviceVendor': (string);
  /**
   * The node of node rank 0 follows the TensorBoard event files under cwd and the checkpoint
   * directory, and reports their scalars as metric samples (source "tensorboard"), unless this is set.
   */
  'noEventFiles': (boolean);
  /**
   * The launching manager's identity (stable per state folder, e.g. "alice@lab1/1f2e3d4c"). It holds
   * the job's lease on this agent: another manager's Signal or ForgetJob of the job is refused
   * (FAILED_PRECONDITION, naming the holder) until the holder has sent no heartbeat, launch, signal
   * or forget for the agent's lease grace (--lease-grace, 60 s by default). Empty: no lease (old managers).
   */
  'managerId': (string);
  /**
   * Device slots (indices on this node, CPU slots included) the ranks hold. A launch asking for a
   * slot a running rank of another job holds is refused (FAILED_PRECONDITION, naming that job and
   * its manager), whoever asks: two managers never place two jobs on one device.
   */
  'heldDevices': (number)[];
}
