/**
 * A small CSV reader for the traces (no quoting in them): checks the header, then hands each row to
 * a parser with helpers that raise one SpecError naming the file, the line and the column.
 */
import { SpecError } from '../../src/core/errors';
import { readInputFile } from '../input/yaml-input';

export interface CsvRow {
  readonly line: number;
  /** Raw cell by column name. */
  text(column: string): string;
  number(column: string, check?: 'nonnegative' | 'positive' | 'int>0'): number;
}

export function readCsv<T>(path: string, required: readonly string[], what: string, parse: (row: CsvRow) => T, limit = Infinity): T[] {
  const text = readInputFile(path, what);
  const lines = text.split(/\r?\n/);
  const header = lines[0]!.split(',').map((s) => s.trim());
  for (const col of required) {
    if (!header.includes(col)) {
      throw new SpecError(`${path}:1`, [{ path: 'header', message: `missing column "${col}"; expected columns ${required.join(',')} (${what})` }]);
    }
  }
  const index = new Map(header.map((h, i) => [h, i] as const));
  const out: T[] = [];
  let cells: string[] = [];
  let lineNo = 0;
  const fail = (column: string, message: string): never => {
    throw new SpecError(`${path}:${lineNo}`, [{ path: column, message }]);
  };
  const row: CsvRow = {
    get line() {
      return lineNo;
    },
    text(column) {
      const v = cells[index.get(column)!];
      if (v === undefined) fail(column, `missing value; expected ${header.length} columns`);
      return v!.trim();
    },
    number(column, check) {
      const raw = this.text(column);
      const v = raw === '' ? NaN : Number(raw);
      if (!Number.isFinite(v)) fail(column, `expected a number, got ${JSON.stringify(raw)}`);
      if (check === 'nonnegative' && v < 0) fail(column, `expected a non-negative number, got ${raw}`);
      if (check === 'positive' && !(v > 0)) fail(column, `expected a positive number, got ${raw}`);
      if (check === 'int>0' && !(Number.isInteger(v) && v > 0)) fail(column, `expected a positive integer, got ${raw}`);
      return v;
    },
  };
  for (let i = 1; i < lines.length && out.length < limit; i++) {
    if (lines[i]!.trim() === '') continue;
    lineNo = i + 1;
    cells = lines[i]!.split(',');
    out.push(parse(row));
  }
  return out;
}

/** Stable sort by arrival (traces are not always in order), then arrivals made relative to the first. */
export function byArrival<T extends { arrival: number }>(jobs: T[]): T[] {
  const indexed = jobs.map((j, i) => ({ j, i }));
  indexed.sort((x, y) => x.j.arrival - y.j.arrival || x.i - y.i);
  const t0 = indexed.length ? indexed[0]!.j.arrival : 0;
  return indexed.map(({ j }) => ({ ...j, arrival: j.arrival - t0 }));
}
