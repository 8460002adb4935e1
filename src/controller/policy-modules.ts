/**
 * The module system of a user's policy: each of its files is transpiled by sucrase (TypeScript
 * stripped, imports turned into require calls, lines kept) and evaluated in the policy's node:vm
 * context under its real absolute filename, with an inline source map whose source is that file, so
 * that breakpoints bind in it and stack traces map back to its lines and columns.
 *
 * A policy may import `openclaw/policy` (the scheduler's public API) and its own .ts/.js files
 * inside its folder; anything else is refused, naming the importing file and line.
 */
import { readFileSync, statSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { dirname, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import * as vm from 'node:vm';
// sucrase's ES-module build: bundled from it, the source-map library it uses is tree-shaken to
// the parts it calls, and leaves out one whose sources mention a source-map comment (which VS
// Code's JavaScript debugger, reading the bundle's map, would try to load on every run).
import { transform } from 'sucrase/dist/esm/index.js';
import { addBudgetChecks, BUDGET_CHECK, Insertions } from './policy-budget';
import { POLICY_EXTENSIONS, PUBLIC_MODULES } from './policy-imports';

/** The policy could not be loaded: names the file, and the line when there is one. */
export class PolicyFileError extends Error {
  override readonly name = 'PolicyFileError';
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
    readonly detail: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}${column !== undefined ? `:${column}` : ''}` : ''}: ${detail}`);
  }
}

/** An import the policy may not make; the loader adds the file and line of the import from the stack. */
export class PolicyImportError extends Error {
  override readonly name = 'PolicyImportError';
}

export { PUBLIC_MODULES, POLICY_EXTENSIONS } from './policy-imports';

// Built from pieces at run time (a join, which the bundler does not fold into one literal): a
// debugger that scans this file or the bundle for a source-map comment must not take it for one.
const INLINE_MAP = ['//#', 'sourceMappingURL=data:application/json;base64,'].join(' ');

export interface Located {
  /** The file as shown in messages. */
  file: string;
  line: number;
  column: number;
}

interface Module {
  exports: unknown;
  map: SourceMap;
  /** The budget checks added to its compiled code, whose columns `map` does not know. */
  insertions: Insertions;
}

/** Compiles one file to CommonJS with an inline source map; syntax errors name its line. */
export function transpile(file: string, source: string, shown: string): { code: string; map: SourceMapPayload } {
  const typescript = /\.[cm]?ts$/.test(file);
  let out: ReturnType<typeof transform>;
  try {
    out = transform(source, {
      transforms: typescript ? ['typescript', 'imports'] : ['imports'],
      filePath: file,
      sourceMapOptions: { compiledFilename: file },
      // Node 20 runs modern JavaScript as it is: only types and module syntax are rewritten.
      disableESTransforms: true,
      production: true,
    });
  } catch (err) {
    const e = err as { message?: string; loc?: { line: number; column: number }; pos?: number };
    const text = (e.message ?? String(err)).replace(/^Error transforming [^:]*: /, '').replace(/ \(\d+:\d+\)$/, '');
    const token = e.pos !== undefined ? /^(\w+|\S)/.exec(source.slice(e.pos))?.[1] : undefined;
    throw new PolicyFileError(shown, e.loc?.line, e.loc?.column, token && text === 'Unexpected token' ? `${text} "${token}"` : text);
  }
  const map: SourceMapPayload = { ...(out.sourceMap as SourceMapPayload), file, sources: [file], sourcesContent: [source] };
  const code = `${out.code}\n${INLINE_MAP}${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
  return { code, map };
}

/**
 * Loads a policy's files into one vm context. `load()` must run inside that context's time budget
 * (the loader calls it from a script run with a timeout), since it evaluates the user's top level.
 */
export class PolicyModules {
  private readonly modules = new Map<string, Module>();
  private readonly root: string;

  constructor(
    private readonly entry: string,
    private readonly shown: string,
    private readonly context: vm.Context,
    private readonly publicApi: object,
    /** What the budget checks added to each file call (policy-budget.ts). */
    private readonly budgetCheck: () => void,
  ) {
    this.root = dirname(entry);
  }

  /** Evaluates the entry file (and what it imports); returns its exports. */
  load(): unknown {
    return this.evaluate(this.entry);
  }

  /** The file as shown in messages: relative to the shown entry when inside its folder. */
  display(file: string): string {
    if (file === this.entry) return this.shown;
    const rel = relative(this.root, file);
    if (rel.startsWith('..') || isAbsolute(rel)) return file;
    const dir = dirname(this.shown);
    return dir === '.' ? rel : `${dir}${sep}${rel}`;
  }

  /** The first frame of an error's stack inside one of the policy's files, mapped to its source. */
  locate(err: unknown): Located | undefined {
    const stack = typeof (err as { stack?: unknown })?.stack === 'string' ? (err as { stack: string }).stack : '';
    for (const line of stack.split('\n')) {
      const m = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?\s*$/.exec(line);
      if (!m) continue;
      const at = m[1]!; // the pattern's first group always takes part
      const file = at.startsWith('file://') ? new URL(at).pathname : at;
      const mod = this.modules.get(file);
      if (!mod) continue;
      const entry = mod.map.findEntry(Number(m[2]) - 1, mod.insertions.original(Number(m[2]) - 1, Number(m[3]) - 1)) as { originalSource?: string; originalLine?: number; originalColumn?: number };
      if (entry.originalLine === undefined) return { file: this.display(file), line: Number(m[2]), column: Number(m[3]) };
      return { file: this.display(file), line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1 };
    }
    return undefined;
  }

  private evaluate(file: string): unknown {
    const cached = this.modules.get(file);
    if (cached) return cached.exports; // a cycle, or a file imported twice: CommonJS semantics
    const source = readFileSync(file, 'utf8');
    const compiled = transpile(file, source, this.display(file));
    const { code, insertions } = addBudgetChecks(compiled.code);
    const module: { exports: unknown } = { exports: {} };
    const record: Module = { exports: module.exports, map: new SourceMap(compiled.map), insertions };
    this.modules.set(file, record);
    const fn = vm.compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname', BUDGET_CHECK], { filename: file, parsingContext: this.context }) as (
      exports: unknown,
      require: (specifier: string) => unknown,
      module: { exports: unknown },
      filename: string,
      dirname: string,
      budgetCheck: () => void,
    ) => void;
    fn.call(module.exports, module.exports, (specifier: string) => this.require(file, specifier), module, file, dirname(file), this.budgetCheck);
    record.exports = module.exports;
    return module.exports;
  }

  private require(from: string, specifier: string): unknown {
    if (typeof specifier !== 'string') throw new PolicyImportError(`require() expects a module name, got ${typeof specifier}`);
    if (PUBLIC_MODULES.includes(specifier)) return this.publicApi;
    if (!specifier.startsWith('./') && !specifier.startsWith('../')) {
      throw new PolicyImportError(`a policy may import only "openclaw/policy" and its own files, not "${specifier}"`);
    }
    const target = resolve(dirname(from), specifier);
    const rel = relative(this.root, target);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      throw new PolicyImportError(`"${specifier}" is ${target}, outside the policy's folder: a policy may import only "openclaw/policy" and files in its own folder`);
    }
    const file = this.resolveFile(target);
    if (!file) throw new PolicyImportError(`cannot find "${specifier}": expected a ${POLICY_EXTENSIONS.join('/')} file, or a folder with an index file, at ${this.display(target)}`);
    return this.evaluate(file);
  }

  /** The file an import names: as written, with an extension added, or the folder's index file. */
  private resolveFile(target: string): string | undefined {
    const ext = extname(target);
    const candidates = [
      ...(POLICY_EXTENSIONS.includes(ext) ? [target] : []),
      // TypeScript's own convention: "./helper.js" names helper.ts.
      ...(ext === '.js' ? [`${target.slice(0, -3)}.ts`] : ext === '.mjs' ? [`${target.slice(0, -4)}.mts`] : ext === '.cjs' ? [`${target.slice(0, -4)}.cts`] : []),
      ...POLICY_EXTENSIONS.map((e) => `${target}${e}`),
      ...POLICY_EXTENSIONS.map((e) => `${target}${sep}index${e}`),
    ];
    return candidates.find(isFile);
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
