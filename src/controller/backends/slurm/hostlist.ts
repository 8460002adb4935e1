/**
 * Slurm hostlist expressions: `node[01-03,7],gpu-a`  <->  node01 node02 node03 node7 gpu-a.
 * Slurm hands these out in SLURM_JOB_NODELIST, squeue's NodeList and scontrol; the order it expands
 * them in is the order of SLURM_NODEID.
 */

/** Splits on commas that are not inside brackets. */
function topLevelParts(expr: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(expr.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(expr.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

function expandRanges(body: string): string[] {
  const out: string[] = [];
  for (const piece of body.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(piece.trim());
    if (!m) throw new Error(`bad hostlist range "${piece}"`);
    const [lo, hi] = [m[1]!, m[2] ?? m[1]!];
    const width = lo.length;
    const a = Number(lo);
    const b = Number(hi);
    if (b < a) throw new Error(`bad hostlist range "${piece}"`);
    for (let n = a; n <= b; n++) out.push(String(n).padStart(width, '0'));
  }
  return out;
}

/** Expands one bracket group at a time, left to right, so `r[1-2]n[1-2]` gives r1n1 r1n2 r2n1 r2n2. */
function expandOne(part: string): string[] {
  const open = part.indexOf('[');
  if (open < 0) return [part];
  const close = part.indexOf(']', open);
  if (close < 0) throw new Error(`bad hostlist "${part}": missing "]"`);
  const prefix = part.slice(0, open);
  const rest = expandOne(part.slice(close + 1));
  const out: string[] = [];
  for (const n of expandRanges(part.slice(open + 1, close))) for (const r of rest) out.push(prefix + n + r);
  return out;
}

export function expandHostlist(expr: string): string[] {
  const trimmed = expr.trim();
  if (trimmed === '' || trimmed === '(null)' || trimmed === 'None assigned') return [];
  return topLevelParts(trimmed).flatMap(expandOne);
}
