/**
 * Reads a YAML input file of the simulator and validates it with a zod schema; the problems are
 * one FileSpecError whose lines name the file, the line and column, the field, and what was expected.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { SpecError } from '../../src/core/errors';
import { LIMITS } from '../../src/core/limits';
import { FileSpecError, validateYaml, type InputLimit, type ValueProblem } from '../../src/core/yaml-validation';

export function readInputFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SpecError(path, [{ path: '', message: code === 'ENOENT' ? `no such file; expected ${what}` : `cannot read (${code ?? String(err)})` }]);
  }
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
