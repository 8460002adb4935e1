import type { z } from 'zod';

/** A user-facing validation failure: every problem with the path of the field it concerns. */
export class SpecError extends Error {
  constructor(
    /** Where the input came from (a file path, or a description such as "job spec"). */
    readonly source: string,
    readonly problems: readonly Problem[],
  ) {
    super(`${source}: ${problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ')}`);
    this.name = 'SpecError';
  }
}

export interface Problem {
  /** Dotted path of the field, e.g. `resources.nodes` or `nodes[2].count`. */
  path: string;
  message: string;
}

/** Turns a zod path into `a.b[2].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** One problem per zod issue, phrased as "expected X, got Y" where the input value is known. */
export function problemsFromZod(error: z.ZodError, input: unknown): Problem[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path);
    const got = describe(valueAt(input, issue.path));
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    } else if (!/got /.test(message)) {
      message = `${message}, got ${got}`;
    }
    return { path, message };
  });
}

/** Parses `input` with `schema`, or throws a SpecError naming every bad field. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, source: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new SpecError(source, problemsFromZod(result.error, input));
}
