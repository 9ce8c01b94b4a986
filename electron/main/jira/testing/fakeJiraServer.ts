/**
 * A local stand-in for Jira's documented REST endpoints, for tests only: a real `node:http`
 * server on 127.0.0.1 (port 0) that answers like Jira Cloud v3 or Data Center v2 — `myself`,
 * issue create, bulk create (with partial failure), update, `search/jql` (Cloud) or `search`
 * (Data Center), 429 with `Retry-After`, 401 for wrong credentials — and records each request.
 *
 * The client insists on https; tests keep the configured site (`https://…`) and pass
 * `rewritingFetch`, which sends the same request to this server over http instead.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FetchLike } from '../jiraClient';

export interface FakeJiraOptions {
  kind: 'cloud' | 'data-center';
  /** Cloud only: the account's e-mail. */
  email?: string;
  token: string;
  /** The first this many requests get 429 with `retryAfter`. */
  rateLimitFirst?: number;
  /** The `Retry-After` value sent with 429 (default `"2"`). */
  retryAfter?: string;
  /** Bulk elements with a summary containing this text fail (400 in `elementErrors`). */
  failSummariesContaining?: string | null;
  /** Search page size the server uses, whatever `maxResults` asks (to test paging). */
  searchPageSize?: number;
}

/** One request as the server saw it (never the Authorization value). */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorized: boolean;
}

/** An issue in the fake's store. */
export interface FakeIssue {
  key: string;
  fields: Record<string, unknown>;
}

export interface FakeJira {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: RecordedRequest[];
  readonly issues: Map<string, FakeIssue>;
  /** Adds an issue directly (as if someone created it in Jira). */
  seed(projectKey: string, fields: Record<string, unknown>): string;
  /** Changes behaviour between steps of a test. */
  configure(patch: Partial<FakeJiraOptions>): void;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function answer(response: ServerResponse, status: number, body?: unknown, headers = {}): void {
  response.writeHead(status, {
    ...headers,
    ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
  });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}

/** The quoted strings of a JQL `labels in (…)` clause and the project. */
function parseJql(jql: string): { project: string | null; labels: string[] } {
  const unquote = (quoted: string) => quoted.slice(1, -1).replace(/\\(.)/g, '$1');
  const project = /project = ("(?:[^"\\]|\\.)*")/.exec(jql)?.[1];
  const list = /labels in \(([^)]*)\)/.exec(jql)?.[1] ?? '';
  return {
    project: project === undefined ? null : unquote(project),
    labels: [...list.matchAll(/"(?:[^"\\]|\\.)*"/g)].map((match) => unquote(match[0])),
  };
}

/** Starts a fake Jira; close it after the test. */
export async function startFakeJira(initial: FakeJiraOptions): Promise<FakeJira> {
  const options: FakeJiraOptions = { ...initial };
  const requests: RecordedRequest[] = [];
  const issues = new Map<string, FakeIssue>();
  const counters = new Map<string, number>();
  let served = 0;

  const create = (fields: Record<string, unknown>): string => {
    const project = (fields['project'] as { key?: string } | undefined)?.key ?? 'NONE';
    const next = (counters.get(project) ?? 0) + 1;
    counters.set(project, next);
    const key = `${project}-${next}`;
    issues.set(key, { key, fields: structuredClone(fields) });
    return key;
  };

  /** Why Jira would refuse these fields, or null. */
  const problems = (fields: Record<string, unknown>): Record<string, string> | null => {
    const errors: Record<string, string> = {};
    if (typeof (fields['project'] as { key?: unknown } | undefined)?.key !== 'string')
      errors['project'] = 'project is required';
    if (typeof fields['summary'] !== 'string' || fields['summary'] === '')
      errors['summary'] = 'You must specify a summary of the issue.';
    const needle = options.failSummariesContaining ?? null;
    if (needle !== null && String(fields['summary']).includes(needle))
      errors['priority'] = 'Specify a valid priority.';
    return Object.keys(errors).length > 0 ? errors : null;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const text = await readBody(request);
    let body: unknown;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      body = text;
    }
    const expectedAuthorization =
      options.kind === 'cloud'
        ? `Basic ${Buffer.from(`${options.email ?? ''}:${options.token}`).toString('base64')}`
        : `Bearer ${options.token}`;
    const authorized = request.headers.authorization === expectedAuthorization;
    requests.push({
      method: request.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      authorized,
    });
    served += 1;
    if (served <= (options.rateLimitFirst ?? 0)) {
      answer(response, 429, undefined, { 'Retry-After': options.retryAfter ?? '2' });
      return;
    }
    // Jira answers 401 without saying anything about the credentials it got.
    if (!authorized) {
      answer(response, 401, {
        errorMessages: ['You are not authenticated. Authentication required to perform this.'],
        errors: {},
      });
      return;
    }
    const api = options.kind === 'cloud' ? '/rest/api/3' : '/rest/api/2';
    const path = url.pathname.startsWith(api) ? url.pathname.slice(api.length) : null;
    const fields = (body as { fields?: Record<string, unknown> } | null)?.fields ?? {};

    if (request.method === 'GET' && path === '/myself') {
      answer(response, 200, { accountId: '5b10a2844c20165700ede21g', displayName: 'Ada Lovelace' });
    } else if (request.method === 'POST' && path === '/issue') {
      const refused = problems(fields);
      if (refused !== null) answer(response, 400, { errorMessages: [], errors: refused });
      else {
        const key = create(fields);
        answer(response, 201, { id: key, key, self: `${api}/issue/${key}` });
      }
    } else if (request.method === 'POST' && path === '/issue/bulk') {
      const updates = (body as { issueUpdates?: { fields: Record<string, unknown> }[] } | null)
        ?.issueUpdates;
      if (!Array.isArray(updates) || updates.length > 50) {
        answer(response, 400, { errorMessages: ['issueUpdates: at most 50'], errors: {} });
        return;
      }
      const created: { id: string; key: string; self: string }[] = [];
      const errors: unknown[] = [];
      updates.forEach((update, index) => {
        const refused = problems(update.fields);
        if (refused !== null) {
          errors.push({
            status: 400,
            elementErrors: { errorMessages: [], errors: refused },
            failedElementNumber: index,
          });
        } else {
          const key = create(update.fields);
          created.push({ id: key, key, self: `${api}/issue/${key}` });
        }
      });
      answer(response, created.length > 0 ? 201 : 400, { issues: created, errors });
    } else if (request.method === 'PUT' && path?.startsWith('/issue/')) {
      const key = decodeURIComponent(path.slice('/issue/'.length));
      const issue = issues.get(key);
      if (!issue) {
        answer(response, 404, { errorMessages: ['Issue does not exist'], errors: {} });
        return;
      }
      if ('project' in fields || 'issuetype' in fields) {
        answer(response, 400, {
          errorMessages: [],
          errors: { project: "Field 'project' cannot be set." },
        });
        return;
      }
      const labelOperations =
        (body as { update?: { labels?: { add?: string }[] } } | null)?.update?.labels ?? [];
      const labels = new Set((issue.fields['labels'] as string[] | undefined) ?? []);
      for (const operation of labelOperations) if (operation.add) labels.add(operation.add);
      issue.fields = { ...issue.fields, ...structuredClone(fields), labels: [...labels] };
      answer(response, 204);
    } else if (
      request.method === 'GET' &&
      (path === '/search/jql' || (options.kind === 'data-center' && path === '/search'))
    ) {
      const jql = parseJql(url.searchParams.get('jql') ?? '');
      const matches = [...issues.values()].filter(
        (issue) =>
          (jql.project === null || issue.key.startsWith(`${jql.project}-`)) &&
          ((issue.fields['labels'] as string[] | undefined) ?? []).some((label) =>
            jql.labels.includes(label),
          ),
      );
      const size = Math.min(
        options.searchPageSize ?? 50,
        Number(url.searchParams.get('maxResults') ?? '50'),
      );
      const start =
        options.kind === 'cloud'
          ? Number(url.searchParams.get('nextPageToken') ?? '0')
          : Number(url.searchParams.get('startAt') ?? '0');
      const page = matches.slice(start, start + size).map((issue) => ({
        id: issue.key,
        key: issue.key,
        fields: { labels: issue.fields['labels'] ?? [] },
      }));
      const more = start + size < matches.length;
      answer(
        response,
        200,
        options.kind === 'cloud'
          ? {
              issues: page,
              ...(more ? { nextPageToken: String(start + size) } : {}),
              isLast: !more,
            }
          : { startAt: start, maxResults: size, total: matches.length, issues: page },
      );
    } else {
      answer(response, 404, { errorMessages: ['Not found'], errors: {} });
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => answer(response, 500));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    issues,
    seed: (projectKey, fields) => create({ ...fields, project: { key: projectKey } }),
    configure: (patch) => Object.assign(options, patch),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A `fetch` that sends requests for `fromOrigin` (the configured https site) to the fake
 * server instead, unchanged otherwise: production code keeps its https-only rule.
 */
export function rewritingFetch(fromOrigin: string, toUrl: string): FetchLike {
  return (url, init) => {
    if (!url.startsWith(fromOrigin)) throw new TypeError(`unexpected address ${url}`);
    return fetch(`${toUrl}${url.slice(fromOrigin.length)}`, init);
  };
}
