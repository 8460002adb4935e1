/**
 * Loads `*.claw.yaml` job specs and `*.cluster.yaml` cluster files: YAML parsed with positions,
 * validated by the zod schemas of src/core, every problem reported with its field path and its
 * line/column in the file (the extension shows them in the Problems panel).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ClusterFile } from '../core/cluster-file';
import { formatPath, problemsFromZod, SpecError, type Problem } from '../core/errors';
import { JobSpec } from '../core/job-spec';
import { TokenFileError } from '../core/token-file';
import { readTokenFile } from './read-token';

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
export function validateYaml<S extends z.ZodType>(schema: S, text: string, check?: (value: z.output<S>) => ValueProblem[]): ValidationResult<z.output<S>> {
  const counter = new LineCounter();
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
              return located(counter, key.range[0], key.range[1], problems[i]);
            }
          }
        }
      }
      const [start, end] = locate(doc, counter, path);
      return located(counter, start, end, problems[i]);
    }),
  };
}

/** Resolves the spec's relative paths against the folder of its file. */
export function resolveJobPaths(spec: JobSpec, specDir: string): JobSpec {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(specDir, p));
  return {
    ...spec,
    workdir: abs(spec.workdir ?? '.'),
    checkpoint: spec.checkpoint ? { ...spec.checkpoint, dir: abs(spec.checkpoint.dir) } : undefined,
  };
}

/** Validates a job spec's text (what the extension calls on every edit). Paths are left as written. */
export function validateJobSpecText(text: string): ValidationResult<JobSpec> {
  return validateYaml(JobSpec, text);
}

/** Validates a cluster file's text. */
export function validateClusterFileText(text: string): ValidationResult<ClusterFile> {
  return validateYaml(ClusterFile, text);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, expected a YAML file' : (err as Error).message;
    throw new SpecError(path, [{ path: '', message: why }]);
  }
}

/** Reads, validates and resolves a job spec file; throws a FileSpecError naming every problem. */
export function loadJobSpec(path: string): JobSpec {
  const full = resolve(path);
  const { value, problems } = validateJobSpecText(readText(full));
  if (!value) throw new FileSpecError(path, problems);
  return resolveJobPaths(value, dirname(full));
}

/**
 * A cluster file with its relative paths (token files, TLS files) resolved against its folder, and
 * the files it names checked (`checkFiles: false` for a file about agents not started yet).
 */
export function loadClusterFile(path: string, options: { checkFiles?: boolean } = {}): ClusterFile {
  const full = resolve(path);
  const dir = dirname(full);
  const check = options.checkFiles === false ? undefined : (c: ClusterFile) => clusterFileProblems(resolveClusterPaths(c, dir));
  const { value, problems } = validateYaml(ClusterFile, readText(full), check);
  if (!value) throw new FileSpecError(path, problems);
  return resolveClusterPaths(value, dir);
}

/** The files an agents cluster names: token files that are tokens (owner-only, one line), TLS files that exist. */
function clusterFileProblems(cluster: ClusterFile): ValueProblem[] {
  if (cluster.backend !== 'agents') return [];
  const out: ValueProblem[] = [];
  cluster.agents.forEach((a, i) => {
    const problem = (field: readonly PropertyKey[], file: string, err: unknown) => {
      const code = (err as NodeJS.ErrnoException).code;
      const message = err instanceof TokenFileError ? err.message : code === 'ENOENT' ? `no such file: ${file}` : code === 'EACCES' ? `cannot read ${file}: permission denied` : `cannot read ${file}: ${code ?? 'unreadable'}`;
      out.push({ path: ['agents', i, ...field], message });
    };
    if (a.tokenFile) {
      try {
        readTokenFile(a.tokenFile);
      } catch (err) {
        problem(['tokenFile'], a.tokenFile, err);
      }
    }
    for (const k of ['ca', 'cert', 'key'] as const) {
      const file = a.tls?.[k];
      if (file && !existsSync(file)) problem(['tls', k], file, Object.assign(new Error(), { code: 'ENOENT' }));
    }
  });
  return out;
}

export function resolveClusterPaths(cluster: ClusterFile, dir: string): ClusterFile {
  const abs = (p: string | undefined) => (p === undefined || isAbsolute(p) ? p : resolve(dir, p));
  if (cluster.backend === 'agents') {
    return {
      ...cluster,
      agents: cluster.agents.map((a) => ({
        ...a,
        tokenFile: abs(a.tokenFile),
        tls: a.tls ? { ca: abs(a.tls.ca), cert: abs(a.tls.cert), key: abs(a.tls.key) } : undefined,
      })),
    };
  }
  // Over SSH the folder is on the cluster: a relative one is relative to the remote home, left for
  // the backend to resolve there (resolving it here would name a folder of this machine).
  if (cluster.backend === 'slurm') return cluster.ssh ? cluster : { ...cluster, sharedDir: abs(cluster.sharedDir) };
  return cluster;
}
