// Original file: proto/agent.proto


export interface InspectCheckpointReply {
  /**
   * CheckpointContents (src/core/checkpoint-contents/contents.ts) as JSON: its zod schema is the one
   * definition of the shape, checked on receipt, rather than a second copy of it in proto messages.
   */
  'contentsJson'?: (string);
}

export interface InspectCheckpointReply__Output {
  /**
   * CheckpointContents (src/core/checkpoint-contents/contents.ts) as JSON: its zod schema is the one
   * definition of the shape, checked on receipt, rather than a second copy of it in proto messages.
   */
  'contentsJson': (string);
}
