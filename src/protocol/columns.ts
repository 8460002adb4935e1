/**
 * zod schemas for long columns (one entry per device or per job). Checking 16,384 or 82,247
 * entries element by element through zod's generic machinery costs tens of milliseconds; these do
 * the same checks in one loop and still name the first bad index.
 */
import { z } from 'zod';

/** An array whose every entry passes `ok`; the issue names the first bad index. */
export function column<T>(what: string, ok: (x: unknown) => boolean) {
  return z
    .custom<T[]>((v) => Array.isArray(v), { message: `expected an array of ${what}` })
    .superRefine((arr, ctx) => {
      for (let i = 0; i < arr.length; i++) {
        if (!ok(arr[i])) {
          ctx.addIssue({ code: 'custom', path: [i], message: `expected ${what}, got ${JSON.stringify(arr[i])?.slice(0, 40)}` });
          return;
        }
      }
    });
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

export const numbers = () => column<number>('finite numbers', finite);
export const nonNegativeInts = () => column<number>('non-negative integers', (x) => finite(x) && x >= 0 && Number.isInteger(x));
export const nullableNumbers = () => column<number | null>('numbers or null', (x) => x === null || finite(x));
/** Fractions 0..1, or null when unknown. */
export const nullableFractions = () => column<number | null>('numbers from 0 to 1 or null', (x) => x === null || (finite(x) && x >= 0 && x <= 1));
export const strings = () => column<string>('strings', (x) => typeof x === 'string');
export const nullableStrings = () => column<string | null>('strings or null', (x) => x === null || typeof x === 'string');

/** Members of an enum, e.g. job states. */
export const enumValues = <T extends string>(values: readonly T[]) => {
  const set = new Set<unknown>(values);
  return column<T>(`one of ${values.join(', ')}`, (x) => set.has(x));
};
