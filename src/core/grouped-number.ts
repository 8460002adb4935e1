/**
 * An integer with its thousands grouped by commas ("20,000"), as `toLocaleString('en-US')` writes
 * it, but by hand: the first toLocaleString of a process loads ICU's number formats, about 30 ms
 * that every `openclaw sim` would pay for its summary and its limits' messages.
 */
export function grouped(x: number): string {
  if (!Number.isSafeInteger(x)) return Number.isInteger(x) ? x.toLocaleString('en-US') : String(x);
  return String(x).replace(/\B(?=(\d{3})+$)/g, ',');
}
