/**
 * Random damage to foreign files, for the property tests of the importers that read them through
 * `parseForeignText`: edits of the parsed tree (replace, delete, duplicate a value) and of the
 * text (cut, insert syntax characters, truncate). Test support only; nothing in the app imports it.
 */
import * as fc from 'fast-check';
import { InputError } from '../model/errors';

/** A JSON value, as the mutations see a parsed file. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

/**
 * One edit of a tree: at the `at`-th path (modulo their number). `wrap` puts the value found
 * there into a one-item array (the same data in the wrong shape); only asked for by name.
 */
export interface TreeMutation {
  at: number;
  op: 'replace' | 'delete' | 'duplicate' | 'wrap';
  value: Json;
}

function allPaths(root: Json): Path[] {
  const paths: Path[] = [];
  const stack: { node: Json; path: Path }[] = [{ node: root, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (path.length > 0) paths.push(path);
    if (Array.isArray(node))
      node.forEach((child, i) => stack.push({ node: child, path: [...path, i] }));
    else if (node !== null && typeof node === 'object')
      for (const [key, child] of Object.entries(node))
        stack.push({ node: child, path: [...path, key] });
  }
  return paths;
}

/** `root` with one mutation applied (a copy; `root` is left alone). */
export function mutateTree(root: Json, mutation: TreeMutation): Json {
  const copy = JSON.parse(JSON.stringify(root)) as Json;
  const paths = allPaths(copy);
  const path = paths[mutation.at % Math.max(1, paths.length)];
  if (path === undefined) return mutation.value;
  let parent: Json = copy;
  for (const segment of path.slice(0, -1))
    parent = (parent as Record<string, Json>)[segment] as Json;
  const last = path[path.length - 1]!;
  if (Array.isArray(parent) && typeof last === 'number') {
    if (mutation.op === 'delete') parent.splice(last, 1);
    else if (mutation.op === 'duplicate') parent.splice(last, 0, parent[last] as Json);
    else if (mutation.op === 'wrap') parent[last] = [parent[last] as Json];
    else parent[last] = mutation.value;
  } else if (parent !== null && typeof parent === 'object' && !Array.isArray(parent)) {
    if (mutation.op === 'delete') delete parent[last];
    else if (mutation.op === 'duplicate') parent[`${String(last)}-copy`] = parent[last] as Json;
    else if (mutation.op === 'wrap') parent[last] = [parent[last] as Json];
    else parent[last] = mutation.value;
  }
  return copy;
}

/**
 * Mutations whose new values are arbitrary JSON or one of `telling` (names and IDs the file
 * uses, so that duplicates, dangling and self references come up), plus values that break
 * naive code: forbidden keys, extreme numbers, very long text, empty containers. `ops` are the
 * kinds of edit drawn (replace, delete and duplicate unless told).
 */
export function treeMutations(
  telling: readonly Json[],
  ops: readonly TreeMutation['op'][] = ['replace', 'delete', 'duplicate'],
): fc.Arbitrary<TreeMutation[]> {
  const value = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
    fc.constantFrom<Json>(
      null,
      '',
      '__proto__',
      -1,
      1e308,
      0.5,
      'x'.repeat(25_000),
      [],
      {},
      true,
      ...telling,
    ),
  );
  const mutation = fc.record({
    at: fc.nat(),
    op: fc.constantFrom<TreeMutation['op']>(...ops),
    value,
  });
  return fc.array(mutation, { minLength: 1, maxLength: 6 });
}

/** One edit of a text: remove `remove` characters at `at` (modulo the length) and insert. */
export interface TextEdit {
  at: number;
  remove: number;
  insert: string;
}

/** Edits that insert random text or JSON / YAML syntax (aliases, tags, merge keys included). */
export const textEdits: fc.Arbitrary<TextEdit[]> = fc.array(
  fc.record({
    at: fc.nat(),
    remove: fc.nat({ max: 40 }),
    insert: fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(
        '"',
        "'",
        '{',
        '}',
        '[',
        ']',
        ':',
        ',',
        '\n',
        '\n  - ',
        '&a ',
        '*a',
        '!!binary ',
        '<<: ',
        '__proto__',
        '\t',
        '#',
        '\uFFFD',
      ),
    ),
  }),
  { minLength: 1, maxLength: 4 },
);

/** `text` with the edits applied in order. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let damaged = text;
  for (const { at, remove, insert } of edits) {
    const position = at % (damaged.length + 1);
    damaged = damaged.slice(0, position) + insert + damaged.slice(position + remove);
  }
  return damaged;
}

/**
 * Checks that `attempt` copes with damaged versions of a valid file: random edits of its tree
 * (written as JSON) and of its text, each text also truncated. `attempt` imports and throws on
 * anything but a model or an `InputError`.
 */
export function assertSurvivesDamage(
  valid: { tree: Json; text: string; telling: readonly Json[] },
  attempt: (text: string) => void,
  numRuns = 300,
): void {
  fc.assert(
    fc.property(treeMutations(valid.telling), (mutations) => {
      attempt(JSON.stringify(mutations.reduce(mutateTree, valid.tree)));
    }),
    { numRuns },
  );
  fc.assert(
    fc.property(textEdits, fc.nat(), (edits, cutAt) => {
      const damaged = applyTextEdits(valid.text, edits);
      attempt(damaged);
      attempt(damaged.slice(0, cutAt % (damaged.length + 1)));
    }),
    { numRuns },
  );
}

/** The `InputError` that importing `text` throws; any other outcome is an error of the test. */
export function importErrorOf(
  importFile: (text: string, fileName: string) => unknown,
  text: string,
  fileName: string,
): InputError {
  try {
    importFile(text, fileName);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error(`expected an InputError for ${fileName}`);
}
