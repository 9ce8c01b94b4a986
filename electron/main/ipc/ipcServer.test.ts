import { describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN, INVOKE_CHANNELS } from '../../../shared/ipc/channelNames';
import { IpcFailure } from '../../../shared/ipc/envelope';
import type { HandlerTable } from './handlerTypes';
import {
  handleInvoke,
  registerIpcHandlers,
  sendEvent,
  type InvokeEventLike,
  type IpcServerOptions,
  type WebContentsLike,
} from './ipcServer';

function webContents(url = `${APP_ORIGIN}/index.html`, id = 1) {
  const sent: { channel: string; payload: unknown }[] = [];
  const contents: WebContentsLike & { sent: typeof sent } = {
    id,
    mainFrame: { url },
    sent,
    send: (channel, payload) => sent.push({ channel, payload }),
    isDestroyed: () => false,
  };
  return contents;
}

function eventFrom(contents: WebContentsLike, frame = contents.mainFrame): InvokeEventLike {
  return { sender: contents, senderFrame: frame };
}

const appWindows = new Set<number>([1]);
const logged: string[] = [];
const options: IpcServerOptions = {
  isAppWindow: (sender) => appWindows.has(sender.id),
  origin: APP_ORIGIN,
  logError: (message) => logged.push(message),
};

/** A handler table whose every handler records its calls (only some channels answer usefully). */
function recordingHandlers() {
  const calls: { channel: string; request: unknown }[] = [];
  const handlers = Object.fromEntries(
    INVOKE_CHANNELS.map((channel) => [
      channel,
      (request: unknown) => {
        calls.push({ channel, request });
        if (channel === 'app:info') return { version: '0.1.0', os: 'linux' };
        if (channel === 'app:openExternal') return { opened: true };
        return {};
      },
    ]),
  ) as unknown as HandlerTable;
  return { handlers, calls };
}

describe('handleInvoke', () => {
  it('runs the handler with the parsed request and wraps its answer', async () => {
    const { handlers, calls } = recordingHandlers();
    const result = await handleInvoke('app:info', handlers, eventFrom(webContents()), {}, options);
    expect(result).toEqual({ ok: true, value: { version: '0.1.0', os: 'linux' } });
    expect(calls).toEqual([{ channel: 'app:info', request: {} }]);
  });

  it.each([
    ['an extra key', { title: 'x', dirty: true, path: '/etc/passwd' }],
    ['a wrong type', { title: 'x', dirty: 'yes' }],
    ['a huge string', { title: 'x'.repeat(100_000), dirty: true }],
    ['no object', 'hello'],
    ['nothing', undefined],
  ])('refuses %s with invalid-request and never runs the handler', async (_name, request) => {
    const { handlers, calls } = recordingHandlers();
    const result = await handleInvoke(
      'app:setDocumentState',
      handlers,
      eventFrom(webContents()),
      request,
      options,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('invalid-request');
    // The message names where the request is wrong but does not echo what was sent.
    expect(!result.ok && result.error.message).not.toContain('x'.repeat(100));
    expect(calls).toEqual([]);
  });

  it.each([
    ['a subframe', (c: WebContentsLike) => eventFrom(c, { url: `${APP_ORIGIN}/index.html` })],
    ['another origin', () => eventFrom(webContents('https://evil.example/'))],
    ['a file: page', () => eventFrom(webContents('file:///tmp/x.html'))],
    ['a destroyed frame', (c: WebContentsLike) => ({ sender: c, senderFrame: null })],
    ['an unknown window', () => eventFrom(webContents(`${APP_ORIGIN}/`, 99))],
    ['a look-alike origin', () => eventFrom(webContents('app://gatehouse.evil/index.html'))],
  ])('refuses a message from %s with forbidden-sender and no side effect', async (_name, make) => {
    const { handlers, calls } = recordingHandlers();
    const result = await handleInvoke('file:open', handlers, make(webContents()), {}, options);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(calls).toEqual([]);
  });

  it('refuses a channel that is not in the contract', async () => {
    const { handlers } = recordingHandlers();
    const result = await handleInvoke(
      'fs:readFile' as never,
      handlers,
      eventFrom(webContents()),
      {},
      options,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });

  it('returns a typed failure as data and hides unexpected errors', async () => {
    const { handlers } = recordingHandlers();
    const failing = {
      ...handlers,
      'file:open': () => {
        throw new IpcFailure('not-granted', 'That file was not granted.');
      },
      'file:listRecent': () => {
        throw new Error('EACCES /home/ada/secret/path');
      },
    } as HandlerTable;
    const sender = eventFrom(webContents());
    expect(await handleInvoke('file:open', failing, sender, {}, options)).toEqual({
      ok: false,
      error: { code: 'not-granted', message: 'That file was not granted.' },
    });
    const hidden = await handleInvoke('file:listRecent', failing, sender, {}, options);
    expect(hidden).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(hidden)).not.toContain('/home/ada');
    expect(logged.at(-1)).toContain('file:listRecent');
  });

  it('checks the handler answer against the contract before sending it', async () => {
    const { handlers } = recordingHandlers();
    const leaky = {
      ...handlers,
      'file:listRecent': () => ({ files: [{ id: 'x', name: 'a', folderName: 'b', path: '/a' }] }),
    } as unknown as HandlerTable;
    const result = await handleInvoke(
      'file:listRecent',
      leaky,
      eventFrom(webContents()),
      {},
      options,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('registerIpcHandlers', () => {
  it('registers exactly one handler per contract channel and removes them all', async () => {
    const registered = new Map<
      string,
      (event: InvokeEventLike, request: unknown) => Promise<unknown>
    >();
    const ipcMain = {
      handle: vi.fn((channel: string, listener) => {
        expect(registered.has(channel)).toBe(false);
        registered.set(channel, listener);
      }),
      removeHandler: vi.fn((channel: string) => registered.delete(channel)),
    };
    const { handlers } = recordingHandlers();
    const unregister = registerIpcHandlers(ipcMain, handlers, options);
    expect([...registered.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    const answer = await registered.get('app:info')!(eventFrom(webContents()), {});
    expect(answer).toEqual({ ok: true, value: { version: '0.1.0', os: 'linux' } });
    unregister();
    expect(registered.size).toBe(0);
  });
});

describe('sendEvent', () => {
  it('sends a valid payload and refuses one that breaks the contract', () => {
    const contents = webContents();
    sendEvent(contents, 'jira:progress', { done: 1, total: 2, phase: 'stories' });
    expect(contents.sent).toEqual([
      { channel: 'jira:progress', payload: { done: 1, total: 2, phase: 'stories' } },
    ]);
    expect(() => sendEvent(contents, 'menu:command', { command: 'rm -rf' } as never)).toThrow();
    expect(contents.sent).toHaveLength(1);
  });
});
