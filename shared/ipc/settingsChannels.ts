/**
 * The `settings:` channels: the preferences the renderer may see and change. Main keeps more in
 * the same file (window state, recent paths, the Jira connection) and never sends those.
 */
import * as z from 'zod';
import { EmptySchema } from './common';

export const AppSettingsSchema = z.strictObject({
  /** `auto` follows the operating system. */
  theme: z.enum(['auto', 'light', 'dark']),
  /** Ask before a link opens in the system browser. */
  confirmExternalLinks: z.boolean(),
});
export type AppSettings = z.infer<typeof AppSettingsSchema>;

export const DEFAULT_APP_SETTINGS: AppSettings = { theme: 'auto', confirmExternalLinks: true };

export const settingsChannels = {
  'settings:get': { request: EmptySchema, response: AppSettingsSchema },
  'settings:update': {
    request: z.strictObject({ patch: AppSettingsSchema.partial() }),
    response: AppSettingsSchema,
  },
} as const;
