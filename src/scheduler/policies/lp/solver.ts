/**
 * The linear-programming solver of the allocation policies: HiGHS compiled to WebAssembly (the
 * `highs` package, MIT). Loading it is asynchronous (the module is compiled once, ~0.1 s) while a
 * policy's rounds are synchronous, so drivers load it before the first round: `loadLpSolver()`
 * (the policy registry's `preparePolicy` does it for the policies that need it). A round that finds
 * it not loaded fails with a message saying so.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';

/** One column of a solution, as HiGHS reports it. */
interface HighsColumn {
  readonly Primal: number;
}

interface HighsSolution {
  readonly Status: string;
  readonly ObjectiveValue: number;
  readonly Columns: Readonly<Record<string, HighsColumn>>;
}

interface Highs {
  solve(problem: string, options?: Readonly<Record<string, string | number | boolean>>): HighsSolution;
}

/** The one loader option used: Emscripten's hook to instantiate the module from bytes we hold. */
interface EmscriptenOptions {
  instantiateWasm(imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void): object;
}

function fromBytes(bytes: Uint8Array): EmscriptenOptions {
  return {
    instantiateWasm(imports, done) {
      const compiled: Promise<WebAssembly.WebAssemblyInstantiatedSource> = WebAssembly.instantiate(bytes as BufferSource, imports);
      void compiled.then((r) => done(r.instance, r.module));
      return {}; // the exports come through `done`
    },
  };
}

let solver: Highs | undefined;
let loading: Promise<Highs> | undefined;

/** Loads HiGHS once; later calls return the same promise. */
export function loadLpSolver(): Promise<void> {
  if (!loading) {
    // From sources the loader finds highs.wasm beside itself in node_modules/highs/build. The
    // bundles in dist/ require dist/highs.js and ship the WebAssembly Brotli-compressed beside it
    // (scripts/build.mjs): handed to the loader decompressed.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const load = require('highs') as (options?: EmscriptenOptions) => Promise<Highs>;
    const packed = join(__dirname, 'highs.wasm.br');
    loading = (existsSync(packed) ? Promise.resolve().then(() => load(fromBytes(brotliDecompressSync(readFileSync(packed))))) : load()).then(
      (h) => (solver = h),
      (err: unknown) => {
        // Emscripten's abort message names the missing file; say what it was for.
        throw new Error(`cannot load the LP solver (HiGHS, WebAssembly) that the LP policies need: ${err instanceof Error ? err.message : String(err)}`);
      },
    );
    loading.catch(() => (loading = undefined));
  }
  return loading.then(() => undefined);
}

export function lpSolverLoaded(): boolean {
  return solver !== undefined;
}

export class LpSolverNotLoadedError extends Error {
  constructor(policy: string) {
    super(`policy "${policy}" allocates by linear programming and its solver (HiGHS) is not loaded: await loadLpSolver() (or preparePolicy("${policy}")) before the first round`);
    this.name = 'LpSolverNotLoadedError';
  }
}

/** A linear program in CPLEX LP text: variables are named by the caller; all are ≥ 0 unless bounded. */
export interface LinearProgram {
  readonly sense: 'max' | 'min';
  /** Objective terms: coefficient × variable. */
  readonly objective: readonly (readonly [number, string])[];
  readonly constraints: readonly LpConstraint[];
  /** Upper bounds (lower bounds are 0). */
  readonly upper?: ReadonlyMap<string, number>;
}

export interface LpConstraint {
  readonly terms: readonly (readonly [number, string])[];
  readonly op: '<=' | '>=' | '=';
  readonly rhs: number;
}

/** Writes a number the LP reader accepts (no exponent surprises, no "-0"). */
function num(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`linear program: coefficient ${x} is not finite`);
  return Object.is(x, -0) ? '0' : String(x);
}

function sum(terms: readonly (readonly [number, string])[]): string {
  if (terms.length === 0) return '0';
  let s = '';
  for (const [c, v] of terms) {
    if (c === 0) continue;
    s += c < 0 ? ` - ${num(-c)} ${v}` : ` + ${num(c)} ${v}`;
  }
  return s === '' ? '0' : s;
}

export function lpText(lp: LinearProgram): string {
  const out: string[] = [lp.sense === 'max' ? 'Maximize' : 'Minimize', ` obj:${sum(lp.objective)}`, 'Subject To'];
  lp.constraints.forEach((c, i) => {
    // The LP format needs a variable in every row: an empty row is trivially true or false.
    if (!c.terms.some(([k]) => k !== 0)) return;
    out.push(` c${i}:${sum(c.terms)} ${c.op} ${num(c.rhs)}`);
  });
  if (lp.upper && lp.upper.size > 0) {
    out.push('Bounds');
    for (const [v, u] of lp.upper) out.push(` 0 <= ${v} <= ${num(u)}`);
  }
  out.push('End');
  return out.join('\n');
}

export interface LpResult {
  readonly status: 'optimal' | 'infeasible' | 'other';
  readonly objective: number;
  /** Primal value of each variable (0 for one HiGHS dropped). */
  value(variable: string): number;
}

/** Solves a linear program; `policy` names the policy in the error when the solver is not loaded. */
export function solveLp(lp: LinearProgram, policy: string): LpResult {
  if (!solver) throw new LpSolverNotLoadedError(policy);
  const r = solver.solve(lpText(lp), { output_flag: false, presolve: 'off' });
  const status = r.Status === 'Optimal' ? 'optimal' : r.Status === 'Infeasible' ? 'infeasible' : 'other';
  return { status, objective: r.ObjectiveValue, value: (v) => r.Columns[v]?.Primal ?? 0 };
}
