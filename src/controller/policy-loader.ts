/**
 * Loads a user's policy file (TypeScript or JavaScript) from the workspace.
 *
 * The file is bundled with esbuild (its own relative imports included; `openclaw/policy` supplied
 * at run time) with an inline source map whose sources are the user's absolute paths, so that a
 * debugger's breakpoints bind in the user's file and our error messages name its lines. The code
 * runs in its own node:vm context; each call to `schedule` runs under a per-round time budget,
 * and an endless loop is stopped there. Anything the policy does wrong (fails to build, exports no
 * policy, throws, returns garbage, runs over budget) becomes a PolicyError or PolicyFileError whose
 * message names the file and line.
 *
 * User code is workspace code: callers pass `trusted: false` in an untrusted workspace, and then
 * nothing is run.
 */
import { statSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, extname, relative, resolve, sep } from 'node:path';
import * as vm from 'node:vm';
import type { Decision, ExplainContext, JobView, Policy, SchedulingInput } from '../scheduler/api';
import * as publicApi from '../scheduler/index';
import { PolicyError } from '../scheduler/policy-error';

export interface LoadPolicyOptions {
  /** Milliseconds one call of schedule() may take before the run stops (default 2000). */
  budgetMs?: number;
  /** Whether the workspace is trusted; user code never runs when false. Default true. */
  trusted?: boolean;
  /** Shown instead of the absolute path in messages (e.g. relative to the workspace). */
  displayPath?: string;
}

/** The policy file could not be loaded: names the file, and the line when there is one. */
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

export interface LoadedPolicy extends Policy {
  /** Absolute path of the policy file. */
  readonly file: string;
}

/** Module names a policy file may import; everything else must be its own files. */
const PUBLIC_MODULES = ['openclaw/policy', 'openclaw'];
const EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);

type EsbuildModule = typeof import('esbuild');

function loadEsbuild(file: string): EsbuildModule {
  try {
    // Resolved at run time (not bundled): esbuild ships a native binary beside its package.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('esbuild') as EsbuildModule;
  } catch {
    throw new PolicyFileError(file, undefined, undefined, 'cannot compile policy files: the esbuild package is not installed beside OpenClaw');
  }
}

export async function loadPolicyFile(path: string, options: LoadPolicyOptions = {}): Promise<LoadedPolicy> {
  const file = resolve(path);
  const shown = options.displayPath ?? path;
  if (options.trusted === false) {
    throw new PolicyFileError(shown, undefined, undefined, 'this workspace is not trusted: policy files from it do not run (built-in policies do)');
  }
  if (!EXTENSIONS.has(extname(file))) throw new PolicyFileError(shown, undefined, undefined, `expected a .ts or .js file, got "${extname(file) || 'no extension'}"`);
  try {
    if (!statSync(file).isFile()) throw new Error('not a file');
  } catch {
    throw new PolicyFileError(shown, undefined, undefined, 'no such file');
  }
  const esbuild = loadEsbuild(shown);
  let code: string;
  try {
    const out = await esbuild.build({
      entryPoints: [file],
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'neutral',
      mainFields: ['main', 'module'],
      target: 'es2022',
      sourcemap: 'external',
      sourcesContent: true,
      outfile: `${file}.policy.js`,
      plugins: [
        {
          name: 'policy-imports',
          setup(b) {
            // Bare module names: only the public API, which the loader supplies at run time.
            b.onResolve({ filter: /^[^./]/ }, (args) =>
              PUBLIC_MODULES.includes(args.path)
                ? { path: args.path, external: true }
                : { errors: [{ text: `a policy may import only "openclaw/policy" and its own files, not "${args.path}"` }] },
            );
          },
        },
      ],
      logLevel: 'silent',
      absWorkingDir: dirname(file),
    });
    const js = out.outputFiles.find((f) => f.path.endsWith('.js'));
    const map = out.outputFiles.find((f) => f.path.endsWith('.map'));
    if (!js || !map) throw new Error('esbuild produced no output');
    code = withInlineMap(js.text, map.text, dirname(`${file}.policy.js`));
  } catch (err) {
    const e = err as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] };
    const first = e.errors?.[0];
    if (first) {
      const loc = first.location;
      const where = loc ? displayOf(resolve(dirname(file), loc.file), file, shown) : shown;
      throw new PolicyFileError(where, loc?.line, loc ? loc.column + 1 : undefined, first.text);
    }
    throw new PolicyFileError(shown, undefined, undefined, `cannot compile: ${(err as Error).message}`);
  }
  return instantiate(file, shown, code, options.budgetMs ?? 2000);
}

/** Rewrites the map's sources to absolute paths and appends it inline. */
function withInlineMap(js: string, mapText: string, outDir: string): string {
  const map = JSON.parse(mapText) as { sources: string[]; sourceRoot?: string };
  map.sources = map.sources.map((s) => resolve(outDir, s));
  delete map.sourceRoot;
  const body = js.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
  return `${body}//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
}

function displayOf(source: string, file: string, shown: string): string {
  if (source === file) return shown;
  const rel = relative(dirname(file), source);
  return rel.startsWith('..') ? source : `${dirname(shown) === '.' ? '' : dirname(shown) + sep}${rel}`;
}

interface Located {
  file: string;
  line: number;
  column: number;
}

function instantiate(file: string, shown: string, code: string, budgetMs: number): LoadedPolicy {
  const scriptName = `${file}.policy.js`;
  const mapMatch = /sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)/.exec(code);
  const sourceMap = mapMatch ? new SourceMap(JSON.parse(Buffer.from(mapMatch[1], 'base64').toString('utf8'))) : undefined;

  /** The first frame of an error's stack inside the policy, in the user's file. */
  const locate = (err: unknown): Located | undefined => {
    const stack = typeof (err as { stack?: unknown })?.stack === 'string' ? ((err as { stack: string }).stack) : '';
    for (const line of stack.split('\n')) {
      const i = line.indexOf(scriptName);
      if (i < 0) continue;
      const m = /:(\d+):(\d+)\)?\s*$/.exec(line.slice(i + scriptName.length));
      if (!m || !sourceMap) continue;
      const entry = sourceMap.findEntry(Number(m[1]) - 1, Number(m[2]) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
      if (entry && entry.originalSource !== undefined && entry.originalLine !== undefined) {
        const src = entry.originalSource.startsWith('file://') ? new URL(entry.originalSource).pathname : entry.originalSource;
        return { file: displayOf(resolve(src), file, shown), line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1 };
      }
    }
    return undefined;
  };
  const at = (loc: Located | undefined) => (loc ? ` at ${loc.file}:${loc.line}:${loc.column}` : ` in ${shown}`);

  const module: { exports: Record<string, unknown> } = { exports: {} };
  const requireShim = (name: string): unknown => {
    if (PUBLIC_MODULES.includes(name)) return publicApi;
    throw new Error(`a policy may import only "openclaw/policy" and its own files, not "${name}"`);
  };
  const sandbox: Record<string, unknown> = { console, module, exports: module.exports, require: requireShim, __input: undefined, __policy: undefined };
  const context = vm.createContext(sandbox, { name: `policy ${shown}`, codeGeneration: { strings: false, wasm: false } });
  try {
    const wrapped = `(function (exports, require, module) {${code}\n})(exports, require, module);`;
    new vm.Script(wrapped, { filename: scriptName }).runInContext(context, { timeout: budgetMs });
  } catch (err) {
    const loc = locate(err);
    throw new PolicyFileError(loc?.file ?? shown, loc?.line, loc?.column, `failed while loading: ${messageOf(err)}`);
  }
  const exported = module.exports;
  const candidate = (exported.default ?? exported.policy ?? exported) as Partial<Policy> | undefined;
  if (!candidate || typeof candidate !== 'object' || typeof candidate.schedule !== 'function') {
    throw new PolicyFileError(shown, undefined, undefined, 'expected the file to export a policy: `export default { name, schedule(input) { ... } }`');
  }
  if (typeof candidate.name !== 'string' || candidate.name.length === 0) {
    throw new PolicyFileError(shown, undefined, undefined, 'the exported policy needs a "name" string');
  }
  const name = candidate.name;
  sandbox.__policy = candidate;
  const callSchedule = new vm.Script('__policy.schedule(__input)', { filename: `${shown} (schedule call)` });
  const callExplain = new vm.Script('__policy.explain(__input.job, __input.context)', { filename: `${shown} (explain call)` });

  const run = (script: vm.Script, input: unknown): unknown => {
    sandbox.__input = input;
    try {
      return script.runInContext(context, { timeout: budgetMs });
    } catch (err) {
      if ((err as { code?: string })?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
        throw new PolicyError(name, undefined, 'time-budget', `${shown}: schedule() ran longer than its ${budgetMs} ms budget and was stopped (an endless loop?)`);
      }
      const loc = locate(err);
      if (err instanceof PolicyError) {
        // A rule broken through input.plan: say where in the user's file.
        throw new PolicyError(err.policy, err.job, err.rule, `${err.detail}${at(loc)}`, { cause: err });
      }
      throw new PolicyError(name, undefined, 'policy-threw', `threw ${messageOf(err)}${at(loc)}`, { cause: err });
    } finally {
      sandbox.__input = undefined;
    }
  };

  const policy: LoadedPolicy = {
    name,
    file,
    source: shown,
    description: typeof candidate.description === 'string' ? candidate.description : undefined,
    timeSharing: candidate.timeSharing === true,
    roundSeconds: typeof candidate.roundSeconds === 'number' ? candidate.roundSeconds : undefined,
    schedule(input: SchedulingInput): readonly Decision[] | void {
      return run(callSchedule, input) as readonly Decision[] | void;
    },
    explain:
      typeof candidate.explain === 'function'
        ? (job: JobView, context: ExplainContext): string | undefined => {
            const r = run(callExplain, { job, context });
            return typeof r === 'string' ? r : undefined;
          }
        : undefined,
  };
  return policy;
}

function messageOf(err: unknown): string {
  if (err && typeof err === 'object' && 'message' in err) {
    const e = err as { name?: unknown; message: unknown };
    return `${typeof e.name === 'string' ? e.name : 'Error'}: ${String(e.message)}`;
  }
  return String(err);
}
