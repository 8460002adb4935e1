// Original file: proto/agent.proto

export const FileRoot = {
  FILE_ROOT_UNSPECIFIED: 'FILE_ROOT_UNSPECIFIED',
  /**
   * The job's working directory (the default).
   */
  FILE_ROOT_WORKDIR: 'FILE_ROOT_WORKDIR',
  FILE_ROOT_CHECKPOINT_DIR: 'FILE_ROOT_CHECKPOINT_DIR',
} as const;

export type FileRoot =
  | 'FILE_ROOT_UNSPECIFIED'
  | 0
  /**
   * The job's working directory (the default).
   */
  | 'FILE_ROOT_WORKDIR'
  | 1
  | 'FILE_ROOT_CHECKPOINT_DIR'
  | 2

export type FileRoot__Output = typeof FileRoot[keyof typeof FileRoot]
