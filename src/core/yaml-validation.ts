/**
 * YAML input checked against a zod schema, every problem with its field path and its line and
 * column in the text: the one way job specs, cluster files and workload files are validated (the
 * CLI prints `file:line:col: field: message`, the extension fills the Problems panel from it).
 */
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { formatPath, problemsFromZod, SpecError, type Problem } from './errors';
import { grouped } from './grouped-number';

/** A problem with where it is in the file (1-based line and column). */
export interface LocatedProblem extends Problem {
  line: number;
  column: number;
  /** 1-based line and column where the offending text ends, for underlining. */
  endLine: number;
  endColumn: number;
}

export interface ValidationResult<T> {
  value?: T;
  problems: LocatedProblem[];
}

/** Thrown by the loaders: a SpecError whose problems carry line numbers. */
export class FileSpecError extends SpecError {
  constructor(
    source: string,
    readonly located: readonly LocatedProblem[],
  ) {
    super(source, located);
    this.message = located.map((p) => `${source}:${p.line}:${p.column}: ${p.path || '(root)'}: ${p.message}`).join('\n');
  }
}

function locate(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): [number, number] {
  // The deepest node that exists on the path: a missing field points at its parent.
  for (let n = path.length; n >= 0; n--) {
    const keys = path.slice(0, n).map((k) => (typeof k === 'number' ? k : String(k)));
    const node = keys.length === 0 ? doc.contents : doc.getIn(keys, true);
    if (isNode(node) && node.range) {
      return [node.range[0], node.range[1]];
    }
  }
  return [0, 0];
}

function located(counter: LineCounter, start: number, end: number, p: Problem): LocatedProblem {
  const a = counter.linePos(start);
  const b = counter.linePos(Math.max(start, end));
  return { ...p, line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
}

/** A problem found in a valid value by a check beyond the schema (e.g. a file it names). */
export interface ValueProblem {
  path: readonly PropertyKey[];
  message: string;
}

/**
 * Validates YAML text against a schema, returning the value or every problem with its position;
 * `check` looks further into a value the schema accepted.
 */
export function validateYaml<S extends z.ZodType>(
  schemaOrPick: S | ((input: unknown) => S),
  text: string,
  check?: (value: z.output<S>) => ValueProblem[],
  limit?: InputLimit,
): ValidationResult<z.output<S>> {
  const counter = new LineCounter();
  // Parsing YAML takes hundreds of bytes of memory per byte of text, most of it per item: an input
  // over the limits is refused before it starts.
  const over = limit && overLimit(text, limit);
  if (over) return { problems: [{ path: '', message: over, line: 1, column: 1, endLine: 1, endColumn: 1 }] };
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) =>
        located(counter, e.pos[0], e.pos[1], { path: '', message: `invalid YAML: ${e.message.split('\n')[0]}` }),
      ),
    };
  }
  let input: unknown;
  try {
    input = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { problems: [located(counter, 0, 0, { path: '', message: `invalid YAML: ${(err as Error).message}` })] };
  }
  if (input === null || input === undefined) {
    return { problems: [located(counter, 0, 0, { path: '', message: 'the file is empty; expected a mapping of fields' })] };
  }
  const schema = typeof schemaOrPick === 'function' && !('safeParse' in schemaOrPick) ? schemaOrPick(input) : (schemaOrPick as S);
  const result = schema.safeParse(input);
  if (result.success) {
    const more = check?.(result.data) ?? [];
    if (more.length === 0) return { value: result.data, problems: [] };
    return { problems: more.map((p) => located(counter, ...locate(doc, counter, p.path), { path: formatPath(p.path), message: p.message })) };
  }
  const problems = problemsFromZod(result.error, input);
  return {
    problems: result.error.issues.map((issue, i) => {
      const path = issue.path;
      // For an unknown key, point at the key's own node.
      if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) {
        const parent = path.length === 0 ? doc.contents : doc.getIn(path.map((k) => (typeof k === 'number' ? k : String(k))), true);
        if (parent && typeof parent === 'object' && 'items' in parent && Array.isArray(parent.items)) {
          for (const item of parent.items as unknown[]) {
            const key = (item as { key?: unknown }).key;
            if (isNode(key) && 'value' in key && String(key.value) === issue.keys[0] && key.range) {
              return located(counter, key.range[0], key.range[1], problems[i]!);
            }
          }
        }
      }
      const [start, end] = locate(doc, counter, path);
      return located(counter, start, end, problems[i]!);
    }),
  };
}


/** How big a YAML input may be: bytes, and items (counted as the commas and line ends that separate them). */
export interface InputLimit {
  bytes: number;
  items: number;
  /** "a job spec", "a cluster file", ... */
  what: string;
}

/** Why the text is over the limit, or undefined. */
export function overLimit(text: string, limit: InputLimit): string | undefined {
  if (text.length > limit.bytes && Buffer.byteLength(text) > limit.bytes) return tooBig(Buffer.byteLength(text), limit);
  let items = 0;
  for (let i = text.indexOf(','); i >= 0; i = text.indexOf(',', i + 1)) items++;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) items++;
  if (items > limit.items) return `the file has ${grouped(items)} commas and lines; ${limit.what} has at most ${grouped(limit.items)} (OpenClaw's limit)`;
  return undefined;
}

/** "the file has N bytes; a WHAT is at most M KiB (OpenClaw's limit)". */
export function tooBig(size: number, limit: Pick<InputLimit, 'bytes' | 'what'>): string {
  return `the file has ${grouped(size)} bytes; ${limit.what} is at most ${grouped(limit.bytes / 1024)} KiB (OpenClaw's limit)`;
}
