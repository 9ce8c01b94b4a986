import type { z } from 'zod';
import type { InputIssue, PathSegment } from './errors';

/** zod's issues as path-precise input issues (union branches flattened to their best message). */
export function toInputIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol'),
    message: issue.message,
  }));
}
