/**
 * Small pieces the DOM-free SVG builders share: number formatting, text fitting, the report
 * palette and a text element that always escapes. Colours are attributes, never classes, so a
 * downloaded `.svg` looks the same in any viewer and when drawn into a canvas for a PNG.
 */
import type { Severity } from '../model/schema';
import { escapeXml } from './escapeXml';

/** The font stack of the app, for SVG text (quoted with single quotes: it sits in an attribute). */
export const FONT_FAMILY =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/** The app's canvas colours (renderer/styles/app.css, light theme). */
export const DIAGRAM_COLORS = {
  nodeFill: '#ffffff',
  nodeBorder: '#3b4252',
  text: '#1f2430',
  zone: '#c0392b',
  flow: '#5b6475',
  labelBorder: '#ced4da',
} as const;

/** Badge and pill colours: darker with severity, so they read in grayscale too (as in the app). */
export const SEVERITY_COLORS: Readonly<Record<Severity, string>> = {
  low: '#4a6690',
  medium: '#a86400',
  high: '#c2410c',
  critical: '#7a0c0c',
};

/** A number as SVG writes it: at most two decimals, no trailing zeros (stable across runs). */
export function formatNumber(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/**
 * `text` cut to `maxCharacters` code points with an ellipsis. Code points, not UTF-16 units, so
 * an emoji is never split into a lone surrogate.
 */
export function truncateText(text: string, maxCharacters: number): string {
  const characters = Array.from(text.replace(/\s+/g, ' ').trim());
  if (characters.length <= maxCharacters) return characters.join('');
  return `${characters.slice(0, Math.max(1, maxCharacters - 1)).join('')}…`;
}

/** Roughly how wide `text` is at `fontSize` (no DOM to measure with: an average glyph width). */
export function estimateTextWidth(text: string, fontSize: number): number {
  return Array.from(text).length * fontSize * 0.58;
}

/** Attributes from a record, in the order given; values are escaped. */
export function attributes(values: Readonly<Record<string, string | number>>): string {
  return Object.entries(values)
    .map(
      ([name, value]) =>
        ` ${name}="${escapeXml(typeof value === 'number' ? formatNumber(value) : value)}"`,
    )
    .join('');
}

/** A `<text>` element holding `content` as text. */
export function svgText(content: string, values: Readonly<Record<string, string | number>>): string {
  return `<text${attributes(values)}>${escapeXml(content)}</text>`;
}

/** The opening tag of a standalone SVG document of `width` × `height` from (`x`, `y`). */
export function svgOpen(
  box: { x: number; y: number; width: number; height: number },
  labelId: string,
): string {
  return `<svg xmlns="http://www.w3.org/2000/svg"${attributes({
    width: box.width,
    height: box.height,
    viewBox: `${formatNumber(box.x)} ${formatNumber(box.y)} ${formatNumber(box.width)} ${formatNumber(box.height)}`,
    role: 'img',
    'aria-labelledby': labelId,
    'font-family': FONT_FAMILY,
  })}>`;
}
