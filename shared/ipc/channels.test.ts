import { describe, expect, it } from 'vitest';
import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  type EventChannel,
  type InvokeChannel,
} from './channelNames';
import {
  EVENT_CONTRACT,
  INVOKE_CONTRACT,
  type EventOf,
  type RequestOf,
  type ResponseOf,
} from './channels';
import { IPC_ERROR_CODES, IPC_ERROR_MESSAGES } from './errors';
import { fail, ipcResultSchema, ok } from './envelope';

const HANDLE = 'h_0123456789abcdefABCD';
const MODEL = '{"format":"gatehouse-model"}';
const PUSH = { modelText: MODEL, projectKey: 'SHOP', which: 'accepted' } as const;

/** One valid request per channel: a channel added without a sample does not compile. */
const VALID_REQUESTS: { [C in InvokeChannel]: RequestOf<C> } = {
  'app:info': {},
  'app:setDocumentState': { title: 'Web shop', dirty: true },
  'app:openExternal': { url: 'https://owasp.org/' },
  'window:close': {},
  'window:ready': {},
  'file:open': {},
  'file:openRecent': { id: HANDLE },
  'file:listRecent': {},
  'file:save': {
    handle: null,
    suggestedName: 'shop.gatehouse.json',
    text: MODEL,
    overwrite: false,
  },
  'file:import': { accept: ['.json', '.tm7', 'application/json'] },
  'file:export': { suggestedName: 'd.png', mimeType: 'image/png', content: new Uint8Array([1]) },
  'report:renderPdf': { html: '<!doctype html><title>Report</title>' },
  'settings:get': {},
  'settings:update': { patch: { theme: 'dark' } },
  'jira:getConnection': {},
  'jira:saveConnection': {
    connection: {
      kind: 'cloud',
      site: 'https://acme.atlassian.net',
      email: 'a@acme.io',
      token: 't',
    },
  },
  'jira:forgetConnection': {},
  'jira:testConnection': {},
  'jira:preview': PUSH,
  'jira:push': PUSH,
};

/** One valid answer per channel. */
const VALID_RESPONSES: { [C in InvokeChannel]: ResponseOf<C> } = {
  'app:info': { version: '0.1.0', os: 'linux' },
  'app:setDocumentState': {},
  'app:openExternal': { opened: false },
  'window:close': {},
  'window:ready': {},
  'file:open': { file: { name: 'shop.gatehouse.json', text: MODEL, handle: HANDLE } },
  'file:openRecent': { file: null },
  'file:listRecent': { files: [{ id: HANDLE, name: 'shop.gatehouse.json', folderName: 'repo' }] },
  'file:save': { saved: { name: 'shop.gatehouse.json', handle: HANDLE } },
  'file:import': { file: { name: 'x.tm7', text: '<x/>', handle: null } },
  'file:export': { saved: true },
  'report:renderPdf': { pdf: new Uint8Array([0x25, 0x50, 0x44, 0x46]) },
  'settings:get': { theme: 'auto' },
  'settings:update': { theme: 'dark' },
  'jira:getConnection': { connection: null, secretStorage: 'basic-text' },
  'jira:saveConnection': {
    connection: { kind: 'data-center', baseUrl: 'https://jira.acme.io', hasToken: true },
  },
  'jira:forgetConnection': {},
  'jira:testConnection': { displayName: 'Ada' },
  'jira:preview': {
    epics: [{ featureId: 'checkout', name: 'Checkout', issueKey: null }],
    stories: [
      {
        storyId: 'S-0123456789abcdef',
        summary: 'Encrypt',
        action: 'create',
        issueKey: null,
        keySource: null,
      },
    ],
  },
  'jira:push': {
    epics: [{ featureId: 'checkout', outcome: 'created', issueKey: 'SHOP-11', message: null }],
    results: [
      {
        storyId: 'S-0123456789abcdef',
        outcome: 'created',
        issueKey: 'SHOP-12',
        message: null,
      },
    ],
  },
};

const VALID_EVENTS: { [C in EventChannel]: EventOf<C> } = {
  'menu:command': { command: 'openRecent', recentId: HANDLE },
  'jira:progress': { done: 3, total: 10, phase: 'stories' },
};

describe('the IPC channel table', () => {
  it('names every channel domain:verb, once, and gives each a contract', () => {
    const all = [...INVOKE_CHANNELS, ...EVENT_CHANNELS];
    expect(new Set(all).size).toBe(all.length);
    for (const channel of all) expect(channel).toMatch(/^[a-z]+:[a-z][A-Za-z]*$/);
    expect(Object.keys(INVOKE_CONTRACT).sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(Object.keys(EVENT_CONTRACT).sort()).toEqual([...EVENT_CHANNELS].sort());
  });

  it.each(INVOKE_CHANNELS)(
    '%s: accepts its sample, refuses unknown keys and wrong types',
    (channel) => {
      const { request, response } = INVOKE_CONTRACT[channel];
      const sampleRequest = VALID_REQUESTS[channel] as Record<string, unknown>;
      const sampleResponse = VALID_RESPONSES[channel] as Record<string, unknown>;
      expect(request.safeParse(sampleRequest).success).toBe(true);
      expect(response.safeParse(sampleResponse).success).toBe(true);
      expect(request.safeParse({ ...sampleRequest, extra: 1 }).success).toBe(false);
      expect(response.safeParse({ ...sampleResponse, extra: 1 }).success).toBe(false);
      for (const wrong of [null, undefined, 'x', 42, []]) {
        expect(request.safeParse(wrong).success).toBe(false);
      }
    },
  );

  it.each(EVENT_CHANNELS)('%s: accepts its sample and refuses unknown keys', (channel) => {
    const schema = EVENT_CONTRACT[channel];
    expect(schema.safeParse(VALID_EVENTS[channel]).success).toBe(true);
    expect(schema.safeParse({ ...VALID_EVENTS[channel], extra: 1 }).success).toBe(false);
  });

  it('bounds strings: a 65 MB text or a 5,000-character URL is refused', () => {
    const huge = 'x'.repeat(64 * 1024 * 1024 + 1);
    expect(
      INVOKE_CONTRACT['file:save'].request.safeParse({ ...VALID_REQUESTS['file:save'], text: huge })
        .success,
    ).toBe(false);
    expect(
      INVOKE_CONTRACT['app:openExternal'].request.safeParse({
        url: `https://a.io/${'a'.repeat(5000)}`,
      }).success,
    ).toBe(false);
  });

  it('refuses paths where handles and file names are expected', () => {
    const open = INVOKE_CONTRACT['file:openRecent'].request;
    expect(open.safeParse({ id: '/etc/passwd' }).success).toBe(false);
    expect(open.safeParse({ id: '../../secret.json' }).success).toBe(false);
    const save = INVOKE_CONTRACT['file:save'].request;
    for (const suggestedName of ['../x.json', 'a/b.json', 'a\\b.json', 'a\nb.json', '']) {
      expect(save.safeParse({ ...VALID_REQUESTS['file:save'], suggestedName }).success).toBe(false);
    }
  });

  it('accepts only https Jira addresses', () => {
    const save = INVOKE_CONTRACT['jira:saveConnection'].request;
    for (const baseUrl of ['http://jira.acme.io', 'javascript:alert(1)', 'file:///etc', 'jira']) {
      expect(
        save.safeParse({ connection: { kind: 'data-center', baseUrl, token: 't' } }).success,
      ).toBe(false);
    }
  });
});

describe('the result envelope', () => {
  const schema = ipcResultSchema(INVOKE_CONTRACT['app:info'].response);

  it('carries a value or a known error code with a message', () => {
    expect(schema.safeParse(ok({ version: '1', os: 'darwin' })).success).toBe(true);
    expect(schema.safeParse(fail('not-granted')).success).toBe(true);
    expect(fail('not-granted')).toEqual({
      ok: false,
      error: { code: 'not-granted', message: IPC_ERROR_MESSAGES['not-granted'] },
    });
    expect(schema.safeParse({ ok: false, error: { code: 'boom', message: 'x' } }).success).toBe(
      false,
    );
    expect(
      schema.safeParse({ ok: true, value: { version: '1', os: 'darwin' }, x: 1 }).success,
    ).toBe(false);
  });

  it('has a message for every code and truncates long messages', () => {
    for (const code of IPC_ERROR_CODES) expect(IPC_ERROR_MESSAGES[code].length).toBeGreaterThan(10);
    const long = fail('internal', 'x'.repeat(5_000));
    expect(long.ok === false && long.error.message.length).toBe(2_000);
  });
});
