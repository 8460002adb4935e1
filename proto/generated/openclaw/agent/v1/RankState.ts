// Original file: proto/agent.proto

export const RankState = {
  RANK_STATE_UNSPECIFIED: 'RANK_STATE_UNSPECIFIED',
  RANK_STATE_RUNNING: 'RANK_STATE_RUNNING',
  RANK_STATE_EXITED: 'RANK_STATE_EXITED',
  /**
   * Recorded as running, but the process was gone when the agent restarted; its exit code is unknown.
   */
  RANK_STATE_LOST: 'RANK_STATE_LOST',
} as const;

export type RankState =
  | 'RANK_STATE_UNSPECIFIED'
  | 0
  | 'RANK_STATE_RUNNING'
  | 1
  | 'RANK_STATE_EXITED'
  | 2
  /**
   * Recorded as running, but the process was gone when the agent restarted; its exit code is unknown.
   */
  | 'RANK_STATE_LOST'
  | 3

export type RankState__Output = typeof RankState[keyof typeof RankState]
