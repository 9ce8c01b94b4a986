/**
 * The platform adapter for the desktop shell: every operation is one IPC call through the
 * validated `DesktopApi`, and main does the dialogs and the disk. The renderer only ever holds
 * the opaque handles main gave it (ARCHITECTURE.md, "IPC").
 */
import type { IpcErrorCode } from '../../shared/ipc/errors';
import { DesktopError, type DesktopApi } from './desktopApi';
import { toDownloadName } from './browserPlatform';
import { PlatformError, type OpenedFile, type Platform, type PlatformErrorCode } from './platform';

type ErrorCodes = Partial<Record<IpcErrorCode, PlatformErrorCode>>;

/** The IPC failures that have a platform error of their own; the rest take the call's fallback. */
const PLATFORM_CODES: ErrorCodes = {
  'too-large': 'too-large',
  unreadable: 'unreadable',
  'not-granted': 'not-granted',
  'write-failed': 'write-failed',
  'changed-on-disk': 'changed-on-disk',
};

/**
 * The platform error an IPC failure stands for, keeping main's message (it names the file);
 * `overrides` maps a code differently for one call.
 */
function toPlatformError(
  error: unknown,
  fallback: PlatformErrorCode,
  overrides: ErrorCodes = {},
): unknown {
  if (!(error instanceof DesktopError)) return error;
  const code = overrides[error.code] ?? PLATFORM_CODES[error.code] ?? fallback;
  return new PlatformError(code, error.message, { cause: error });
}

async function guarded<T>(
  fallback: PlatformErrorCode,
  run: () => Promise<T>,
  overrides?: ErrorCodes,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toPlatformError(error, fallback, overrides);
  }
}

export function createDesktopPlatform(desktop: DesktopApi): Platform {
  const opened = (answer: { file: OpenedFile | null }) => answer.file;
  return {
    kind: 'desktop',
    saveLabel: 'Save',
    desktop,
    openModelFile: () =>
      guarded('unreadable', async () => opened(await desktop.call('file:open', {}))),
    openRecentFile: (id) =>
      guarded(
        'unreadable',
        async () => opened(await desktop.call('file:openRecent', { id })),
        // A recent entry main does not know is a file it cannot read, as far as the person sees.
        { 'not-granted': 'unreadable' },
      ),
    importFile: (accept) =>
      guarded('unreadable', async () =>
        opened(await desktop.call('file:import', { accept: [...accept] })),
      ),
    saveModelFile: (request) =>
      guarded('write-failed', async () => {
        const answer = await desktop.call('file:save', {
          handle: request.handle,
          suggestedName: toDownloadName(request.suggestedName),
          text: request.text,
          overwrite: request.overwrite ?? false,
        });
        return answer.saved;
      }),
    exportFile: (request) =>
      guarded('write-failed', async () => {
        const content =
          typeof request.content === 'string'
            ? request.content
            : new Uint8Array(await request.content.arrayBuffer());
        const answer = await desktop.call('file:export', {
          suggestedName: toDownloadName(request.suggestedName),
          mimeType: request.mimeType,
          content,
        });
        return answer.saved;
      }),
  };
}
