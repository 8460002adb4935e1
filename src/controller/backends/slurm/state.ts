/**
 * Slurm job states onto OpenClaw's lifecycle (src/core/job-state.ts). Slurm's states:
 * https://slurm.schedmd.com/squeue.html#SECTION_JOB-STATE-CODES
 */
import type { JobState } from '../../../core/job-state';

export type SlurmPhase =
  /** Waiting in Slurm's queue. */
  | 'pending'
  /** Nodes allocated, still booting or being configured. */
  | 'configuring'
  | 'running'
  /** Slurm put the job back in its queue itself (node failure, preemption, scontrol requeue). */
  | 'requeued'
  | 'succeeded'
  | 'failed'
  | 'cancelled';

const PHASES: Record<string, SlurmPhase> = {
  PENDING: 'pending',
  CONFIGURING: 'configuring',
  RUNNING: 'running',
  COMPLETING: 'running',
  SIGNALING: 'running',
  STAGE_OUT: 'running',
  RESIZING: 'running',
  SUSPENDED: 'running',
  STOPPED: 'running',
  REQUEUED: 'requeued',
  REQUEUE_FED: 'requeued',
  REQUEUE_HOLD: 'requeued',
  RESV_DEL_HOLD: 'pending',
  PREEMPTED: 'requeued',
  COMPLETED: 'succeeded',
  CANCELLED: 'cancelled',
  FAILED: 'failed',
  TIMEOUT: 'failed',
  NODE_FAIL: 'failed',
  OUT_OF_MEMORY: 'failed',
  BOOT_FAIL: 'failed',
  DEADLINE: 'failed',
  SPECIAL_EXIT: 'failed',
  REVOKED: 'cancelled',
};

/** Unknown states count as running: Slurm adds states over time, and a live job is the safe guess. */
export function slurmPhase(state: string): SlurmPhase {
  return PHASES[state.toUpperCase()] ?? 'running';
}

/** The lifecycle state a phase shows as. */
export function lifecycleState(phase: SlurmPhase): JobState {
  switch (phase) {
    case 'pending':
      return 'queued';
    case 'configuring':
      return 'starting';
    case 'running':
      return 'running';
    case 'requeued':
      return 'restarting';
    case 'succeeded':
      return 'succeeded';
    case 'failed':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
  }
}

export function isEnded(phase: SlurmPhase): boolean {
  return phase === 'succeeded' || phase === 'failed' || phase === 'cancelled';
}

/** A line for the views: why a job ended the way it did, in Slurm's words plus a hint. */
export function endReason(state: string, reason: string | undefined): string {
  const hints: Record<string, string> = {
    TIMEOUT: 'the time limit was reached',
    NODE_FAIL: 'a node failed',
    OUT_OF_MEMORY: 'a rank ran out of memory',
    BOOT_FAIL: 'a node failed to boot',
    DEADLINE: 'the deadline passed',
    PREEMPTED: 'preempted by a higher-priority job',
  };
  const hint = hints[state];
  const parts = [`Slurm state ${state}`];
  if (hint) parts.push(hint);
  if (reason && reason !== 'None') parts.push(`reason ${reason}`);
  return parts.join(': ');
}
