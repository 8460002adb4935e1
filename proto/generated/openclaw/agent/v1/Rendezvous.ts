// Original file: proto/agent.proto


/**
 * Where the framework's ranks meet: the same for every node of a job attempt.
 */
export interface Rendezvous {
  'masterAddr'?: (string);
  /**
   * 0 on node rank 0: the agent chooses a free port (LaunchReply.master_port); other nodes need it set.
   */
  'masterPort'?: (number);
  'worldSize'?: (number);
  'nodes'?: (number);
  'nodeRank'?: (number);
  'processesPerNode'?: (number);
  /**
   * One host per node, in node-rank order (TensorFlow's cluster spec and JAX need them all).
   */
  'hosts'?: (string)[];
}

/**
 * Where the framework's ranks meet: the same for every node of a job attempt.
 */
export interface Rendezvous__Output {
  'masterAddr': (string);
  /**
   * 0 on node rank 0: the agent chooses a free port (LaunchReply.master_port); other nodes need it set.
   */
  'masterPort': (number);
  'worldSize': (number);
  'nodes': (number);
  'nodeRank': (number);
  'processesPerNode': (number);
  /**
   * One host per node, in node-rank order (TensorFlow's cluster spec and JAX need them all).
   */
  'hosts': (string)[];
}
