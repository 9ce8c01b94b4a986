/** Schemas shared by several IPC domains. Everything is strict and bounded: IPC input is untrusted. */
import * as z from 'zod';

/** The largest text that crosses IPC in one message: the model size limit (`MODEL_LIMITS`). */
export const MAX_IPC_TEXT_BYTES = 64 * 1024 * 1024;

/** Bytes (an export, a printed PDF) of at most `MAX_IPC_TEXT_BYTES`; `what` names them. */
export function boundedBytesSchema(what: string) {
  return z
    .instanceof(Uint8Array)
    .refine((bytes) => bytes.byteLength <= MAX_IPC_TEXT_BYTES, { message: `${what} is too large` });
}

/** An empty request or answer. */
export const EmptySchema = z.strictObject({});

/**
 * An opaque token main hands out for a file it opened or saved (or for a recent file): random,
 * meaningless outside the main process that issued it. Never a path.
 */
export const FileHandleSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'not a file handle');

/** A file name as a person sees it: no folders, no control characters. */
export const FileNameSchema = z
  .string()
  .min(1)
  .max(255)
  .refine((name) => !/[/\\\p{Cc}]/u.test(name), 'a file name has no separators or controls');

/** A file the person chose, read as text (the renderer's `OpenedFile`). */
export const OpenedFileSchema = z.strictObject({
  name: FileNameSchema,
  text: z.string().max(MAX_IPC_TEXT_BYTES),
  handle: FileHandleSchema.nullable(),
});
