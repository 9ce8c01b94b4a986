/**
 * The `report:` channel: the desktop app prints the HTML report to PDF in main (Chromium's
 * `printToPDF` in a hidden window with JavaScript off); the renderer then saves the bytes through
 * `file:export`, like every other export.
 */
import * as z from 'zod';
import { boundedBytesSchema, MAX_IPC_TEXT_BYTES } from './common';

export const reportChannels = {
  'report:renderPdf': {
    request: z.strictObject({ html: z.string().min(1).max(MAX_IPC_TEXT_BYTES) }),
    response: z.strictObject({ pdf: boundedBytesSchema('the PDF') }),
  },
} as const;
