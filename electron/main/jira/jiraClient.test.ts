import { afterEach, describe, expect, it } from 'vitest';
import { IpcFailure } from '../../../shared/ipc/envelope';
import {
  createJiraClient,
  jqlString,
  retryAfterMilliseconds,
  type JiraClientOptions,
} from './jiraClient';
import { rewritingFetch, startFakeJira, type FakeJira } from './testing/fakeJiraServer';

const SITE = 'https://acme.atlassian.net';
const TOKEN = 'ATATT3xFfGF0-very-secret-token';
const EMAIL = 'ada@acme.io';

let fake: FakeJira | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

async function setUp(
  server: Partial<Parameters<typeof startFakeJira>[0]> = {},
  client: Partial<JiraClientOptions> = {},
) {
  fake = await startFakeJira({ kind: 'cloud', email: EMAIL, token: TOKEN, ...server });
  const sleeps: number[] = [];
  const logs: string[] = [];
  const jira = createJiraClient({
    baseUrl: SITE,
    credentials: { kind: 'cloud', email: EMAIL, token: TOKEN },
    fetch: rewritingFetch(SITE, fake.url),
    sleep: (milliseconds) => {
      sleeps.push(milliseconds);
      return Promise.resolve();
    },
    log: (line) => logs.push(line),
    ...client,
  });
  return { fake, jira, sleeps, logs };
}

async function failureOf(promise: Promise<unknown>): Promise<IpcFailure> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(IpcFailure);
    return error as IpcFailure;
  }
  throw new Error('expected a failure');
}

const issue = (summary: string) => ({
  fields: { project: { key: 'SHOP' }, summary, issuetype: { name: 'Story' }, labels: ['x'] },
});

describe('the Jira client', () => {
  it('asks who the credentials belong to, with Basic e-mail:token on Cloud', async () => {
    const { fake, jira } = await setUp();
    expect(await jira.myself()).toEqual({ displayName: 'Ada Lovelace' });
    expect(fake.requests).toMatchObject([{ method: 'GET', path: '/rest/api/3/myself' }]);
    expect(fake.requests[0]!.authorized).toBe(true);
  });

  it('uses Bearer and REST v2 on Data Center, with the context path kept', async () => {
    fake = await startFakeJira({ kind: 'data-center', token: TOKEN });
    const jira = createJiraClient({
      baseUrl: 'https://jira.acme.io',
      credentials: { kind: 'data-center', token: TOKEN },
      fetch: rewritingFetch('https://jira.acme.io', fake.url),
    });
    expect(await jira.myself()).toEqual({ displayName: 'Ada Lovelace' });
    expect(fake.requests[0]).toMatchObject({ path: '/rest/api/2/myself', authorized: true });
  });

  it('maps a bulk create with partial failure back to each element', async () => {
    const { jira } = await setUp({ failSummariesContaining: 'BAD' });
    const outcome = await jira.bulkCreate([issue('one'), issue('BAD two'), issue('three')]);
    expect(outcome.keys).toEqual(['SHOP-1', null, 'SHOP-2']);
    expect(outcome.failures).toEqual([
      { index: 1, message: 'priority: Specify a valid priority.' },
    ]);
  });

  it('reads a bulk create where every element failed (400, same shape)', async () => {
    const { jira } = await setUp({ failSummariesContaining: 'BAD' });
    const outcome = await jira.bulkCreate([issue('BAD one')]);
    expect(outcome).toEqual({
      keys: [null],
      failures: [{ index: 0, message: 'priority: Specify a valid priority.' }],
    });
  });

  it('updates an issue and reports Jira’s reason when it refuses', async () => {
    const { fake, jira } = await setUp();
    const key = fake.seed('SHOP', { summary: 'old', labels: ['team'] });
    await jira.updateIssue(key, { fields: { summary: 'new' }, update: { labels: [{ add: 'g' }] } });
    expect(fake.issues.get(key)!.fields).toMatchObject({ summary: 'new', labels: ['team', 'g'] });
    const refused = await failureOf(jira.updateIssue('SHOP-99', { fields: {} }));
    expect(refused.code).toBe('jira-rejected');
    expect(refused.message).toBe('Jira (404): Issue does not exist');
  });

  it('searches labels with JQL, across pages', async () => {
    const { fake, jira } = await setUp({ searchPageSize: 2 });
    for (let i = 0; i < 5; i++) fake.seed('SHOP', { summary: `s${i}`, labels: [`gatehouse-${i}`] });
    fake.seed('OTHER', { summary: 'elsewhere', labels: ['gatehouse-1'] });
    const found = await jira.searchByLabels(
      'SHOP',
      [0, 1, 2, 3, 4, 9].map((i) => `gatehouse-${i}`),
    );
    expect(Object.fromEntries(found)).toEqual({
      'gatehouse-0': ['SHOP-1'],
      'gatehouse-1': ['SHOP-2'],
      'gatehouse-2': ['SHOP-3'],
      'gatehouse-3': ['SHOP-4'],
      'gatehouse-4': ['SHOP-5'],
    });
    const searches = fake.requests.filter((request) => request.path === '/rest/api/3/search/jql');
    expect(searches).toHaveLength(3);
    expect(searches[0]!.query['jql']).toBe(
      'project = "SHOP" AND labels in ("gatehouse-0", "gatehouse-1", "gatehouse-2", "gatehouse-3", "gatehouse-4", "gatehouse-9") ORDER BY key ASC',
    );
    expect(searches[1]!.query['nextPageToken']).toBe('2');
  });

  it('searches Data Center with /rest/api/2/search and startAt', async () => {
    fake = await startFakeJira({ kind: 'data-center', token: TOKEN, searchPageSize: 1 });
    const jira = createJiraClient({
      baseUrl: 'https://jira.acme.io',
      credentials: { kind: 'data-center', token: TOKEN },
      fetch: rewritingFetch('https://jira.acme.io', fake.url),
    });
    fake.seed('SHOP', { summary: 'a', labels: ['l-1'] });
    fake.seed('SHOP', { summary: 'b', labels: ['l-2'] });
    const found = await jira.searchByLabels('SHOP', ['l-1', 'l-2']);
    expect(Object.fromEntries(found)).toEqual({ 'l-1': ['SHOP-1'], 'l-2': ['SHOP-2'] });
    expect(fake.requests.map((request) => request.query['startAt'])).toEqual(['0', '1']);
  });

  it('waits as Retry-After asks on 429, then succeeds', async () => {
    const { jira, sleeps, fake } = await setUp({ rateLimitFirst: 2, retryAfter: '3' });
    expect(await jira.myself()).toEqual({ displayName: 'Ada Lovelace' });
    expect(sleeps).toEqual([3000, 3000]);
    expect(fake.requests).toHaveLength(3);
  });

  it('caps the wait and gives up after the bounded retries', async () => {
    const { jira, sleeps } = await setUp(
      { rateLimitFirst: 100, retryAfter: '86400' },
      { maxRetries: 2, maxRetryDelayMilliseconds: 5_000 },
    );
    const failure = await failureOf(jira.myself());
    expect(failure.code).toBe('jira-rate-limited');
    expect(sleeps).toEqual([5_000, 5_000]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    expect(retryAfterMilliseconds('7', now)).toBe(7000);
    expect(retryAfterMilliseconds('Sun, 01 Mar 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMilliseconds('Sun, 01 Mar 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMilliseconds('soon', now)).toBeNull();
    expect(retryAfterMilliseconds(null, now)).toBeNull();
  });

  it('turns 401 into jira-unauthorized, and never lets the token out', async () => {
    fake = await startFakeJira({ kind: 'cloud', email: EMAIL, token: 'the-right-token' });
    const logs: string[] = [];
    const jira = createJiraClient({
      baseUrl: SITE,
      credentials: { kind: 'cloud', email: EMAIL, token: TOKEN },
      fetch: rewritingFetch(SITE, fake.url),
      log: (line) => logs.push(line),
    });
    const failure = await failureOf(jira.myself());
    expect(failure.code).toBe('jira-unauthorized');
    const basic = Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64');
    const everything = JSON.stringify({
      message: failure.message,
      stack: failure.stack,
      cause: String(failure.cause),
      logs,
      own: Object.entries(failure),
    });
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(basic);
    expect(logs).toEqual(['GET /rest/api/3/myself → 401']);
  });

  it('scrubs the token even when Jira echoes it in an error', async () => {
    const echo = (url: string, init: RequestInit) => {
      void url;
      const header = new Headers(init.headers).get('authorization') ?? '';
      return Promise.resolve(
        new Response(JSON.stringify({ errorMessages: [`bad header ${header} ${TOKEN}`] }), {
          status: 400,
        }),
      );
    };
    const jira = createJiraClient({
      baseUrl: SITE,
      credentials: { kind: 'cloud', email: EMAIL, token: TOKEN },
      fetch: echo,
    });
    const failure = await failureOf(jira.updateIssue('SHOP-1', { fields: {} }));
    expect(failure.code).toBe('jira-rejected');
    expect(failure.message).not.toContain(TOKEN);
    expect(failure.message).not.toContain(Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64'));
    expect(failure.message).toContain('[redacted]');
  });

  it('turns network errors and timeouts into jira-unreachable', async () => {
    const refused = createJiraClient({
      baseUrl: SITE,
      credentials: { kind: 'cloud', email: EMAIL, token: TOKEN },
      fetch: () => Promise.reject(new TypeError(`fetch failed ${TOKEN}`)),
    });
    const failure = await failureOf(refused.myself());
    expect(failure.code).toBe('jira-unreachable');
    expect(failure.message).toBe('Jira could not be reached at acme.atlassian.net.');
    expect(failure.cause).toBeUndefined();

    const hanging = createJiraClient({
      baseUrl: SITE,
      credentials: { kind: 'cloud', email: EMAIL, token: TOKEN },
      timeoutMilliseconds: 50,
      fetch: (_url, init) =>
        new Promise((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error));
        }),
    });
    const timeout = await failureOf(hanging.myself());
    expect(timeout.code).toBe('jira-unreachable');
    expect(timeout.message).toMatch(/did not answer within/);
  });

  it('refuses answers that do not fit the documented shapes', async () => {
    const answering = (status: number, body: string) =>
      createJiraClient({
        baseUrl: SITE,
        credentials: { kind: 'cloud', email: EMAIL, token: TOKEN },
        fetch: () => Promise.resolve(new Response(body, { status })),
      });
    expect((await failureOf(answering(200, '<html>').myself())).code).toBe(
      'jira-unexpected-answer',
    );
    expect((await failureOf(answering(200, '{"name":1}').myself())).code).toBe(
      'jira-unexpected-answer',
    );
    // Two created keys for one element: which story is which cannot be known.
    const twoKeys = JSON.stringify({ issues: [{ key: 'SHOP-1' }, { key: 'SHOP-2' }] });
    expect((await failureOf(answering(201, twoKeys).bulkCreate([issue('a')]))).code).toBe(
      'jira-unexpected-answer',
    );
    const badKey = JSON.stringify({ issues: [{ key: 'javascript:alert(1)' }] });
    expect((await failureOf(answering(201, badKey).bulkCreate([issue('a')]))).code).toBe(
      'jira-unexpected-answer',
    );
  });

  it('refuses a site that is not https', () => {
    expect(() =>
      createJiraClient({
        baseUrl: 'http://acme.atlassian.net',
        credentials: { kind: 'data-center', token: TOKEN },
        fetch: () => Promise.reject(new Error('not called')),
      }),
    ).toThrow(IpcFailure);
  });

  it('quotes JQL strings', () => {
    expect(jqlString('a"b\\c')).toBe('"a\\"b\\\\c"');
  });
});
