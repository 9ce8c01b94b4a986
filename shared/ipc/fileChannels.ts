/**
 * The `file:` channels. Opening always goes through a main-process dialog; the renderer holds only
 * opaque handles and recent-file IDs, never a path (ARCHITECTURE.md, "IPC").
 */
import * as z from 'zod';
import {
  boundedBytesSchema,
  EmptySchema,
  FileHandleSchema,
  FileNameSchema,
  MAX_IPC_TEXT_BYTES,
  OpenedFileSchema,
} from './common';

/** What an open dialog returns: the file, or `null` when the person cancelled. */
const OpenAnswerSchema = z.strictObject({ file: OpenedFileSchema.nullable() });

export const RecentFileSchema = z.strictObject({
  /** Opaque; main maps it to the path. */
  id: FileHandleSchema,
  name: FileNameSchema,
  /** The name of the folder holding the file (one segment, not a path), to tell twins apart. */
  folderName: z.string().max(255),
});
export type RecentFile = z.infer<typeof RecentFileSchema>;

const AcceptSchema = z
  .array(
    z
      .string()
      .max(100)
      .regex(/^(\.[A-Za-z0-9.]+|[a-z]+\/[A-Za-z0-9.+-]+)$/, 'an extension or a media type'),
  )
  .max(20);

export const fileChannels = {
  'file:open': { request: EmptySchema, response: OpenAnswerSchema },
  'file:openRecent': {
    request: z.strictObject({ id: FileHandleSchema }),
    response: OpenAnswerSchema,
  },
  'file:listRecent': {
    request: EmptySchema,
    response: z.strictObject({ files: z.array(RecentFileSchema).max(20) }),
  },
  /**
   * Writes the model atomically: to `handle` when given, otherwise through a save dialog. A file
   * that changed on disk since this session read or wrote it fails with `changed-on-disk`
   * unless `overwrite` is set (after the person confirmed).
   */
  'file:save': {
    request: z.strictObject({
      handle: FileHandleSchema.nullable(),
      suggestedName: FileNameSchema,
      text: z.string().max(MAX_IPC_TEXT_BYTES),
      overwrite: z.boolean(),
    }),
    response: z.strictObject({
      saved: z.strictObject({ name: FileNameSchema, handle: FileHandleSchema }).nullable(),
    }),
  },
  'file:import': { request: z.strictObject({ accept: AcceptSchema }), response: OpenAnswerSchema },
  /** Writes an export through a save dialog; `saved` is false when the person cancelled. */
  'file:export': {
    request: z.strictObject({
      suggestedName: FileNameSchema,
      mimeType: z
        .string()
        .max(100)
        .regex(/^[a-z]+\/[A-Za-z0-9.+-]+$/),
      content: z.union([z.string().max(MAX_IPC_TEXT_BYTES), boundedBytesSchema('the export')]),
    }),
    response: z.strictObject({ saved: z.boolean() }),
  },
} as const;
