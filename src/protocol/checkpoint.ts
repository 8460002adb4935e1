/** Messages of the checkpoint panel: what is inside one checkpoint, or how two differ. */
import { z } from 'zod';
import { CheckpointContentsSchema } from '../core/checkpoint-contents/contents';
import { CheckpointDiffSchema } from '../core/checkpoint-contents/diff';
import { PageErrorMessage, ReadyMessage } from './common';

export const CheckpointRef = z.object({ jobId: z.string(), jobName: z.string(), path: z.string() }).strict();
export type CheckpointRef = z.infer<typeof CheckpointRef>;

export const CheckpointToWebview = z.discriminatedUnion('type', [
  /** Reading is under way (it can take a while over SSH or for a folder of many files). */
  z.object({ type: z.literal('loading'), of: CheckpointRef, against: CheckpointRef.optional() }).strict(),
  z.object({ type: z.literal('contents'), of: CheckpointRef, contents: CheckpointContentsSchema }).strict(),
  z.object({ type: z.literal('diff'), of: CheckpointRef, against: CheckpointRef, before: CheckpointContentsSchema, after: CheckpointContentsSchema, diff: CheckpointDiffSchema }).strict(),
  z.object({ type: z.literal('failed'), of: CheckpointRef, message: z.string() }).strict(),
]);
export type CheckpointToWebview = z.infer<typeof CheckpointToWebview>;

export const CheckpointToHost = z.discriminatedUnion('type', [
  ReadyMessage,
  PageErrorMessage,
  /** Pick another checkpoint to compare this one with. */
  z.object({ type: z.literal('compareWith') }).strict(),
  /** Back from a diff to the contents of the checkpoint the panel was opened on. */
  z.object({ type: z.literal('showContents') }).strict(),
]);
export type CheckpointToHost = z.infer<typeof CheckpointToHost>;

/** What a checkpoint panel shows, kept for its serializer: the checkpoint, and the one it is compared with. */
export const CheckpointSubject = z.object({ of: CheckpointRef, against: CheckpointRef.optional() });
export type CheckpointSubject = z.infer<typeof CheckpointSubject>;
