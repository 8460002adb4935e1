/**
 * What every panel's protocol shares: the ready handshake, error reports from the page, and one
 * parse function that both sides use so that no message is acted on before zod has checked it.
 */
import { z } from 'zod';

/** The page sends this once its listeners are in place; the host sends nothing before it. */
export const ReadyMessage = z.object({ type: z.literal('ready') }).strict();

/** The page reports a problem it could not handle itself (shown in the extension's log). */
export const PageErrorMessage = z.object({ type: z.literal('error'), message: z.string() }).strict();

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: string };

/** Parses an incoming message; the error names the field and what was expected. */
export function parseMessage<S extends z.ZodType>(schema: S, data: unknown): ParseResult<z.output<S>> {
  const r = schema.safeParse(data);
  if (r.success) return { ok: true, message: r.data };
  const type = data && typeof data === 'object' && 'type' in data ? String((data as { type: unknown }).type) : '?';
  const first = r.error.issues[0];
  const where = first ? first.path.map(String).join('.') || '(root)' : '(root)';
  return { ok: false, error: `bad "${type}" message: ${where}: ${first?.message ?? 'invalid'}` };
}

/**
 * What a panel shows, as the host tells the page when it changes (handled by the page's bridge,
 * outside each panel's own protocol). The page keeps it in its saved state under SUBJECT_KEY: the
 * panel's serializer reads it there after a window reload.
 */
export const SubjectMessage = z.object({ type: z.literal('panelSubject'), subject: z.unknown() }).strict();
export type SubjectMessage = z.infer<typeof SubjectMessage>;
export const SUBJECT_KEY = 'panelSubject';

/** The subject in a page's saved state (undefined when the page saved none). */
export function subjectOfState(state: unknown): unknown {
  return state && typeof state === 'object' ? (state as Record<string, unknown>)[SUBJECT_KEY] : undefined;
}
