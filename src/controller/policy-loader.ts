/**
 * Loads a user's policy file (TypeScript or JavaScript) from the workspace.
 *
 * The file and its own relative imports are transpiled by a pure-JavaScript compiler (sucrase,
 * bundled into dist/: nothing is needed beside OpenClaw) and evaluated in their own node:vm
 * context under their real absolute paths with inline source maps (policy-modules.ts), so that a
 * debugger's breakpoints bind in the user's files and our error messages name their lines. Each
 * call to `schedule` runs under a per-round time budget, and an endless loop is stopped there.
 * Anything the policy does wrong (fails to compile, imports what it may not, exports no policy,
 * throws, returns garbage, runs over budget) becomes a PolicyError or PolicyFileError whose message
 * names the file and line.
 *
 * User code is workspace code, and node:vm is no security boundary: callers pass `trusted: false`
 * in an untrusted workspace, and then nothing is run. A process the extension starts for an
 * untrusted workspace (the simulator CLI) has OPENCLAW_UNTRUSTED_WORKSPACE=1, which means the same.
 */
import { statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import * as vm from 'node:vm';
import type { Decision, ExplainContext, JobView, Policy, SchedulingInput } from '../scheduler/api';
import { UNTRUSTED_ENV } from '../core/workspace-trust';
import * as publicApi from '../scheduler/index';
import { PolicyError } from '../scheduler/policy-error';
import { makeBudget } from './policy-budget';
import { POLICY_EXTENSIONS, PolicyFileError, PolicyImportError, PolicyModules, type Located } from './policy-modules';

export { PolicyFileError } from './policy-modules';

export interface LoadPolicyOptions {
  /** Milliseconds one call of schedule() may take before the run stops (default 2000). */
  budgetMs?: number;
  /** Whether the workspace is trusted; user code never runs when false. Default: true, unless the environment says otherwise. */
  trusted?: boolean;
  /** Shown instead of the absolute path in messages (e.g. relative to the workspace). */
  displayPath?: string;
}

export interface LoadedPolicy extends Policy {
  /** Absolute path of the policy file. */
  readonly file: string;
}

export async function loadPolicyFile(path: string, options: LoadPolicyOptions = {}): Promise<LoadedPolicy> {
  const file = resolve(path);
  const shown = options.displayPath ?? path;
  if (options.trusted === false || (options.trusted === undefined && process.env[UNTRUSTED_ENV] === '1')) {
    throw new PolicyFileError(shown, undefined, undefined, 'this workspace is not trusted: policy files from it do not run (built-in policies do)');
  }
  if (!POLICY_EXTENSIONS.includes(extname(file))) throw new PolicyFileError(shown, undefined, undefined, `expected a .ts or .js file, got "${extname(file) || 'no extension'}"`);
  try {
    if (!statSync(file).isFile()) throw new Error('not a file');
  } catch {
    throw new PolicyFileError(shown, undefined, undefined, 'no such file');
  }
  return instantiate(file, shown, options.budgetMs ?? 2000);
}

function instantiate(file: string, shown: string, budgetMs: number): LoadedPolicy {
  const sandbox: Record<string, unknown> = { console, __load: undefined };
  const context = vm.createContext(sandbox, { name: `policy ${shown}`, codeGeneration: { strings: false, wasm: false } });
  const budget = makeBudget(context);
  const modules = new PolicyModules(file, shown, context, publicApi, budget.check);
  const locate = (err: unknown): Located | undefined => modules.locate(err);
  const at = (loc: Located | undefined) => (loc ? ` at ${loc.file}:${loc.line}:${loc.column}` : ` in ${shown}`);

  let exported: Record<string, unknown> | undefined;
  try {
    // The user's top level runs inside the budget too (the script calls into the module system).
    sandbox.__load = () => modules.load();
    budget.start(budgetMs);
    // The vm timeout as well, once: it also stops a top level that loops in a built-in call.
    exported = new vm.Script('__load()', { filename: `${shown} (load)` }).runInContext(context, { timeout: budgetMs }) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof PolicyFileError) throw err;
    if ((err as { code?: string })?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT' || budget.over) {
      throw new PolicyFileError(shown, undefined, undefined, `its top level ran longer than the ${budgetMs} ms budget and was stopped (an endless loop?)`);
    }
    const loc = locate(err);
    if (err instanceof PolicyImportError) throw new PolicyFileError(loc?.file ?? shown, loc?.line, loc?.column, err.message);
    throw new PolicyFileError(loc?.file ?? shown, loc?.line, loc?.column, `failed while loading: ${messageOf(err)}`);
  } finally {
    sandbox.__load = undefined;
  }
  const candidate = (exported?.default ?? exported?.policy ?? exported) as Partial<Policy> | undefined;
  if (!candidate || typeof candidate !== 'object' || typeof candidate.schedule !== 'function') {
    throw new PolicyFileError(shown, undefined, undefined, 'expected the file to export a policy: `export default { name, schedule(input) { ... } }`');
  }
  if (typeof candidate.name !== 'string' || candidate.name.length === 0) {
    throw new PolicyFileError(shown, undefined, undefined, 'the exported policy needs a "name" string');
  }
  const name = candidate.name;
  const overBudget = (what: string): PolicyError =>
    new PolicyError(name, undefined, 'time-budget', `${shown}: ${what}() ran longer than its ${budgetMs} ms budget and was stopped (an endless loop?)`);
  // A plain call into the context: the budget is kept by the checks in the policy's own code.
  const run = (what: 'schedule' | 'explain', call: () => unknown): unknown => {
    budget.start(budgetMs);
    let result: unknown;
    try {
      result = call();
    } catch (err) {
      if (budget.over) throw overBudget(what);
      const loc = locate(err);
      if (err instanceof PolicyError) {
        // A rule broken through input.plan: say where in the user's file.
        throw new PolicyError(err.policy, err.job, err.rule, `${err.detail}${at(loc)}`, { cause: err });
      }
      throw new PolicyError(name, undefined, 'policy-threw', `threw ${messageOf(err)}${at(loc)}`, { cause: err });
    }
    // It caught the check's error and went on: the call still ran past its budget.
    if (budget.over) throw overBudget(what);
    return result;
  };
  const schedule = candidate.schedule;
  const explain = candidate.explain;

  const policy: LoadedPolicy = {
    name,
    file,
    source: shown,
    description: typeof candidate.description === 'string' ? candidate.description : undefined,
    timeSharing: candidate.timeSharing === true,
    roundSeconds: typeof candidate.roundSeconds === 'number' ? candidate.roundSeconds : undefined,
    schedule(input: SchedulingInput): readonly Decision[] | void {
      return run('schedule', () => schedule.call(candidate, input)) as readonly Decision[] | void;
    },
    explain:
      typeof explain === 'function'
        ? (job: JobView, context: ExplainContext): string | undefined => {
            const r = run('explain', () => explain.call(candidate, job, context));
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
