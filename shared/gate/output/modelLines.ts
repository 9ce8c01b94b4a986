/**
 * Line numbers of records in a model file, so that SARIF results and GitHub annotations point at
 * the element, threat or story a finding is about instead of line 1.
 *
 * The file is read as text with a small tokenizer rather than searched with a pattern: a
 * description may contain `"id": "api"` (escaped inside its string) and must not be taken for a
 * record, and a hand-edited model need not be in canonical form (the gate's digest ignores
 * whitespace, so CRLF endings, other indentation or one long line are all valid).
 */

/** Keys whose string value identifies a record: `id` on every record, `threatId` on triage. */
const RECORD_ID_KEYS: ReadonlySet<string> = new Set(['id', 'threatId']);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * The 1-based line of each record ID (`"id": "<value>"` or `"threatId": "<value>"`) in a model
 * file's text. The first occurrence wins: records come before the references to them in a
 * canonical model (elements before the manual threats and triage that name them as targets).
 * Meant for text that `JSON.parse` accepted; on other text it returns what it found up to the
 * first unterminated string.
 */
export function idLines(modelText: string): Map<string, number> {
  const lines = new Map<string, number>();
  let line = 1;
  /** The string just read, while it may still turn out to be a key. */
  let lastString: { value: string; line: number } | null = null;
  /** The key whose value comes next, once `"key" :` has been read. */
  let pendingKey: { value: string; line: number } | null = null;

  let index = 0;
  while (index < modelText.length) {
    const code = modelText.charCodeAt(index);
    if (code === QUOTE) {
      const end = closingQuote(modelText, index + 1);
      if (end < 0) break;
      const value = decodeJsonString(modelText.slice(index + 1, end));
      if (pendingKey !== null) {
        if (RECORD_ID_KEYS.has(pendingKey.value) && !lines.has(value))
          lines.set(value, pendingKey.line);
        pendingKey = null;
        lastString = null;
      } else {
        lastString = { value, line };
      }
      index = end + 1;
      continue;
    }
    if (code === LINE_FEED) {
      line += 1;
    } else if (code === CARRIAGE_RETURN) {
      // CRLF counts once; a lone CR is a line break of its own, as editors show it.
      if (modelText.charCodeAt(index + 1) !== LINE_FEED) line += 1;
    } else if (code === COLON) {
      pendingKey = lastString;
      lastString = null;
    } else if (code !== SPACE && code !== TAB) {
      // Any other token (`{`, `,`, a number…) ends whatever a previous string could have started.
      lastString = null;
      pendingKey = null;
    }
    index += 1;
  }
  return lines;
}

/** Index of the quote that closes a string whose content starts at `start`, or -1. */
function closingQuote(text: string, start: number): number {
  let candidate = text.indexOf('"', start);
  while (candidate >= 0) {
    let backslashes = 0;
    while (text.charCodeAt(candidate - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return candidate;
    candidate = text.indexOf('"', candidate + 1);
  }
  return -1;
}

/** A JSON string's content with its escapes decoded (IDs never need any, but JSON allows them). */
function decodeJsonString(raw: string): string {
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}
