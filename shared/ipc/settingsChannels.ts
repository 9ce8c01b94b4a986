/**
 * The `settings:` channels: the preferences the renderer may see and change. Main keeps more in
 * the same file (window state, recent paths, the Jira connection, whether links are confirmed)
 * and never sends those: a setting that weakens a safeguard is not the renderer's to change.
 */
import * as z from 'zod';
import { EmptySchema } from './common';

export const AppSettingsSchema = z.strictObject({
  /** `auto` follows the operating system. */
  theme: z.enum(['auto', 'light', 'dark']),
});
export type AppSettings = z.infer<typeof AppSettingsSchema>;

export const DEFAULT_APP_SETTINGS: AppSettings = { theme: 'auto' };

export const settingsChannels = {
  'settings:get': { request: EmptySchema, response: AppSettingsSchema },
  'settings:update': {
    request: z.strictObject({ patch: AppSettingsSchema.partial() }),
    response: AppSettingsSchema,
  },
} as const;
