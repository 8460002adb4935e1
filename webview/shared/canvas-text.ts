/** Text on canvases. */

/**
 * `text` fitted to `width` at the context's font. Names of one cluster mostly share a prefix and
 * differ at the end ("dgx-a100-017"), so a name too long keeps its end: "…a100-017". Empty when not
 * even one character fits.
 */
export function fitTail(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  const fits = (t: string) => ctx.measureText(t).width <= width;
  if (fits(text)) return text;
  let lo = 0;
  let hi = text.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (fits(`…${text.slice(text.length - mid)}`)) lo = mid;
    else hi = mid - 1;
  }
  return lo > 0 ? `…${text.slice(text.length - lo)}` : '';
}
