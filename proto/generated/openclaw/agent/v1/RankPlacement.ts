// Original file: proto/agent.proto


export interface RankPlacement {
  'rank'?: (number);
  'localRank'?: (number);
  /**
   * Device indices within this node; empty for a CPU-only rank.
   */
  'devices'?: (number)[];
}

export interface RankPlacement__Output {
  'rank': (number);
  'localRank': (number);
  /**
   * Device indices within this node; empty for a CPU-only rank.
   */
  'devices': (number)[];
}
