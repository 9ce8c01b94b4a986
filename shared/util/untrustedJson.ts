/**
 * Parsing of untrusted JSON (and checking of trees parsed from YAML): bounded in size and depth,
 * with prototype-polluting keys rejected (our own formats) or dropped and reported (foreign
 * formats, PRODUCT.md "Bad input and data safety").
 */
import { InputError, type InputIssue, type PathSegment } from '../model/errors';

/** Keys that can reach JavaScript's object machinery when a tree is merged or copied. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);

export interface TreeLimits {
  /** Largest accepted input in bytes (UTF-16 code units are counted as an upper bound). */
  maxBytes: number;
  /** Deepest accepted nesting of arrays and objects. */
  maxDepth: number;
  /** `reject`: our own formats; `drop`: foreign formats (the dropped paths are returned). */
  forbiddenKeys: 'reject' | 'drop';
}

export const DEFAULT_LIMITS: TreeLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxDepth: 64,
  forbiddenKeys: 'reject',
};

export interface CheckedTree {
  value: unknown;
  /** Paths of forbidden keys removed (only with `forbiddenKeys: 'drop'`). */
  droppedKeys: PathSegment[][];
}

/**
 * Walks a parsed tree iteratively: enforces the depth bound and handles forbidden keys.
 * With `drop`, offending keys are deleted in place and their paths returned.
 */
export function checkTree(value: unknown, limits: TreeLimits): CheckedTree {
  const droppedKeys: PathSegment[][] = [];
  const issues: InputIssue[] = [];
  // Frames point at their parent frame, so a node costs one small object and its path is only
  // built when something is reported (a path copy per node made large files quadratic).
  interface Frame {
    node: unknown;
    parent: Frame | null;
    key: PathSegment;
    depth: number;
  }
  const pathOf = (frame: Frame | null): PathSegment[] => {
    const path: PathSegment[] = [];
    for (
      let current = frame;
      current !== null && current.parent !== null;
      current = current.parent
    ) {
      path.push(current.key);
    }
    return path.reverse();
  };
  const stack: Frame[] = [{ node: value, parent: null, key: '', depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { node } = frame;
    if (node === null || typeof node !== 'object') continue;
    if (frame.depth >= limits.maxDepth) {
      throw new InputError(`The file is nested too deeply (more than ${limits.maxDepth} levels).`, [
        { path: pathOf(frame), message: `nesting deeper than ${limits.maxDepth} levels` },
      ]);
    }
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        const item: unknown = node[i];
        if (item !== null && typeof item === 'object')
          stack.push({ node: item, parent: frame, key: i, depth: frame.depth + 1 });
      }
      continue;
    }
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (FORBIDDEN_KEYS.has(key)) {
        if (limits.forbiddenKeys === 'reject') {
          issues.push({
            path: [...pathOf(frame), key],
            message: `the key "${key}" is not allowed`,
          });
        } else {
          droppedKeys.push([...pathOf(frame), key]);
          delete record[key];
        }
        continue;
      }
      const item = record[key];
      if (item !== null && typeof item === 'object')
        stack.push({ node: item, parent: frame, key, depth: frame.depth + 1 });
    }
  }
  if (issues.length > 0) throw new InputError('The file is not acceptable.', issues);
  return { value, droppedKeys };
}

/** Parses untrusted JSON text within `limits`; throws `InputError` with a clear message. */
export function parseUntrustedJson(text: string, limits: TreeLimits = DEFAULT_LIMITS): CheckedTree {
  if (text.length > limits.maxBytes) {
    throw new InputError(
      `The file is too large (${text.length} bytes; the limit is ${limits.maxBytes}).`,
    );
  }
  // No depth pre-scan: V8's JSON.parse is iterative (a million levels do not exhaust the stack),
  // and checkTree enforces the depth bound before anything recursive sees the tree.
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new InputError(`The file is not valid JSON: ${(error as Error).message}`);
  }
  return checkTree(value, limits);
}
