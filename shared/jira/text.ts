/**
 * Text handling shared by the Jira exports: user text (names, titles, rule-pack text) is cleaned
 * the same way for CSV, ADF and wiki markup, and hrefs pass one scheme check.
 */

/** Line separators a person may paste (CRLF, CR, NEL, LS, PS), all read as a line break. */
const LINE_BREAKS = /\r\n|[\r\u0085\u2028\u2029]/g;
/**
 * C0 controls except tab and LF, DEL and the C1 controls: invisible, rejected or mangled by
 * some Jira fields and XML-based backups, and never meaningful in a story.
 */
// eslint-disable-next-line no-control-regex -- the point is to remove control characters.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\uFFFE\uFFFF]/g;
/**
 * Bidi controls and zero-width characters: in a summary or a label they can make text read
 * differently from what it is ("Trojan Source"), so exports drop them. (Joiners inside emoji
 * are kept.)
 */
const INVISIBLE = /[\u061C\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
/**
 * A UTF-16 surrogate without its partner. `JSON.stringify` escapes one as `\udxxx`, which Jira
 * (Java) would store as an unpaired char; U+FFFD shows that something was there.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** User text with line breaks normalized to LF and controls and lone surrogates removed. */
export function cleanText(text: string): string {
  return text
    .replace(LINE_BREAKS, '\n')
    .replace(CONTROLS, '')
    .replace(INVISIBLE, '')
    .replace(LONE_SURROGATE, '\uFFFD');
}

/** `cleanText` on one line: every run of whitespace (line breaks and tabs too) becomes a space. */
export function oneLine(text: string): string {
  return cleanText(text).replace(/\s+/g, ' ').trim();
}

/**
 * At most `max` UTF-16 code units (Jira counts Java chars), ending in `…` when shortened, never
 * splitting a surrogate pair.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** Jira's limit on a summary. */
export const SUMMARY_MAX = 255;

/** A Jira summary: one line, at most 255 chars; `fallback` when nothing printable is left. */
export function summaryText(text: string, fallback: string): string {
  const line = oneLine(text);
  return truncate(line === '' ? fallback : line, SUMMARY_MAX);
}

/**
 * The link schemes the exports write. Everything else (`javascript:`, `data:`, `vbscript:`,
 * `file:`, relative and protocol-relative references) is written as plain text: the ADF schema
 * accepts any string as a link href, so this check is ours.
 */
export const ALLOWED_LINK_SCHEMES: readonly string[] = ['http:', 'https:', 'mailto:'];

const HREF_MAX = 2048;

/**
 * `href` when it may become a link: a URL whose scheme is in `ALLOWED_LINK_SCHEMES` (compared
 * case-insensitively, as browsers do), `http(s)` with a host after `//`, `mailto` with an
 * address, no whitespace, control or invisible formatting characters anywhere (browsers drop
 * tabs and newlines inside URLs, so they could hide a scheme; bidi controls make a URL read
 * differently from where it goes), at most 2048 chars. Otherwise null: write plain text.
 */
export function safeHref(href: string): string | null {
  if (href.length > HREF_MAX) return null;
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point.
  if (/[\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/.test(href))
    return null;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(href)?.[1]?.toLowerCase();
  if (scheme === undefined || !ALLOWED_LINK_SCHEMES.includes(`${scheme}:`)) return null;
  const rest = href.slice(scheme.length + 1);
  if (scheme === 'mailto') return rest === '' ? null : href;
  return /^\/\/[^/?#\\@]/.test(rest) ? href : null;
}
