/**
 * Whether two values serialize to the same JSON text — `JSON.stringify(a) === JSON.stringify(b)`
 * — without building either text. The gate compares a committed manifest with its recomputation
 * this way: two 1.6 MB strings cost ≈ 8 ms and as much again in garbage collection, while a walk
 * that stops at the first difference allocates nothing.
 *
 * Key order counts, as in the text. Anything a plain JSON walk cannot judge exactly (an
 * `undefined`, a function, a `toJSON`, a class instance, a non-finite number…) is left to
 * `JSON.stringify` for that value, so the answer is the same as the text comparison's in every
 * case, not only for trees that came from `JSON.parse`.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  const typeA = plainKind(a);
  const typeB = plainKind(b);
  if (typeA === 'other' || typeB === 'other') return JSON.stringify(a) === JSON.stringify(b);
  if (typeA !== typeB) return false;
  switch (typeA) {
    case 'string':
    case 'boolean':
      return a === b;
    case 'number':
      // -0 and 0 both print as 0, and `===` agrees; non-finite numbers went to 'other'.
      return a === b;
    case 'null':
      return true;
    case 'array': {
      const arrayA = a as unknown[];
      const arrayB = b as unknown[];
      if (arrayA.length !== arrayB.length) return false;
      for (let i = 0; i < arrayA.length; i++) {
        if (!sameJsonInArray(arrayA[i], arrayB[i])) return false;
      }
      return true;
    }
    case 'object':
      return sameObjects(a as Record<string, unknown>, b as Record<string, unknown>);
  }
}

type PlainKind = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object' | 'other';

/** The JSON kind of a value, or 'other' when `JSON.stringify` has to decide. */
function plainKind(value: unknown): PlainKind {
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isFinite(value) ? 'number' : 'other';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        return Object.getPrototypeOf(value) === Array.prototype ? 'array' : 'other';
      }
      const prototype: unknown = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return 'other';
      return typeof (value as { toJSON?: unknown }).toJSON === 'function' ? 'other' : 'object';
    }
    default:
      return 'other';
  }
}

/** An array element: `undefined`, functions and symbols print as `null` there. */
function sameJsonInArray(a: unknown, b: unknown): boolean {
  return sameJson(printsAsNullInArray(a) ? null : a, printsAsNullInArray(b) ? null : b);
}

function printsAsNullInArray(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** An object property: `undefined`, functions and symbols leave the key out. */
function omittedAsProperty(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function sameObjects(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  // JSON.stringify prints own enumerable string keys in `Object.keys` order (integer-like keys
  // first, then insertion order) and leaves out those whose value it omits.
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  let indexA = 0;
  let indexB = 0;
  for (;;) {
    while (indexA < keysA.length && omittedAsProperty(a[keysA[indexA]!])) indexA++;
    while (indexB < keysB.length && omittedAsProperty(b[keysB[indexB]!])) indexB++;
    if (indexA === keysA.length || indexB === keysB.length)
      return indexA === keysA.length && indexB === keysB.length;
    const key = keysA[indexA]!;
    if (key !== keysB[indexB]) return false;
    if (!sameJson(a[key], b[key])) return false;
    indexA++;
    indexB++;
  }
}
