/**
 * Safe reading of untrusted XML (Microsoft Threat Modeling Tool `.tm7` files) into a small,
 * read-only element tree.
 *
 * The order matters for safety (PRODUCT.md, "Bad input and data safety"):
 * 1. the size is bounded before anything else looks at the text;
 * 2. any `<!DOCTYPE` or `<!ENTITY` is refused on the raw text, before parsing — real `.tm7` files
 *    have none, and without a document type no entity can be declared, so nothing can expand
 *    (billion laughs) or reach the network or the file system (external entities);
 * 3. the number of tags is bounded by counting `<` (an upper bound), so the tree built next is
 *    bounded too;
 * 4. well-formedness is checked (`XMLValidator`), so a truncated file is an error with its line
 *    instead of a silently partial tree;
 * 5. fast-xml-parser parses with entity processing off and a nesting limit; the five predefined
 *    XML entities and numeric character references are decoded here, in one pass over finished
 *    text values, which cannot recurse or grow the text.
 *
 * Names become values in the tree, never object keys; names that fast-xml-parser would refuse
 * as prototype-polluting (`__proto__`, `constructor`, `prototype`) are dropped and returned so
 * that the importer can report them (a foreign format: ignored and reported).
 */
import { XMLParser, XMLValidator, type X2jOptions } from 'fast-xml-parser';
import { InputError, type PathSegment } from '../model/errors';
import { FORBIDDEN_KEYS } from '../util/untrustedJson';

/** Bounds for XML input. */
export interface XmlLimits {
  /** Largest accepted text, in UTF-16 code units (an upper bound on UTF-8 bytes / 1 … 3). */
  maxLength: number;
  /** Most tags (counted as `<` characters, an upper bound). */
  maxTags: number;
  /** Deepest accepted nesting of elements. */
  maxDepth: number;
}

/** One XML element: local names (namespace prefixes removed), decoded and trimmed text. */
export interface XmlElement {
  readonly name: string;
  /** Attributes by local name (`i:type` → `type`); namespace declarations are not kept. */
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  /** The element's own text (CDATA included), entities decoded, trimmed. */
  readonly text: string;
  /** Where the element sits: element names with the index among same-named siblings. */
  readonly path: readonly PathSegment[];
}

/** What `readXml` returns: the root element and the paths of names it dropped. */
export interface XmlDocument {
  root: XmlElement;
  dropped: PathSegment[][];
}

/** Marks names dropped as prototype-polluting; `#` cannot start an XML name, so no clash. */
const DROPPED_NAME = '#dropped:';

const rename = (name: string): string =>
  FORBIDDEN_KEYS.has(name) ? `${DROPPED_NAME}${name}` : name;

const PARSER_OPTIONS: Partial<X2jOptions> = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  // No entity processing at all: the text is refused earlier if it declares any, and the
  // predefined ones are decoded by `decodeEntities`.
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  transformTagName: rename,
  transformAttributeName: rename,
};

const PREDEFINED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

/**
 * Decodes the five predefined XML entities and numeric character references, in one pass (so
 * `&amp;lt;` stays `&lt;`). Anything else — an undeclared entity, a reference to a code point
 * XML does not allow — is kept as written.
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z]+);/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code =
        body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      const allowed =
        code === 0x9 ||
        code === 0xa ||
        code === 0xd ||
        (code >= 0x20 && code <= 0xd7ff) ||
        (code >= 0xe000 && code <= 0xfffd) ||
        (code >= 0x10000 && code <= 0x10ffff);
      return allowed ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED_ENTITIES.get(body) ?? whole;
  });
}

/** Throws when the text declares a document type or an entity (checked before parsing). */
function refuseDeclarations(text: string, fileName: string): void {
  const match = /<!(DOCTYPE|ENTITY)/i.exec(text);
  if (match === null) return;
  const line = text.slice(0, match.index).split('\n').length;
  throw new InputError(
    `${fileName}: the XML declares a document type or an entity (<!${match[1]!.toUpperCase()} on line ${line}). Threat Modeling Tool files never do, and such declarations can make a parser expand text without bound or read other files, so the file is refused without parsing it.`,
  );
}

function countTags(text: string, limit: number, fileName: string): void {
  let count = 0;
  for (let index = text.indexOf('<'); index !== -1; index = text.indexOf('<', index + 1)) {
    count += 1;
    if (count > limit)
      throw new InputError(`${fileName}: the XML has more than ${limit} tags; it is not read.`);
  }
}

/** The parser's output with `preserveOrder`: one key per node (its name), attributes in `:@`. */
type OrderedNode = Record<string, unknown>;

function nodeName(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@');
}

interface Building {
  name: string;
  attributes: Map<string, string>;
  children: Building[];
  texts: string[];
  path: PathSegment[];
}

function freeze(root: Building): XmlElement {
  // Iterative post-order, so a deep tree cannot exhaust the call stack.
  const done = new Map<Building, XmlElement>();
  const stack: { node: Building; visited: boolean }[] = [{ node: root, visited: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (!top.visited) {
      stack.push({ node: top.node, visited: true });
      for (const child of top.node.children) stack.push({ node: child, visited: false });
      continue;
    }
    const { node } = top;
    done.set(node, {
      name: node.name,
      attributes: node.attributes,
      children: node.children.map((child) => done.get(child)!),
      text: node.texts.join(' ').trim(),
      path: node.path,
    });
  }
  return done.get(root)!;
}

/**
 * Parses `text` as XML within `limits`. Throws `InputError` for declarations, size, depth, tag
 * count or malformed XML, naming the line where the parser stopped.
 */
export function readXml(text: string, fileName: string, limits: XmlLimits): XmlDocument {
  if (text.length > limits.maxLength)
    throw new InputError(
      `${fileName}: the file is larger than ${Math.round(limits.maxLength / (1024 * 1024))} MiB; it is not read.`,
    );
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  refuseDeclarations(body, fileName);
  countTags(body, limits.maxTags, fileName);
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    const { code, msg, line } = valid.err;
    // The validator reports elements still open at the end as a list of their names.
    throw new InputError(
      code === 'InvalidXml' && msg.startsWith("Invalid '[")
        ? `${fileName}: not well-formed XML: the file ends before all its elements are closed, so it looks truncated.`
        : `${fileName}: not well-formed XML (line ${line}: ${msg}).`,
    );
  }
  let ordered: unknown;
  try {
    ordered = new XMLParser({ ...PARSER_OPTIONS, maxNestedTags: limits.maxDepth }).parse(body);
  } catch (error) {
    const message = (error as Error).message;
    throw new InputError(
      /nested/i.test(message)
        ? `${fileName}: the XML is nested too deeply (more than ${limits.maxDepth} levels).`
        : `${fileName}: the XML could not be read: ${message}`,
    );
  }
  const dropped: PathSegment[][] = [];
  const top: Building = { name: '', attributes: new Map(), children: [], texts: [], path: [] };
  const queue: { nodes: unknown; into: Building }[] = [{ nodes: ordered, into: top }];
  while (queue.length > 0) {
    const { nodes, into } = queue.pop()!;
    if (!Array.isArray(nodes)) continue;
    const made: { element: Building; content: unknown }[] = [];
    const count = new Map<string, number>();
    for (const node of nodes as OrderedNode[]) {
      const name = nodeName(node);
      if (name === undefined) continue;
      const content = node[name];
      if (name === '#text') {
        if (typeof content === 'string') into.texts.push(decodeEntities(content));
        continue;
      }
      if (name.startsWith(DROPPED_NAME)) {
        dropped.push([...into.path, name.slice(DROPPED_NAME.length)]);
        continue;
      }
      count.set(name, (count.get(name) ?? 0) + 1);
      const attributes = new Map<string, string>();
      const rawAttributes = node[':@'];
      if (rawAttributes !== null && typeof rawAttributes === 'object') {
        for (const [key, value] of Object.entries(rawAttributes)) {
          if (key.startsWith(DROPPED_NAME))
            dropped.push([...into.path, name, `@${key.slice(DROPPED_NAME.length)}`]);
          else if (typeof value === 'string' && key !== 'xmlns')
            attributes.set(key, decodeEntities(value));
        }
      }
      made.push({ element: { name, attributes, children: [], texts: [], path: [] }, content });
    }
    // Paths name the element, with its index only where the name repeats among its siblings.
    const seen = new Map<string, number>();
    for (const { element, content } of made) {
      const index = seen.get(element.name) ?? 0;
      seen.set(element.name, index + 1);
      if (into !== top)
        element.path =
          count.get(element.name)! > 1
            ? [...into.path, element.name, index]
            : [...into.path, element.name];
      into.children.push(element);
      queue.push({ nodes: content, into: element });
    }
  }
  const roots = top.children;
  if (roots.length !== 1)
    throw new InputError(`${fileName}: the XML must have exactly one root element.`);
  return { root: freeze(roots[0]!), dropped };
}

/** The first child named `name`, if any. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((candidate) => candidate.name === name);
}

/** Every child named `name`. */
export function childrenNamed(element: XmlElement | undefined, name: string): XmlElement[] {
  return element?.children.filter((candidate) => candidate.name === name) ?? [];
}

/** Whether the element is marked `i:nil="true"` (a null in .NET's data contract XML). */
export function isNil(element: XmlElement | undefined): boolean {
  return element?.attributes.get('nil') === 'true';
}

/** The text of the first child named `name`; null when missing, nil or empty. */
export function childText(element: XmlElement | undefined, name: string): string | null {
  const found = child(element, name);
  if (found === undefined || isNil(found) || found.text === '') return null;
  return found.text;
}

// ---------------------------------------------------------------------------------------------
// Text of XML values.

/** One-line text: whitespace runs (a pretty-printer's line breaks and indentation) as a space. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Multi-line text, trimmed. A line break followed by indentation is a pretty-printer's wrap
 * inside one paragraph (TMT writes users' line breaks without indentation), so it becomes a
 * space; other line breaks stay.
 */
export function paragraph(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/([^\n])[ \t]*\n[ \t]+/g, '$1 ')
    .replace(/\n[ \t]+/g, '\n')
    .trim();
}

/** Text as a sentence: with a full stop unless it already ends like one. */
export function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

export /** `one` or `many` by `count`, for report sentences. */
function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}
