/**
 * The one loader of YAML input files (job specs, cluster files, workloads, job lists): read within a
 * size limit, parsed with positions and validated with a zod schema; the problems are one
 * FileSpecError whose lines name the file, the line and column, the field, and what was expected.
 */
import { readFileSync, statSync } from 'node:fs';
import type { z } from 'zod';
import { SpecError } from '../../src/core/errors';
import { LIMITS } from '../../src/core/limits';
import { FileSpecError, tooBig, validateYaml, type InputLimit, type ValueProblem } from '../../src/core/yaml-validation';

/** The text of an input file; with a `limit`, a file over its size is refused unread. */
export function readInputFile(path: string, what: string, limit?: InputLimit): string {
  let size = 0;
  try {
    if (limit) size = statSync(path).size;
    if (!limit || size <= limit.bytes) return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? `no such file; expected ${what}` : code === 'EISDIR' ? `is a folder; expected ${what}` : `cannot read (${code ?? String(err)})`;
    throw new SpecError(path, [{ path: '', message: why }]);
  }
  throw new FileSpecError(path, [{ path: '', message: tooBig(size, limit), line: 1, column: 1, endLine: 1, endColumn: 1 }]);
}

export interface YamlInputOptions<T> {
  /** Size over which the text is refused unparsed (default: a workload file's). */
  limit?: InputLimit;
  /** Problems of a value the schema accepted. */
  check?: (value: T) => ValueProblem[];
}

/**
 * Parses YAML `text` (from `source`) with `schema`; throws a FileSpecError whose lines are
 * `source:line:col: field: message`, one a problem.
 */
export function parseYamlWith<S extends z.ZodType>(schemaOrPick: S | ((input: unknown) => S), text: string, source: string, options: YamlInputOptions<z.output<S>> = {}): z.output<S> {
  const limit = options.limit ?? { bytes: LIMITS.workloadYamlBytes, items: LIMITS.workloadYamlItems, what: 'a YAML workload file (a longer job list is JSONL)' };
  const { value, problems } = validateYaml(schemaOrPick, text, options.check, limit);
  if (problems.length > 0 || value === undefined) throw new FileSpecError(source, problems);
  return value;
}

/** Reads `path` (refused over `limit`) and parses it with `schema`; problems are reported against `source` (default: the path). */
export function loadYamlFile<S extends z.ZodType>(schema: S, path: string, options: YamlInputOptions<z.output<S>> & { limit: InputLimit; source?: string }): z.output<S> {
  return parseYamlWith(schema, readInputFile(path, options.limit.what, options.limit), options.source ?? path, options);
}
