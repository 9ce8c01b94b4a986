/**
 * Text cut to a width with an ellipsis, as `text-overflow: ellipsis` draws it, but without the
 * `overflow: hidden` that CSS needs for it. Each such box is a clip of its own in Chromium's
 * paint, and the canvas's 1,000 element names and 2,000 flow labels made its layerization about
 * 5 ms of every frame of a drag (bench/browser). The full text stays in the node's accessible
 * name and in a `title`.
 */

/** The width of `text` drawn in `font` (a CSS font shorthand), in CSS pixels. */
export type MeasureText = (text: string, font: string) => number;

const ELLIPSIS = '…';
/** Enough for every name and label of a large diagram; cleared when full. */
const MAX_CACHED = 20_000;

export type FitText = (text: string, font: string, maxWidth: number) => string;

export function createTextFitter(measure: MeasureText): FitText {
  const cache = new Map<string, string>();
  return (text, font, maxWidth) => {
    const key = `${maxWidth}\u0000${font}\u0000${text}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const fitted = fit(measure, text, font, maxWidth);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, fitted);
    return fitted;
  };
}

function fit(measure: MeasureText, text: string, font: string, maxWidth: number): string {
  if (measure(text, font) <= maxWidth) return text;
  // Code points, so a cut never splits a surrogate pair.
  const characters = Array.from(text);
  // The longest prefix that fits with the ellipsis after it (binary search: widths grow with
  // the prefix). Trailing spaces are dropped, as "Order …" reads worse than "Order…".
  let low = 0;
  let high = characters.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    const candidate = characters.slice(0, middle).join('').trimEnd() + ELLIPSIS;
    if (measure(candidate, font) <= maxWidth) low = middle;
    else high = middle - 1;
  }
  return characters.slice(0, low).join('').trimEnd() + ELLIPSIS;
}

let context: CanvasRenderingContext2D | null | undefined;

/** Measures with a 2D canvas, as the browser draws the text. */
const canvasMeasure: MeasureText = (text, font) => {
  context ??= document.createElement('canvas').getContext('2d');
  if (!context) return 0; // no canvas (never in a browser): nothing is cut
  if (context.font !== font) context.font = font;
  return context.measureText(text).width;
};

/** The canvas's fitter (one cache for the page). */
export const fitText: FitText = createTextFitter(canvasMeasure);

let family: string | undefined;

/** The page's font family, read once (the canvas nodes inherit it from the body). */
export function pageFontFamily(): string {
  family ??= getComputedStyle(document.body).fontFamily || 'sans-serif';
  return family;
}
