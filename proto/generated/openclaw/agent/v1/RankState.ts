// Original file: proto/agent.proto

export const RankState = {
  RANK_STATE_UNSPECIFIED: 'RANK_STATE_UNSPECIFIED',
  RANK_STATE_RUNNING: 'RANK_STATE_RUNNING',
  RANK_STATE_EXITED: 'RANK_STATE_EXITED',
  /**
   * Gone, but its exit code is unknown: it was started by an earlier run of the agent (which
   * restarted since), so the agent could only see that it no longer runs.
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
   * Gone, but its exit code is unknown: it was started by an earlier run of the agent (which
   * restarted since), so the agent could only see that it no longer runs.
   */
  | 'RANK_STATE_LOST'
  | 3

export type RankState__Output = typeof RankState[keyof typeof RankState]
