/**
 * The time budget of a user's policy, kept by checks inside its own code rather than by node:vm's
 * `timeout`, which starts a watchdog thread for every call: that thread cost a policy two to four
 * times its own run time, round after round. Each loop body and each function body of the
 * transpiled policy starts with a call of `BUDGET_CHECK`; one call in 1,024 reads the clock, and
 * past the deadline every call throws, so a `catch` inside the loop cannot keep it running. What
 * this cannot stop is one long call of a built-in (a regular expression that backtracks for
 * minutes, say): docs/policies.md says so.
 *
 * The checks go right after a block's `{` (or around a body without braces), on the same line, so
 * the line numbers of stack traces and breakpoints stay the user's; `Insertions` maps columns back.
 * `BUDGET_CHECK` reaches each file as a parameter of its module function, not as a global: a vm
 * context's globals are looked up through an interceptor, which made each check cost 50 times more.
 */
import { parse, type Node } from 'acorn';
import * as vm from 'node:vm';

/** The function every loop and function body of a policy calls; a name user code will not use. */
export const BUDGET_CHECK = '__openclaw_budget_check';

/** Thrown inside the policy when its call ran past the budget. */
export class BudgetExceeded extends Error {
  override readonly name = 'BudgetExceeded';
}

/** Where checks were inserted in generated code: 0-based line, column and length, for mapping columns back. */
export class Insertions {
  private readonly byLine = new Map<number, { column: number; length: number }[]>();

  add(line: number, column: number, length: number): void {
    const list = this.byLine.get(line) ?? [];
    list.push({ column, length });
    this.byLine.set(line, list);
  }

  /** The column code at `column` (0-based, after insertion) had before the insertions. */
  original(line: number, column: number): number {
    let shift = 0;
    for (const i of this.byLine.get(line) ?? []) if (i.column + i.length <= column) shift += i.length;
    return column - shift;
  }
}

const CALL = `${BUDGET_CHECK}();`;
const LOOPS = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);
const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/**
 * Inserts the budget checks into a compiled policy file (plain CommonJS JavaScript). A file that
 * does not parse is returned as it is: running it reports the syntax error as usual.
 */
export function addBudgetChecks(code: string): { code: string; insertions: Insertions } {
  const insertions = new Insertions();
  let ast: Node;
  try {
    ast = parse(code, { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: true, allowHashBang: true });
  } catch {
    return { code, insertions };
  }
  // Texts to put at offsets; applied from the end so that earlier offsets stay valid.
  const edits: { at: number; text: string }[] = [];
  const guard = (body: Node & { body?: unknown }): void => {
    if (body.type === 'BlockStatement') edits.push({ at: body.start + 1, text: CALL });
    else {
      edits.push({ at: body.start, text: `{${CALL}` });
      edits.push({ at: body.end, text: '}' });
    }
  };
  walk(ast, (node) => {
    const n = node as Node & { body?: Node; expression?: boolean };
    if (LOOPS.has(n.type) && n.body) guard(n.body);
    else if (FUNCTIONS.has(n.type) && n.body?.type === 'BlockStatement') guard(n.body);
  });
  edits.sort((a, b) => b.at - a.at);
  let out = code;
  for (const e of edits) out = out.slice(0, e.at) + e.text + out.slice(e.at);
  // Columns: count lines of the original text up to each edit, in source order.
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const sameLine = new Map<number, number>();
  for (const e of [...edits].reverse()) {
    const line = upperBound(lineStarts, e.at) - 1;
    const before = sameLine.get(line) ?? 0;
    insertions.add(line, e.at - lineStarts[line]! + before, e.text.length);
    sameLine.set(line, before + e.text.length);
  }
  return { code: out, insertions };
}

function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Visits every node of an ESTree (acorn's nodes: objects with a `type`, children in fields and arrays). */
function walk(node: Node, visit: (node: Node) => void): void {
  const stack: Node[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    visit(n);
    for (const key in n) {
      const v = (n as unknown as Record<string, unknown>)[key];
      if (Array.isArray(v)) {
        for (const c of v) if (c && typeof (c as Node).type === 'string') stack.push(c as Node);
      } else if (v && typeof v === 'object' && typeof (v as Node).type === 'string') stack.push(v as Node);
    }
  }
}

/** The budget of one policy's context: `start` before each call, `over` after it; `check` is `BUDGET_CHECK`. */
export interface Budget {
  start(ms: number): void;
  readonly over: boolean;
  readonly check: () => void;
}

/**
 * Makes the budget of a policy's context; its `check` is a function of that context, so that the
 * calls in the policy's loops stay calls within one context.
 */
export function makeBudget(context: vm.Context): Budget {
  const now = (): number => performance.now();
  const make = new vm.Script(`(function (now, Stop) {
    let left = 1024, deadline = Infinity, over = false;
    const check = function () {
      if (--left > 0) return;
      if (over || now() > deadline) { over = true; left = 0; throw new Stop('the policy ran past its time budget'); }
      left = 1024;
    };
    return { start(ms) { deadline = now() + ms; over = false; left = 1024; }, get over() { return over; }, check };
  })`).runInContext(context) as (now: () => number, stop: typeof BudgetExceeded) => Budget;
  return make(now, BudgetExceeded);
}
