/** The `app:` and `window:` channels: facts about the shell, the window's title and closing. */
import * as z from 'zod';
import { EmptySchema } from './common';

export const appChannels = {
  /** The version and operating system, for the About text and platform conventions. */
  'app:info': {
    request: EmptySchema,
    response: z.strictObject({
      version: z.string().max(64),
      os: z.enum(['darwin', 'win32', 'linux', 'other']),
    }),
  },
  /**
   * The open document's title and whether it has unsaved changes: main shows them in the title
   * bar and asks before a window with unsaved changes closes.
   */
  'app:setDocumentState': {
    request: z.strictObject({ title: z.string().max(200), dirty: z.boolean() }),
    response: EmptySchema,
  },
  /**
   * Opens an http or https link in the system browser after the person confirms it in a
   * main-process dialog; `opened` is false when they declined. Other schemes are refused.
   */
  'app:openExternal': {
    request: z.strictObject({ url: z.string().max(2_048) }),
    response: z.strictObject({ opened: z.boolean() }),
  },
  /** Closes the window without asking again (after the renderer saved, on "Save" at close). */
  'window:close': { request: EmptySchema, response: EmptySchema },
  /**
   * The renderer listens to `menu:command` now: main sends what it held back until then (a file
   * the operating system asked to open, a menu command that opened this window).
   */
  'window:ready': { request: EmptySchema, response: EmptySchema },
} as const;

/** What a menu item or a main-process event asks the renderer to do. */
export const MENU_COMMANDS = [
  'new',
  'open',
  'openRecent',
  'save',
  'saveAs',
  'import',
  'export',
  'undo',
  'redo',
  'zoomIn',
  'zoomOut',
  'fitView',
  'shortcuts',
  'saveAndClose',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** `menu:command`: a menu item was chosen (`recentId` with `openRecent`). */
export const MenuCommandEventSchema = z.strictObject({
  command: z.enum(MENU_COMMANDS),
  recentId: z.string().max(64).optional(),
});
export type MenuCommandEvent = z.infer<typeof MenuCommandEventSchema>;
