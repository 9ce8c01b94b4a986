/**
 * Names of files as the renderer may see them: the last path segment only, made safe for the
 * IPC schemas (`FileNameSchema`: no separators, no control characters, 1–255 characters).
 */
import { basename, dirname, isAbsolute } from 'node:path';

/** The longest path main accepts from the OS or the settings file (Linux's `PATH_MAX`). */
export const MAX_PATH_LENGTH = 4096;

/**
 * A file or folder name fit to show: control characters (a newline is legal in a Linux file
 * name) and stray separators become U+FFFD, so the answer still passes the IPC schema instead
 * of failing as a whole.
 */
export function safeName(name: string, fallback: string): string {
  const cleaned = name.replace(/[/\\\p{Cc}]/gu, '\uFFFD').slice(0, 255);
  return cleaned.length > 0 ? cleaned : fallback;
}

/** The name of the file at `path`, as shown to the person. */
export function displayName(path: string): string {
  return safeName(basename(path), 'untitled');
}

/** The name of the folder holding `path` (one segment, never the path), to tell twins apart. */
export function folderNameOf(path: string): string {
  const folder = basename(dirname(path));
  return folder.length > 0 ? safeName(folder, '') : '';
}

/**
 * Whether `value` can be a path the person chose: a string, absolute (a relative one would
 * depend on main's working folder), bounded, without NUL (which truncates paths in C APIs).
 * Used on paths from the OS and the settings file, which main must not trust blindly.
 */
export function isPlausiblePath(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_PATH_LENGTH &&
    !value.includes('\0') &&
    isAbsolute(value)
  );
}
