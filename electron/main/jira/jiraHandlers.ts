/**
 * The `jira:` IPC handlers. Requests arrive parsed against `shared/ipc/jiraChannels.ts`; these
 * handlers add what a schema cannot check (a stored connection exists, the address carries no
 * credentials, the model parses) and throw `IpcFailure` for it, before any side effect.
 *
 * The token crosses IPC once, inbound, in `jira:saveConnection`; it is sealed with the secret
 * store at once and only its ciphertext is persisted. No answer carries it back.
 */
import { IpcFailure } from '../../../shared/ipc/envelope';
import type { JiraConnectionInput, JiraConnectionView } from '../../../shared/ipc/jiraChannels';
import { DEFAULT_POLICY, jiraSettingsOf } from '../../../shared/gate/policy';
import type { JiraExportSettings } from '../../../shared/jira/settings';
import { InputError } from '../../../shared/model/errors';
import { parseModel } from '../../../shared/model/parseModel';
import { loadRulePacks, type LoadedPacks } from '../../../shared/rules/loadPacks';
import { storiesForModel } from '../../../shared/stories/storiesForModel';
import type { HandlersOf } from '../ipc/handlerTypes';
import type { SecretStore } from '../secrets/secretStore';
import {
  parseStoredJiraConnection,
  type JiraConnectionStore,
  type StoredJiraConnection,
} from './connectionStore';
import { createJiraClient, type FetchLike, type JiraClient } from './jiraClient';
import { executePush, planPush, previewOf, type PushPlanInput } from './jiraPush';

/** What the `jira:` handlers need from the main process. */
export interface JiraHandlerDependencies {
  /** Persists the connection and the token's ciphertext (the settings file in production). */
  connections: JiraConnectionStore;
  /** `createSecretStore(safeStorage)`. */
  secrets: SecretStore;
  /** Node's global `fetch` in production. */
  fetch: FetchLike;
  /** The rule packs stories are generated with; defaults to the built-in pack. */
  packs?: () => LoadedPacks;
  /** Jira export settings (priorities, labels, SLA); defaults to the default policy's. */
  settings?: () => JiraExportSettings;
  /** Today as YYYY-MM-DD (UTC), for due dates. */
  today?: () => string;
  /** Waits between 429 retries (tests pass an instant one). */
  sleep?: (milliseconds: number) => Promise<void>;
  /** Request lines (method, path, status; never credentials), e.g. to the main-process log. */
  log?: (line: string) => void;
}

type JiraChannel =
  | 'jira:getConnection'
  | 'jira:saveConnection'
  | 'jira:forgetConnection'
  | 'jira:testConnection'
  | 'jira:preview'
  | 'jira:push';

/**
 * A Jira address as the client uses it: https, no user or password, no query or fragment.
 * Cloud sites are reduced to their origin; Data Center keeps its context path (`/jira`).
 */
export function normalizeJiraAddress(address: string, kind: 'cloud' | 'data-center'): string {
  if (!URL.canParse(address)) throw new IpcFailure('invalid-request', 'Not a web address.');
  const url = new URL(address);
  if (url.protocol !== 'https:')
    throw new IpcFailure('invalid-request', 'The Jira address must start with https://.');
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '')
    throw new IpcFailure(
      'invalid-request',
      'The Jira address must not contain a user name, password, query or fragment.',
    );
  if (kind === 'cloud') return url.origin;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function viewOf(stored: StoredJiraConnection): JiraConnectionView {
  const { connection } = stored;
  return connection.kind === 'cloud'
    ? { kind: 'cloud', site: connection.site, email: connection.email, hasToken: true }
    : { kind: 'data-center', baseUrl: connection.baseUrl, hasToken: true };
}

function storedOf(input: JiraConnectionInput, tokenCiphertext: string): StoredJiraConnection {
  return input.kind === 'cloud'
    ? {
        connection: {
          kind: 'cloud',
          site: normalizeJiraAddress(input.site, 'cloud'),
          email: input.email,
        },
        tokenCiphertext,
      }
    : {
        connection: {
          kind: 'data-center',
          baseUrl: normalizeJiraAddress(input.baseUrl, 'data-center'),
        },
        tokenCiphertext,
      };
}

/** The `jira:` handlers; one push at a time per instance. */
export function createJiraHandlers(dependencies: JiraHandlerDependencies): HandlersOf<JiraChannel> {
  const { connections, secrets } = dependencies;
  let packs: LoadedPacks | null = null;
  const loadPacks = dependencies.packs ?? (() => (packs ??= loadRulePacks([])));
  const settings = dependencies.settings ?? (() => jiraSettingsOf(DEFAULT_POLICY));
  const today = dependencies.today ?? (() => new Date().toISOString().slice(0, 10));
  let pushing = false;

  const loadStored = async () => parseStoredJiraConnection(await connections.load());

  /** A client for the stored connection, or a typed failure saying what is missing. */
  const connect = async (): Promise<JiraClient> => {
    const stored = await loadStored();
    if (stored === null) throw new IpcFailure('jira-not-configured');
    const decrypted = secrets.open(stored.tokenCiphertext);
    if (decrypted === null)
      throw new IpcFailure(
        'jira-not-configured',
        'The stored Jira token cannot be decrypted on this computer any more; enter it again.',
      );
    const { connection } = stored;
    return createJiraClient({
      baseUrl: normalizeJiraAddress(
        connection.kind === 'cloud' ? connection.site : connection.baseUrl,
        connection.kind,
      ),
      credentials:
        connection.kind === 'cloud'
          ? { kind: 'cloud', email: connection.email, token: decrypted }
          : { kind: 'data-center', token: decrypted },
      fetch: dependencies.fetch,
      ...(dependencies.sleep ? { sleep: dependencies.sleep } : {}),
      ...(dependencies.log ? { log: dependencies.log } : {}),
    });
  };

  /** The plan input from a request: the model is parsed and analysed here, never trusted. */
  const planInput = (request: {
    modelText: string;
    projectKey: string;
    which: 'accepted' | 'all';
  }): PushPlanInput => {
    let model;
    try {
      model = parseModel(request.modelText).model;
    } catch (error) {
      if (error instanceof InputError) throw new IpcFailure('invalid-request', error.summary);
      throw error;
    }
    return {
      model,
      stories: storiesForModel(model, loadPacks()),
      projectKey: request.projectKey,
      which: request.which,
      settings: settings(),
      today: today(),
    };
  };

  return {
    async 'jira:getConnection'() {
      const stored = await loadStored();
      return {
        connection: stored === null ? null : viewOf(stored),
        secretStorage: secrets.status(),
      };
    },

    async 'jira:saveConnection'({ connection }) {
      // Validate the address before sealing: a refused request leaves nothing behind.
      storedOf(connection, 'x');
      const stored = storedOf(connection, secrets.seal(connection.token));
      await connections.save(stored);
      return { connection: viewOf(stored) };
    },

    async 'jira:forgetConnection'() {
      await connections.clear();
      return {};
    },

    async 'jira:testConnection'() {
      const client = await connect();
      return { displayName: (await client.myself()).displayName.slice(0, 500) };
    },

    async 'jira:preview'(request) {
      const input = planInput(request);
      return previewOf(await planPush(input, await connect()));
    },

    async 'jira:push'(request, context) {
      if (pushing) throw new IpcFailure('jira-busy');
      pushing = true;
      try {
        const input = planInput(request);
        const client = await connect();
        const plan = await planPush(input, client);
        return await executePush(plan, client, (progress) =>
          context.send('jira:progress', progress),
        );
      } finally {
        pushing = false;
      }
    },
  };
}
