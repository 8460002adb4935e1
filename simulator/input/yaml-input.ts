/**
 * Reads a YAML input file of the simulator and validates it with a zod schema; a problem is one
 * SpecError whose message names the file, the line and the field, and what was expected.
 */
import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { problemsFromZod, SpecError } from '../../src/core/errors';

export function readInputFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SpecError(path, [{ path: '', message: code === 'ENOENT' ? `no such file; expected ${what}` : `cannot read (${code ?? String(err)})` }]);
  }
}

/** Parses YAML `text` (from `source`) with `schema`; problems carry `line N` in their path. */
export function parseYamlWith<S extends z.ZodType>(schemaOrPick: S | ((input: unknown) => S), text: string, source: string): z.output<S> {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const { line } = counter.linePos(e.pos[0]);
    throw new SpecError(`${source}:${line}`, [{ path: '', message: `invalid YAML: ${e.message.split('\n')[0]}` }]);
  }
  const input: unknown = doc.toJS({ maxAliasCount: 100 });
  if (input === null || input === undefined) {
    throw new SpecError(source, [{ path: '', message: 'the file is empty; expected a mapping of fields' }]);
  }
  const schema = typeof schemaOrPick === 'function' && !('safeParse' in schemaOrPick) ? schemaOrPick(input) : (schemaOrPick as S);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const [problem] = problemsFromZod(result.error, input);
  // The deepest node on the issue's path that exists gives the line.
  let line = 1;
  for (let n = issue.path.length; n >= 0; n--) {
    const keys = issue.path.slice(0, n).map((k) => (typeof k === 'number' ? k : String(k)));
    const node = keys.length === 0 ? doc.contents : doc.getIn(keys, true);
    if (isNode(node) && node.range) {
      line = counter.linePos(node.range[0]).line;
      break;
    }
  }
  throw new SpecError(`${source}:${line}`, [problem]);
}
