/**
 * Cleaning of the user text that reaches a gate output (feature names, threat titles inside
 * messages, branch names, paths). CI logs are read line by line: GitHub Actions runs any line
 * that starts with `::` as a workflow command, and terminals obey ANSI escape sequences. So user
 * text must never start a line of its own, recolour the log, or display differently from what it
 * contains. Every renderer passes user text through one of these functions, then through its own
 * format's escaping.
 */

/**
 * Every character some reader treats as the end of a line — CR, LF, VT, FF, NEL (U+0085), LINE
 * SEPARATOR (U+2028), PARAGRAPH SEPARATOR (U+2029) — plus tab, which would break column layout.
 */
const LINE_BREAKS_AND_TABS = /[\t\n\v\f\r\u0085\u2028\u2029]+/gu;

/**
 * The remaining C0 and C1 control characters (NUL, BEL, the ESC that starts ANSI sequences, DEL
 * …) and the bidirectional formatting characters that make a line display in another order than
 * it is stored ("Trojan Source").
 */
const INVISIBLE_CONTROLS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the purpose here
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** With the `u` flag a surrogate pair is one code point, so this matches only lone surrogates. */
const LONE_SURROGATE = /[\ud800-\udfff]/gu;

/** Line breaks normalised to LF; the other separators become LF too, tabs become spaces. */
const ANY_LINE_BREAK = /\r\n|[\n\v\f\r\u0085\u2028\u2029]/gu;

/**
 * User text for a single line of output: line breaks and tabs become spaces, other control and
 * bidirectional formatting characters are removed, lone surrogates become U+FFFD (they cannot be
 * encoded in UTF-8), runs of white space shrink to one space (so padding cannot line a name up
 * like a column of ours), and the ends are trimmed.
 */
export function singleLine(text: string): string {
  return text
    .replace(LINE_BREAKS_AND_TABS, ' ')
    .replace(INVISIBLE_CONTROLS, '')
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * User text for an output whose format escapes line breaks itself (GitHub workflow command
 * messages encode them as `%0A`): line breaks of every kind become LF and survive; everything
 * else is cleaned as in {@link singleLine}.
 */
export function multiLine(text: string): string {
  return text
    .replace(ANY_LINE_BREAK, '\n')
    .replace(/\t/gu, ' ')
    .split('\n')
    .map((line) => line.replace(INVISIBLE_CONTROLS, '').replace(LONE_SURROGATE, '\ufffd'))
    .join('\n')
    .trim();
}

/** At most `maxLength` code points, with an ellipsis when something was cut. */
export function truncate(text: string, maxLength: number): string {
  const codePoints = Array.from(text);
  if (codePoints.length <= maxLength) return text;
  return `${codePoints.slice(0, Math.max(0, maxLength - 1)).join('')}…`;
}
