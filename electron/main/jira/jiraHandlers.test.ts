import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IpcFailure } from '../../../shared/ipc/envelope';
import type { JiraProgressEvent, JiraPushRequest } from '../../../shared/ipc/jiraChannels';
import { DEFAULT_JIRA_SETTINGS } from '../../../shared/jira/settings';
import { serializeModel } from '../../../shared/model/canonical';
import { parseModel } from '../../../shared/model/parseModel';
import type { Model } from '../../../shared/model/schema';
import { loadRulePacks } from '../../../shared/rules/loadPacks';
import { storiesForModel } from '../../../shared/stories/storiesForModel';
import type { HandlerContext } from '../ipc/handlerTypes';
import { createSecretStore, type SafeStorageLike } from '../secrets/secretStore';
import { createMemoryJiraConnectionStore } from './connectionStore';
import { createJiraHandlers, normalizeJiraAddress } from './jiraHandlers';
import { rewritingFetch, startFakeJira, type FakeJira } from './testing/fakeJiraServer';

const SITE = 'https://acme.atlassian.net';
const EMAIL = 'ada@acme.io';
const TOKEN = 'ATATT3xFfGF0-never-log-me';
const repo = join(import.meta.dirname, '..', '..', '..');
const packs = loadRulePacks([]);
const shop = parseModel(
  readFileSync(join(repo, 'examples', 'webshop.gatehouse.json'), 'utf8'),
).model;
const shopStories = storiesForModel(shop, packs);

const safeStorage = (backend = 'gnome_libsecret'): SafeStorageLike => ({
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => backend,
  encryptString: (text) => Buffer.from([...Buffer.from(text)].map((byte) => byte ^ 0x33)),
  decryptString: (bytes) => Buffer.from([...bytes].map((byte) => byte ^ 0x33)).toString(),
});

let fake: FakeJira | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

interface SetUpOptions {
  kind?: 'cloud' | 'data-center';
  backend?: string;
  connected?: boolean;
  server?: Partial<Parameters<typeof startFakeJira>[0]>;
  epicLinkField?: `customfield_${number}` | null;
}

async function setUp(options: SetUpOptions = {}) {
  const kind = options.kind ?? 'cloud';
  const origin = kind === 'cloud' ? SITE : 'https://jira.acme.io';
  fake = await startFakeJira({ kind, email: EMAIL, token: TOKEN, ...options.server });
  const secrets = createSecretStore(safeStorage(options.backend));
  const connections = createMemoryJiraConnectionStore();
  const logs: string[] = [];
  const sleeps: number[] = [];
  const handlers = createJiraHandlers({
    connections,
    secrets,
    fetch: rewritingFetch(origin, fake.url),
    packs: () => packs,
    settings: () => ({ ...DEFAULT_JIRA_SETTINGS, epicLinkField: options.epicLinkField ?? null }),
    today: () => '2026-03-01',
    sleep: (milliseconds) => {
      sleeps.push(milliseconds);
      return Promise.resolve();
    },
    log: (line) => logs.push(line),
  });
  const events: JiraProgressEvent[] = [];
  let onEvent: (event: JiraProgressEvent) => void = () => undefined;
  const context: HandlerContext = {
    windowId: 1,
    send: (channel, payload) => {
      expect(channel).toBe('jira:progress');
      events.push(payload as JiraProgressEvent);
      onEvent(payload as JiraProgressEvent);
    },
  };
  if (options.connected ?? true) {
    await handlers['jira:saveConnection'](
      {
        connection:
          kind === 'cloud'
            ? { kind: 'cloud', site: SITE, email: EMAIL, token: TOKEN }
            : { kind: 'data-center', baseUrl: origin, token: TOKEN },
      },
      context,
    );
  }
  return {
    fake,
    handlers,
    connections,
    context,
    events,
    logs,
    sleeps,
    onEvent: (listener: (event: JiraProgressEvent) => void) => (onEvent = listener),
  };
}

const push = (model: Model = shop, which: 'accepted' | 'all' = 'all'): JiraPushRequest => ({
  modelText: serializeModel(model),
  projectKey: 'SHOP',
  which,
});

async function failureOf(promise: Promise<unknown> | unknown): Promise<IpcFailure> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(IpcFailure);
    return error as IpcFailure;
  }
  throw new Error('expected a failure');
}

/** The model with the keys of a push written back, as the renderer does. */
function withKeys(
  model: Model,
  result: Awaited<ReturnType<ReturnType<typeof createJiraHandlers>['jira:push']>>,
): Model {
  const keys = new Map(result.results.map((entry) => [entry.storyId, entry.issueKey]));
  const epics = new Map(result.epics.map((entry) => [entry.featureId, entry.issueKey]));
  return {
    ...model,
    features: model.features.map((feature) => ({
      ...feature,
      jiraEpicKey: feature.jiraEpicKey ?? epics.get(feature.id) ?? null,
    })),
    stories: shopStories.map((story) => ({
      id: story.id,
      featureId: story.featureId,
      mitigationId: story.mitigationId,
      state: story.state,
      coveredThreatIds: [],
      title: null,
      notes: '',
      trackerKey: null,
      docPath: null,
      jiraIssueKey: keys.get(story.id) ?? null,
    })),
  };
}

describe('the jira: connection handlers', () => {
  it('stores only ciphertext and never answers with the token', async () => {
    const { handlers, connections, context } = await setUp({ connected: false });
    expect(await handlers['jira:getConnection']({}, context)).toEqual({
      connection: null,
      secretStorage: 'available',
    });
    const saved = await handlers['jira:saveConnection'](
      { connection: { kind: 'cloud', site: `${SITE}/jira/your-work`, email: EMAIL, token: TOKEN } },
      context,
    );
    expect(saved).toEqual({
      connection: { kind: 'cloud', site: SITE, email: EMAIL, hasToken: true },
    });
    expect(JSON.stringify(connections.current)).not.toContain(TOKEN);
    expect(JSON.stringify(await handlers['jira:getConnection']({}, context))).not.toContain(TOKEN);
    expect(await handlers['jira:testConnection']({}, context)).toEqual({
      displayName: 'Ada Lovelace',
    });
    await handlers['jira:forgetConnection']({}, context);
    expect(connections.current).toBeNull();
    expect((await failureOf(handlers['jira:testConnection']({}, context))).code).toBe(
      'jira-not-configured',
    );
  });

  it('refuses to keep a token where only basic_text exists, storing nothing', async () => {
    const { handlers, connections, context } = await setUp({
      connected: false,
      backend: 'basic_text',
    });
    expect((await handlers['jira:getConnection']({}, context)).secretStorage).toBe('basic-text');
    const failure = await failureOf(
      handlers['jira:saveConnection'](
        { connection: { kind: 'data-center', baseUrl: 'https://jira.acme.io', token: TOKEN } },
        context,
      ),
    );
    expect(failure.code).toBe('secrets-unavailable');
    expect(failure.message).toMatch(/gnome-keyring/);
    expect(connections.current).toBeNull();
  });

  it('refuses addresses with credentials, queries or fragments, with no side effect', async () => {
    const { handlers, connections, context } = await setUp({ connected: false });
    for (const baseUrl of [
      'https://user:pass@jira.acme.io',
      'https://jira.acme.io/?next=x',
      'https://jira.acme.io/#x',
    ]) {
      const failure = await failureOf(
        handlers['jira:saveConnection'](
          { connection: { kind: 'data-center', baseUrl, token: TOKEN } },
          context,
        ),
      );
      expect(failure.code).toBe('invalid-request');
    }
    expect(connections.current).toBeNull();
    expect(normalizeJiraAddress('https://jira.acme.io/jira/', 'data-center')).toBe(
      'https://jira.acme.io/jira',
    );
    expect(() => normalizeJiraAddress('http://jira.acme.io', 'data-center')).toThrow(IpcFailure);
  });

  it('answers a wrong token with jira-unauthorized and logs no credential', async () => {
    const { handlers, context, fake, logs } = await setUp();
    fake.configure({ token: 'rotated-token' });
    const failure = await failureOf(handlers['jira:testConnection']({}, context));
    expect(failure.code).toBe('jira-unauthorized');
    const basic = Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64');
    for (const text of [failure.message, String(failure.stack), ...logs]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(basic);
    }
  });

  it('treats a stored entry that is broken or cannot be decrypted as not configured', async () => {
    const { connections, context } = await setUp({ connected: false });
    await connections.save({
      connection: { kind: 'cloud', site: SITE, email: EMAIL },
      tokenCiphertext: 'AAAA',
    });
    const broken = createJiraHandlers({
      connections: createMemoryJiraConnectionStore({ connection: { kind: 'ftp' } }),
      secrets: createSecretStore(safeStorage()),
      fetch: () => Promise.reject(new Error('not called')),
    });
    expect(await broken['jira:getConnection']({}, context)).toMatchObject({ connection: null });
    expect((await failureOf(broken['jira:testConnection']({}, context))).code).toBe(
      'jira-not-configured',
    );
    const throwing = createJiraHandlers({
      connections,
      secrets: createSecretStore({
        ...safeStorage(),
        decryptString: () => {
          throw new Error('Error while decrypting');
        },
      }),
      fetch: () => Promise.reject(new Error('not called')),
    });
    const failure = await failureOf(throwing['jira:testConnection']({}, context));
    expect(failure.code).toBe('jira-not-configured');
    expect(failure.message).toMatch(/enter it again/);
  });
});

describe('jira:push', () => {
  it('creates epics first, then stories in bulks of at most 50, with progress', async () => {
    const { handlers, context, fake, events } = await setUp();
    const result = await handlers['jira:push'](push(), context);

    expect(result.epics).toEqual([
      { featureId: 'account-login', outcome: 'created', issueKey: 'SHOP-1', message: null },
    ]);
    expect(result.results).toHaveLength(shopStories.length);
    expect(result.results.every((entry) => entry.outcome === 'created')).toBe(true);
    const writes = fake.requests.filter((request) => request.method !== 'GET');
    expect(writes.map((request) => request.path)).toEqual([
      '/rest/api/3/issue/bulk',
      '/rest/api/3/issue/bulk',
      '/rest/api/3/issue/bulk',
    ]);
    const bodies = writes.map(
      (request) =>
        (request.body as { issueUpdates: { fields: Record<string, unknown> }[] }).issueUpdates,
    );
    expect(bodies.map((body) => body.length)).toEqual([1, 50, shopStories.length - 50]);
    expect(bodies[0]![0]!.fields['issuetype']).toEqual({ name: 'Epic' });

    // Stories of the new epic go under it; checkout's under its existing SHOP-1 epic key.
    for (const [index, story] of shopStories.entries()) {
      const fields = bodies[1 + Math.floor(index / 50)]![index % 50]!.fields;
      expect(fields['labels']).toContain(`gatehouse-${story.id}`);
      const parent = { 'account-login': 'SHOP-1', checkout: 'SHOP-1', _unassigned: undefined }[
        story.featureId
      ];
      expect((fields['parent'] as { key: string } | undefined)?.key).toBe(parent);
      expect(result.results[index]!.storyId).toBe(story.id);
    }

    const total = 1 + shopStories.length;
    expect(events[0]).toEqual({ done: 0, total, phase: 'epics' });
    expect(events.at(-1)).toEqual({ done: total, total, phase: 'stories' });
    for (let i = 1; i < events.length; i++)
      expect(events[i]!.done).toBeGreaterThanOrEqual(events[i - 1]!.done);
  });

  it('is idempotent: a second push finds the issues by label and creates nothing', async () => {
    const { handlers, context, fake } = await setUp();
    const first = await handlers['jira:push'](push(), context);
    const issuesAfterFirst = fake.issues.size;
    fake.requests.length = 0;

    const second = await handlers['jira:push'](push(), context);
    expect(fake.issues.size).toBe(issuesAfterFirst);
    expect(fake.requests.some((request) => request.path.endsWith('/issue/bulk'))).toBe(false);
    expect(second.epics).toEqual([
      { featureId: 'account-login', outcome: 'found', issueKey: 'SHOP-1', message: null },
    ]);
    expect(second.results.map((entry) => [entry.outcome, entry.issueKey])).toEqual(
      first.results.map((entry) => ['updated', entry.issueKey]),
    );
    const update = fake.requests.find((request) => request.method === 'PUT')!;
    expect(Object.keys((update.body as { fields: object }).fields)).not.toContain('project');
    const labels = (update.body as { update: { labels: { add: string }[] } }).update.labels;
    expect(labels.map((operation) => operation.add)).toEqual([
      'security',
      'gatehouse',
      `gatehouse-${shopStories[0]!.id}`,
    ]);
  });

  it('uses stored keys first: no label search when every key is in the model', async () => {
    const { handlers, context, fake } = await setUp();
    const first = await handlers['jira:push'](push(), context);
    fake.requests.length = 0;
    const preview = await handlers['jira:preview'](push(withKeys(shop, first)), context);
    expect(preview.epics).toEqual([]);
    expect(preview.stories.every((story) => story.keySource === 'stored')).toBe(true);
    const again = await handlers['jira:push'](push(withKeys(shop, first)), context);
    expect(again.results.every((entry) => entry.outcome === 'updated')).toBe(true);
    expect(fake.requests.some((request) => request.path.includes('/search'))).toBe(false);
    expect(new Set(fake.requests.map((request) => request.method))).toEqual(new Set(['PUT']));
  });

  it('previews without writing: creates, and updates found by label', async () => {
    const { handlers, context, fake } = await setUp();
    const story = shopStories[0]!;
    const existing = fake.seed('SHOP', { summary: 'by hand', labels: [`gatehouse-${story.id}`] });
    const preview = await handlers['jira:preview'](push(), context);
    expect(preview.epics).toEqual([
      { featureId: 'account-login', name: 'Account login', issueKey: null },
    ]);
    expect(preview.stories[0]).toEqual({
      storyId: story.id,
      summary: expect.any(String) as string,
      action: 'update',
      issueKey: existing,
      keySource: 'label',
    });
    expect(preview.stories.slice(1).every((entry) => entry.action === 'create')).toBe(true);
    expect(fake.requests.every((request) => request.method === 'GET')).toBe(true);
  });

  it('reports a partial bulk failure on its story only', async () => {
    const target = shopStories[3]!;
    const { handlers, context } = await setUp();
    const summary = (await handlers['jira:preview'](push(), context)).stories[3]!.summary;
    const { handlers: failing, context: failingContext } = await setUp({
      server: { failSummariesContaining: summary },
    });
    const result = await failing['jira:push'](push(), failingContext);
    const failed = result.results.filter((entry) => entry.outcome === 'failed');
    expect(failed.map((entry) => entry.storyId)).toContain(target.id);
    expect(failed.every((entry) => entry.message === 'priority: Specify a valid priority.')).toBe(
      true,
    );
    const created = result.results.filter((entry) => entry.outcome === 'created');
    expect(created.length).toBe(shopStories.length - failed.length);
    expect(new Set(created.map((entry) => entry.issueKey)).size).toBe(created.length);
  });

  it('does not send the stories of an epic that failed', async () => {
    const { handlers, context } = await setUp({ server: { failSummariesContaining: 'Security:' } });
    const result = await handlers['jira:push'](push(), context);
    expect(result.epics[0]).toMatchObject({ featureId: 'account-login', outcome: 'failed' });
    for (const [index, story] of shopStories.entries()) {
      const entry = result.results[index]!;
      if (story.featureId === 'account-login') {
        expect(entry.outcome).toBe('failed');
        expect(entry.message).toMatch(/^Not sent: the epic of feature account-login/);
      } else expect(entry.outcome).toBe('created');
    }
  });

  it('honours 429 Retry-After and then succeeds', async () => {
    const { handlers, context, sleeps } = await setUp({
      server: { rateLimitFirst: 2, retryAfter: '5' },
      connected: true,
    });
    // Saving made no request; the push's search meets the two 429s.
    const result = await handlers['jira:push'](push(shop, 'all'), context);
    expect(sleeps).toEqual([5000, 5000]);
    expect(result.results.every((entry) => entry.outcome === 'created')).toBe(true);
  });

  it('reports what was created when Jira refuses the credentials midway', async () => {
    const { handlers, context, fake, onEvent } = await setUp();
    onEvent((event) => {
      if (event.phase === 'stories' && event.done > 1) fake.configure({ token: 'revoked' });
    });
    const result = await handlers['jira:push'](push(), context);
    expect(result.epics[0]!.outcome).toBe('created');
    const created = result.results.filter((entry) => entry.outcome === 'created');
    const notSent = result.results.filter((entry) => entry.outcome === 'failed');
    expect(created).toHaveLength(50);
    expect(notSent).toHaveLength(shopStories.length - 50);
    expect(notSent[0]!.message).toMatch(/^Not sent: Jira refused the credentials \(401\)/);
  });

  it('fails typed when Jira refuses before anything was written', async () => {
    const { handlers, context, fake } = await setUp();
    fake.configure({ token: 'revoked' });
    expect((await failureOf(handlers['jira:push'](push(), context))).code).toBe(
      'jira-unauthorized',
    );
  });

  it('pushes to Data Center with Bearer and the Epic Link field', async () => {
    const { handlers, context, fake } = await setUp({
      kind: 'data-center',
      epicLinkField: 'customfield_10014',
    });
    const result = await handlers['jira:push'](push(), context);
    expect(result.results.every((entry) => entry.outcome === 'created')).toBe(true);
    const bulks = fake.requests.filter((request) => request.path === '/rest/api/2/issue/bulk');
    const storyFields = (
      bulks[1]!.body as { issueUpdates: { fields: Record<string, unknown> }[] }
    ).issueUpdates.map((update) => update.fields);
    const loginIndex = shopStories.findIndex((story) => story.featureId === 'account-login');
    expect(storyFields[loginIndex]!['customfield_10014']).toBe('SHOP-1');
    expect(typeof storyFields[loginIndex]!['description']).toBe('string');
    expect(fake.requests.every((request) => request.authorized)).toBe(true);
  });

  it('never puts the token in logs, progress or results', async () => {
    const { handlers, context, logs, events } = await setUp({
      server: { rateLimitFirst: 1, failSummariesContaining: 'Security:' },
    });
    const result = await handlers['jira:push'](push(), context);
    const everything = JSON.stringify({ logs, events, result });
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64'));
    expect(logs.length).toBeGreaterThan(3);
  });

  it('refuses semantic nonsense before any request: model text, no connection, a second push', async () => {
    const { handlers, context, fake } = await setUp();
    const bad = await failureOf(
      handlers['jira:push'](
        { modelText: '{"format":"x"}', projectKey: 'SHOP', which: 'all' },
        context,
      ),
    );
    expect(bad.code).toBe('invalid-request');
    expect(fake.requests).toHaveLength(0);

    const first = handlers['jira:push'](push(), context);
    const second = await failureOf(handlers['jira:push'](push(), context));
    expect(second.code).toBe('jira-busy');
    await first;

    const { handlers: unconfigured, context: unconfiguredContext } = await setUp({
      connected: false,
    });
    for (const channel of ['jira:push', 'jira:preview'] as const) {
      expect((await failureOf(unconfigured[channel](push(), unconfiguredContext))).code).toBe(
        'jira-not-configured',
      );
    }
  });
});
