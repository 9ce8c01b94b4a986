/**
 * The Jira REST client of the main process: Cloud (REST v3, Basic e-mail + API token) and Data
 * Center (REST v2, Bearer personal access token) over an injected `fetch` (Node's global fetch
 * in production, a URL-rewriting one in tests).
 *
 * Nothing Jira answers is trusted: every body is parsed with zod, bounded in size, and a body
 * that does not fit is `jira-unexpected-answer`. 429 is retried after `Retry-After` (seconds or
 * an HTTP date, capped, a bounded number of times). The token never appears in a log line, an
 * error message or a thrown error: messages are built from status codes and Jira's own error
 * texts, which are scrubbed of the token and the Authorization value all the same.
 */
import * as z from 'zod';
import { IpcFailure } from '../../../shared/ipc/envelope';
import { IssueKeySchema } from '../../../shared/ipc/jiraChannels';

/** The `fetch` the client needs (Node's global `fetch` fits). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Who the client acts as. */
export type JiraCredentials =
  { kind: 'cloud'; email: string; token: string } | { kind: 'data-center'; token: string };

export interface JiraClientOptions {
  /** The site (Cloud) or base URL (Data Center, context path included): https only. */
  baseUrl: string;
  credentials: JiraCredentials;
  fetch: FetchLike;
  /** Waits between retries; injectable so tests do not wait. */
  sleep?: (milliseconds: number) => Promise<void>;
  /** The clock, for `Retry-After` given as an HTTP date. */
  now?: () => number;
  /** Per request, including reading the body. Default 30 s. */
  timeoutMilliseconds?: number;
  /** Retries after 429 before giving up with `jira-rate-limited`. Default 4. */
  maxRetries?: number;
  /** The longest single wait, whatever `Retry-After` asks. Default 60 s. */
  maxRetryDelayMilliseconds?: number;
  /** Receives one line per request (method, path, status): never headers, bodies or queries. */
  log?: (line: string) => void;
}

/** One entry of a bulk create: the element number (index in the request) and why it failed. */
export interface BulkFailure {
  index: number;
  message: string;
}

/** What a bulk create did: created keys in request order of the elements that succeeded. */
export interface BulkCreateOutcome {
  /** One per request element: the key, or null when that element failed (see `failures`). */
  keys: (string | null)[];
  failures: BulkFailure[];
}

export interface JiraClient {
  readonly api: 'cloud' | 'data-center';
  /** `GET /rest/api/{3|2}/myself`: who the credentials belong to. */
  myself(): Promise<{ displayName: string }>;
  /** `POST /rest/api/{3|2}/issue/bulk` with at most 50 elements. */
  bulkCreate(issueUpdates: readonly object[]): Promise<BulkCreateOutcome>;
  /** `PUT /rest/api/{3|2}/issue/{key}`. */
  updateIssue(issueKey: string, body: object): Promise<void>;
  /**
   * Issues of `projectKey` carrying any of `labels` (JQL `labels in (…)`): label → keys. Cloud
   * uses `GET /rest/api/3/search/jql`, Data Center `GET /rest/api/2/search`.
   */
  searchByLabels(projectKey: string, labels: readonly string[]): Promise<Map<string, string[]>>;
}

/** The most bytes read from one answer; Jira's largest page here is far smaller. */
const MAX_ANSWER_BYTES = 10 * 1024 * 1024;
/** Labels per JQL query, so the query string stays well under URL limits. */
const LABELS_PER_QUERY = 50;
/** Results per search page, and the most pages read for one query (a hostile server's loop). */
const SEARCH_PAGE_SIZE = 100;
const MAX_SEARCH_PAGES = 50;
/** Jira's bulk create limit. */
const BULK_LIMIT = 50;

const ErrorCollectionSchema = z.object({
  errorMessages: z.array(z.string().max(5_000)).max(100).optional(),
  errors: z.record(z.string().max(200), z.string().max(5_000)).optional(),
});

const MyselfSchema = z.object({ displayName: z.string().max(500) });

const BulkAnswerSchema = z.object({
  issues: z
    .array(z.object({ key: IssueKeySchema }))
    .max(BULK_LIMIT)
    .default([]),
  errors: z
    .array(
      z.object({
        status: z.number().int().optional(),
        elementErrors: ErrorCollectionSchema.optional(),
        failedElementNumber: z.number().int().nonnegative().max(BULK_LIMIT),
      }),
    )
    .max(BULK_LIMIT)
    .default([]),
});

const SearchIssueSchema = z.object({
  key: IssueKeySchema,
  fields: z.object({ labels: z.array(z.string().max(255)).max(1_000).default([]) }).optional(),
});
const CloudSearchSchema = z.object({
  issues: z.array(SearchIssueSchema).max(SEARCH_PAGE_SIZE).default([]),
  nextPageToken: z.string().max(10_000).nullish(),
  isLast: z.boolean().optional(),
});
const DataCenterSearchSchema = z.object({
  issues: z.array(SearchIssueSchema).max(SEARCH_PAGE_SIZE).default([]),
  startAt: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});

/** A JQL string literal: double quotes, with `\` and `"` escaped. */
export function jqlString(value: string): string {
  return `"${value.replace(/[\\"]/g, (character) => `\\${character}`)}"`;
}

/**
 * Milliseconds to wait for a `Retry-After` value (delay seconds or an HTTP date), or null when
 * the header is missing or unreadable.
 */
export function retryAfterMilliseconds(header: string | null, now: number): number | null {
  if (header === null) return null;
  const trimmed = header.trim();
  if (/^\d{1,10}$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/** Jira's error texts as one sentence (bounded), without anything secret. */
function jiraMessage(body: unknown, scrub: (text: string) => string): string | null {
  const parsed = ErrorCollectionSchema.safeParse(body);
  if (!parsed.success) return null;
  const texts = [
    ...(parsed.data.errorMessages ?? []),
    ...Object.entries(parsed.data.errors ?? {}).map(([field, text]) => `${field}: ${text}`),
  ];
  if (texts.length === 0) return null;
  return scrub(texts.join('; ')).slice(0, 1_000);
}

const defaultSleep = (milliseconds: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/** A client for one Jira site. The caller validated `baseUrl` (https, no credentials). */
export function createJiraClient(options: JiraClientOptions): JiraClient {
  const { credentials } = options;
  const base = new URL(options.baseUrl);
  if (base.protocol !== 'https:') throw new IpcFailure('invalid-request', 'Jira needs https://.');
  const root = options.baseUrl.replace(/\/+$/, '');
  const version = credentials.kind === 'cloud' ? '3' : '2';
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? (() => Date.now());
  const timeout = options.timeoutMilliseconds ?? 30_000;
  const maxRetries = options.maxRetries ?? 4;
  const maxDelay = options.maxRetryDelayMilliseconds ?? 60_000;
  const log = options.log ?? (() => undefined);
  const authorization =
    credentials.kind === 'cloud'
      ? `Basic ${Buffer.from(`${credentials.email}:${credentials.token}`, 'utf8').toString('base64')}`
      : `Bearer ${credentials.token}`;
  const secrets = [credentials.token, authorization.slice(authorization.indexOf(' ') + 1)];
  const scrub = (text: string) =>
    secrets.reduce((clean, secret) => clean.split(secret).join('[redacted]'), text);

  const unexpected = (what: string) =>
    new IpcFailure('jira-unexpected-answer', `Jira answered ${what} with something unexpected.`);

  /** Sends one request (retrying 429) and returns the status and parsed JSON body. */
  const send = async (
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    query: Record<string, string> | null,
    body: unknown,
  ): Promise<{ status: number; json: unknown }> => {
    const url = new URL(`${root}${path}`);
    for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      let text: string;
      try {
        response = await options.fetch(url.toString(), {
          method,
          headers: {
            Accept: 'application/json',
            Authorization: authorization,
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          // A redirect could carry the credentials elsewhere; Jira's REST API does not redirect.
          redirect: 'error',
          signal: AbortSignal.timeout(timeout),
        });
        const length = Number(response.headers.get('content-length') ?? '0');
        if (length > MAX_ANSWER_BYTES) throw unexpected(`${method} ${path}`);
        text = await response.text();
      } catch (error) {
        if (error instanceof IpcFailure) throw error;
        log(`${method} ${path} → no answer`);
        // The cause may name the address; it never holds the token, but it stays here anyway.
        const timedOut = error instanceof Error && error.name === 'TimeoutError';
        throw new IpcFailure(
          'jira-unreachable',
          timedOut
            ? `Jira did not answer within ${Math.round(timeout / 1000)} seconds.`
            : `Jira could not be reached at ${base.host}.`,
        );
      }
      log(`${method} ${path} → ${response.status}`);
      if (response.status === 429) {
        if (attempt >= maxRetries) throw new IpcFailure('jira-rate-limited');
        const asked = retryAfterMilliseconds(response.headers.get('retry-after'), now());
        await sleep(Math.min(asked ?? 1000 * 2 ** attempt, maxDelay));
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        throw new IpcFailure(
          'jira-unauthorized',
          response.status === 401
            ? 'Jira refused the credentials (401): check the e-mail address and token.'
            : 'Jira refused the request (403): the account lacks the permission.',
        );
      }
      if (text.length > MAX_ANSWER_BYTES) throw unexpected(`${method} ${path}`);
      let json: unknown = null;
      if (text.trim() !== '') {
        try {
          json = JSON.parse(text);
        } catch {
          throw unexpected(`${method} ${path}`);
        }
      }
      return { status: response.status, json };
    }
  };

  const rejected = (status: number, json: unknown): IpcFailure => {
    const detail = jiraMessage(json, scrub);
    return new IpcFailure(
      'jira-rejected',
      detail === null ? `Jira rejected the request (${status}).` : `Jira (${status}): ${detail}`,
    );
  };

  return {
    api: credentials.kind,

    async myself() {
      const { status, json } = await send('GET', `/rest/api/${version}/myself`, null, undefined);
      if (status !== 200) throw rejected(status, json);
      const parsed = MyselfSchema.safeParse(json);
      if (!parsed.success) throw unexpected('GET myself');
      return { displayName: parsed.data.displayName };
    },

    async bulkCreate(issueUpdates) {
      if (issueUpdates.length === 0) return { keys: [], failures: [] };
      if (issueUpdates.length > BULK_LIMIT) throw new Error('bulk create takes at most 50');
      const path = `/rest/api/${version}/issue/bulk`;
      const { status, json } = await send('POST', path, null, { issueUpdates });
      // 201: created, perhaps with some failed elements; 400: every element failed, same shape.
      if (status !== 201 && status !== 200 && status !== 400) throw rejected(status, json);
      const parsed = BulkAnswerSchema.safeParse(json);
      if (!parsed.success) {
        if (status === 400) throw rejected(status, json);
        throw unexpected('the bulk create');
      }
      const failures = new Map<number, string>();
      for (const failure of parsed.data.errors) {
        if (failure.failedElementNumber >= issueUpdates.length) throw unexpected('the bulk create');
        failures.set(
          failure.failedElementNumber,
          jiraMessage(failure.elementErrors ?? {}, scrub) ??
            `Jira did not create it (${failure.status ?? status}).`,
        );
      }
      // Jira lists created issues in request order, skipping the failed elements.
      const created = parsed.data.issues.map((issue) => issue.key);
      if (created.length !== issueUpdates.length - failures.size)
        throw unexpected('the bulk create');
      let next = 0;
      const keys = issueUpdates.map((_, index) => (failures.has(index) ? null : created[next++]!));
      return {
        keys,
        failures: [...failures].map(([index, message]) => ({ index, message })),
      };
    },

    async updateIssue(issueKey, body) {
      if (!IssueKeySchema.safeParse(issueKey).success) throw new Error('not an issue key');
      const path = `/rest/api/${version}/issue/${issueKey}`;
      const { status, json } = await send('PUT', path, null, body);
      if (status !== 204 && status !== 200) throw rejected(status, json);
    },

    async searchByLabels(projectKey, labels) {
      const found = new Map<string, string[]>();
      const wanted = new Set(labels);
      for (let start = 0; start < labels.length; start += LABELS_PER_QUERY) {
        const group = labels.slice(start, start + LABELS_PER_QUERY);
        const jql = `project = ${jqlString(projectKey)} AND labels in (${group.map(jqlString).join(', ')}) ORDER BY key ASC`;
        const pages = credentials.kind === 'cloud' ? searchCloud(jql) : searchDataCenter(jql);
        for await (const issue of pages) {
          for (const label of issue.fields?.labels ?? []) {
            if (!wanted.has(label)) continue;
            const keys = found.get(label) ?? [];
            if (!keys.includes(issue.key)) keys.push(issue.key);
            found.set(label, keys);
          }
        }
      }
      return found;
    },
  };

  async function* searchCloud(jql: string) {
    let token: string | null = null;
    for (let page = 0; page < MAX_SEARCH_PAGES; page++) {
      const query: Record<string, string> = {
        jql,
        fields: 'labels',
        maxResults: String(SEARCH_PAGE_SIZE),
        ...(token === null ? {} : { nextPageToken: token }),
      };
      const { status, json } = await send('GET', '/rest/api/3/search/jql', query, undefined);
      if (status !== 200) throw rejected(status, json);
      const parsed = CloudSearchSchema.safeParse(json);
      if (!parsed.success) throw unexpected('the label search');
      yield* parsed.data.issues;
      token = parsed.data.nextPageToken ?? null;
      if (token === null || parsed.data.isLast === true) return;
    }
  }

  async function* searchDataCenter(jql: string) {
    let startAt = 0;
    for (let page = 0; page < MAX_SEARCH_PAGES; page++) {
      const query = {
        jql,
        fields: 'labels',
        startAt: String(startAt),
        maxResults: String(SEARCH_PAGE_SIZE),
      };
      const { status, json } = await send('GET', '/rest/api/2/search', query, undefined);
      if (status !== 200) throw rejected(status, json);
      const parsed = DataCenterSearchSchema.safeParse(json);
      if (!parsed.success) throw unexpected('the label search');
      yield* parsed.data.issues;
      startAt += parsed.data.issues.length;
      if (parsed.data.issues.length === 0 || startAt >= parsed.data.total) return;
    }
  }
}
