/**
 * Where the Jira connection is kept between sessions: the non-secret part (site or base URL,
 * e-mail) and the token's ciphertext from `SecretStore.seal` — never the token itself. The main
 * process backs `JiraConnectionStore` with its settings file; what it loads is parsed with
 * `StoredJiraConnectionSchema` (the file may have been edited by hand or by something hostile).
 */
import * as z from 'zod';

const HttpsUrlSchema = z
  .string()
  .max(2_048)
  .refine((url) => URL.canParse(url) && new URL(url).protocol === 'https:', 'an https:// address');

/** A connection as stored: where, who, and the encrypted token (base64). */
export const StoredJiraConnectionSchema = z.strictObject({
  connection: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('cloud'), site: HttpsUrlSchema, email: z.email().max(320) }),
    z.strictObject({ kind: z.literal('data-center'), baseUrl: HttpsUrlSchema }),
  ]),
  tokenCiphertext: z
    .string()
    .min(1)
    .max(16_384)
    .regex(/^[A-Za-z0-9+/]+=*$/, 'base64'),
});
export type StoredJiraConnection = z.infer<typeof StoredJiraConnectionSchema>;

/** Persistence of the one Jira connection. */
export interface JiraConnectionStore {
  /** The stored connection, or null (none, or unreadable: the caller re-validates anyway). */
  load(): Promise<unknown>;
  save(connection: StoredJiraConnection): Promise<void>;
  clear(): Promise<void>;
}

/** The stored connection if `value` is one, else null (a broken entry counts as none). */
export function parseStoredJiraConnection(value: unknown): StoredJiraConnection | null {
  const parsed = StoredJiraConnectionSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** A `JiraConnectionStore` in memory, for tests (and a shell without a settings file). */
export function createMemoryJiraConnectionStore(
  initial: unknown = null,
): JiraConnectionStore & { readonly current: unknown } {
  let current: unknown = structuredClone(initial);
  return {
    get current() {
      return current;
    },
    load: () => Promise.resolve(structuredClone(current)),
    save(connection) {
      current = structuredClone(connection);
      return Promise.resolve();
    },
    clear() {
      current = null;
      return Promise.resolve();
    },
  };
}
