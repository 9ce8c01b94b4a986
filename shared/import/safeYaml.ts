/**
 * Safe reading of untrusted foreign files written as YAML or JSON: bounded in size before any
 * parser sees the text, in the number of values before a tree is built, and in depth; YAML 1.2
 * core schema only (no custom or language tags, no merge keys), aliases refused (they let a
 * small file expand into a huge tree), duplicate keys refused, prototype-polluting keys dropped
 * and returned for the report (PRODUCT.md, "Bad input and data safety").
 *
 * Moved out of the OTM importer so that every importer of a text format reads files the same
 * way; the messages name the format through `ForeignTextFormat`.
 */
import {
  LineCounter,
  YAMLParseError,
  isAlias,
  isMap,
  isScalar,
  parseDocument,
  visit,
  type Document,
  type DocumentOptions,
  type ParseOptions,
  type SchemaOptions,
  type ToJSOptions,
} from 'yaml';
import { InputError, type PathSegment } from '../model/errors';
import { checkTree, parseUntrustedJson, type TreeLimits } from '../util/untrustedJson';
import { clip } from './reporter';

/** Bounds for a foreign text file: `TreeLimits` plus the number of values it may hold. */
export type ForeignTextLimits = Readonly<TreeLimits & { maxNodes: number }>;

/** How a format is named in messages, and which syntaxes it may be written in. */
export interface ForeignTextFormat {
  /** With its article, e.g. `an Open Threat Model file`. */
  file: string;
  /** E.g. `an Open Threat Model document`. */
  document: string;
  /** The syntaxes named in the empty-file message, e.g. `JSON or YAML`. */
  syntaxName: string;
  /** What the XML message says is expected, e.g. `JSON or YAML with "otmVersion"`. */
  expected: string;
  /** The end of the alias message: why aliases are refused for this format. */
  aliasReason: string;
  /** `json`: JSON only (YAML is never tried); `json-or-yaml`: JSON when it starts with `{`. */
  syntax: 'json' | 'json-or-yaml';
  limits: ForeignTextLimits;
  /**
   * Re-indent quoted text closed on an under-indented line, as PyYAML reads it (see
   * `repairableLine`). Only for formats whose files PyYAML writes or reads.
   */
  repairQuotedIndentation: boolean;
}

/** A parsed, checked tree with what had to be dropped or repaired on the way. */
export interface ForeignTree {
  value: unknown;
  /** Paths of prototype-polluting keys that were removed. */
  dropped: PathSegment[][];
  /** 1-based YAML line numbers re-indented by the PyYAML repair. */
  repaired: number[];
}

/** At most this many under-indented quoted lines are repaired (see `repairableLine`). */
const MAX_YAML_REPAIRS = 20;
/** Repairs re-parse the file, so they are tried only on files of hand-written size. */
const MAX_REPAIRABLE_YAML = 1024 * 1024;

/**
 * YAML 1.2 core schema only: no custom or language tags, no merge keys. Aliases are refused and
 * duplicate keys found by `checkYamlTree` (the parser's own check takes quadratic time).
 */
const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions & ToJSOptions = {
  version: '1.2',
  schema: 'core',
  customTags: [],
  merge: false,
  uniqueKeys: false,
  maxAliasCount: 0,
  intAsBigInt: false,
  mapAsMap: false,
  logLevel: 'error',
  prettyErrors: true,
};

/** The first line of `text`. */
export function firstLine(text: string): string {
  const index = text.indexOf('\n');
  return index < 0 ? text : text.slice(0, index);
}

/** Re-throws an `InputError` with the file name in front of its summary. */
export function withFileName(error: InputError, fileName: string): InputError {
  return new InputError(`${fileName}: ${firstLine(error.message)}`, error.issues);
}

function tooManyNodes(fileName: string, format: ForeignTextFormat): InputError {
  return new InputError(
    `${fileName}: the file holds more than ${format.limits.maxNodes} values (objects, lists, texts and numbers), the limit for ${format.file}.`,
  );
}

/** How many values (objects, lists and scalars; not keys) JSON text holds, counted without parsing. */
export function jsonValueCount(text: string): number {
  let count = 1;
  let inString = false;
  let opened = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c /* \ */) i++;
      else if (code === 0x22 /* " */) inString = false;
      continue;
    }
    if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) continue;
    // The first value in a list or object follows its opening bracket, every other one a comma.
    if (opened && code !== 0x5d /* ] */ && code !== 0x7d /* } */) count++;
    opened = code === 0x5b /* [ */ || code === 0x7b; /* { */
    if (code === 0x2c /* , */) count++;
    else if (code === 0x22) inString = true;
  }
  return count;
}

/**
 * One walk over the parsed YAML before it becomes a tree: refuses aliases (they let a small
 * file expand into a huge tree), bounds the number of values and refuses duplicate keys.
 */
function checkYamlTree(
  doc: Document,
  lines: LineCounter,
  fileName: string,
  format: ForeignTextFormat,
): void {
  const at = (offset = 0): string => {
    const { line, col } = lines.linePos(offset);
    return `line ${line}, column ${col}`;
  };
  let nodes = 0;
  visit(doc, {
    Node(key, node) {
      if (isAlias(node)) {
        throw new InputError(
          `${fileName}: the file uses the YAML alias "*${clip(node.source, 80)}" (at ${at(node.range?.[0])}); ${format.aliasReason}`,
        );
      }
      if (key !== 'key' && ++nodes > format.limits.maxNodes) throw tooManyNodes(fileName, format);
      if (!isMap(node)) return;
      // Scalar keys compare by value, others by identity, as the parser's own check does.
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const value: unknown = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(value)) {
          const offset = isScalar(pair.key) ? pair.key.range?.[0] : node.range?.[0];
          throw new InputError(
            `${fileName}: the file is not valid YAML or JSON: Map keys must be unique at ${at(offset)}:`,
          );
        }
        seen.add(value);
      }
    },
  });
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/**
 * The official OTM 0.2.0 example (and hand-written files like it) closes a multi-line quoted
 * text on a line indented less than YAML 1.2 allows; PyYAML, which the OTM tools use, reads it
 * anyway. Continuation lines of quoted text are folded with their indentation removed, so
 * indenting such a line changes nothing in the value. Returns the index of the line to indent,
 * or null when the error is anything else (a document marker is never indented).
 */
function repairableLine(source: string, error: unknown): number | null {
  if (!(error instanceof YAMLParseError) || error.code !== 'MISSING_CHAR') return null;
  if (!/closing .?quote/i.test(error.message)) return null;
  const cut = source.indexOf('\n', error.pos[0]);
  if (cut < 0) return null;
  const lines = source.slice(0, cut).split('\n');
  const previous = lines[lines.length - 1] ?? '';
  const nextEnd = source.indexOf('\n', cut + 1);
  const next = source.slice(cut + 1, nextEnd < 0 ? source.length : nextEnd);
  if (next.trim() === '' || indentOf(next) > indentOf(previous)) return null;
  if (/^(---|\.\.\.)(\s|$)/.test(next.trimStart())) return null;
  return lines.length;
}

/** Whether a quoted scalar that starts before line `index` (0-based) closes on it. */
function closesQuotedText(doc: Document, lines: LineCounter, index: number): boolean {
  const start = lines.lineStarts[index] ?? Infinity;
  const next = lines.lineStarts[index + 1] ?? Infinity;
  let closes = false;
  visit(doc, {
    Scalar(_key, { type, range }) {
      // `range[1]` is just after the closing quote.
      if (
        (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') &&
        range !== null &&
        range !== undefined &&
        range[0] < start &&
        range[1] > start &&
        range[1] < next
      )
        closes = true;
      return closes ? visit.BREAK : undefined;
    },
  });
  return closes;
}

function parseYamlText(
  body: string,
  fileName: string,
  format: ForeignTextFormat,
): { value: unknown; repaired: number[] } {
  let source = body;
  const repaired: number[] = [];
  let original: unknown = null;
  try {
    for (;;) {
      const lineCounter = new LineCounter();
      const doc = parseDocument(source, { ...YAML_OPTIONS, lineCounter });
      const error = doc.errors[0];
      if (error === undefined) {
        // A repair is kept only when the indented line closes the quoted text it continues;
        // otherwise the original error (a real missing quote, say) is the one to show.
        if (!repaired.every((line) => closesQuotedText(doc, lineCounter, line - 1))) throw original;
        checkYamlTree(doc, lineCounter, fileName, format);
        return { value: doc.toJS(YAML_OPTIONS), repaired };
      }
      original ??= error;
      const line =
        format.repairQuotedIndentation &&
        body.length <= MAX_REPAIRABLE_YAML &&
        repaired.length < MAX_YAML_REPAIRS
          ? repairableLine(source, error)
          : null;
      if (line === null) throw original;
      const lines = source.split('\n');
      const current = lines[line] ?? '';
      lines[line] = ' '.repeat(indentOf(lines[line - 1] ?? '') + 2) + current.trimStart();
      source = lines.join('\n');
      repaired.push(line + 1);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    // Whatever the YAML parser throws was caused by the text. A stack overflow (thrown as is,
    // or caught by the parser and reported as a YAML error) means nesting far deeper than any
    // real file.
    const message = error instanceof Error ? firstLine(error.message) : 'unreadable';
    if (error instanceof RangeError || message.includes('Maximum call stack size exceeded')) {
      throw new InputError(
        `${fileName}: the YAML is nested too deeply to read (the limit is ${format.limits.maxDepth} levels).`,
      );
    }
    throw new InputError(`${fileName}: the file is not valid YAML or JSON: ${message}`);
  }
}

/**
 * Reads untrusted `text` of `format` into a checked tree. Throws `InputError` naming the
 * problem: too large, empty, XML, too many values, not parseable, aliases, duplicate keys, too
 * deep.
 */
export function parseForeignText(
  text: string,
  fileName: string,
  format: ForeignTextFormat,
): ForeignTree {
  const { limits } = format;
  // Checked first so that no parser ever sees an oversized file.
  if (text.length > limits.maxBytes) {
    throw new InputError(
      `${fileName}: the file is too large (${text.length} characters; the limit for ${format.file} is ${limits.maxBytes}).`,
    );
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const start = body.trimStart();
  if (start === '') {
    throw new InputError(
      `${fileName}: the file is empty (expected ${format.document} in ${format.syntaxName}).`,
    );
  }
  if (start.startsWith('<')) {
    throw new InputError(
      `${fileName}: the file looks like XML or HTML, not ${format.document} (expected ${format.expected}).`,
    );
  }
  const isJson = format.syntax === 'json' || start.startsWith('{');
  if (isJson && jsonValueCount(body) > limits.maxNodes) throw tooManyNodes(fileName, format);
  const { value, repaired }: { value: unknown; repaired: number[] } = isJson
    ? { value: null, repaired: [] }
    : parseYamlText(body, fileName, format);
  try {
    const checked = isJson ? parseUntrustedJson(body, limits) : checkTree(value, limits);
    return { value: checked.value, dropped: checked.droppedKeys, repaired };
  } catch (error) {
    if (error instanceof InputError) throw withFileName(error, fileName);
    throw error;
  }
}
