/**
 * Problems found in untrusted input, with the JSON path where each was found, so a message can
 * say "model.gatehouse.json: $.elements[3].kind: expected one of …".
 */

export type PathSegment = string | number;

export interface InputIssue {
  /** JSON path segments from the document root. */
  path: PathSegment[];
  message: string;
}

/** `$.elements[3].kind` from `['elements', 3, 'kind']`. */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '$';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) text += `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

export function formatIssue(issue: InputIssue): string {
  return `${formatPath(issue.path)}: ${issue.message}`;
}

/** Thrown for unusable input (the CLI maps it to exit code 2). */
export class InputError extends Error {
  readonly issues: readonly InputIssue[];
  /** The first line alone, without the issue list. */
  readonly summary: string;
  constructor(summary: string, issues: readonly InputIssue[] = []) {
    const details = issues.slice(0, 20).map((issue) => `  ${formatIssue(issue)}`);
    const more = issues.length > 20 ? [`  … and ${issues.length - 20} more`] : [];
    super([summary, ...details, ...more].join('\n'));
    this.name = 'InputError';
    this.issues = issues;
    this.summary = summary;
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: InputError };
