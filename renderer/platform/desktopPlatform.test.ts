import { describe, expect, it, vi } from 'vitest';
import type { DesktopBridge } from '../../shared/ipc/bridge';
import { createDesktopApi, DesktopError, findDesktopBridge } from './desktopApi';
import { createDesktopPlatform } from './desktopPlatform';
import { PlatformError } from './platform';

const HANDLE = 'h_0123456789abcdefABCD';

/** A bridge whose channels answer from `answers` and record what they were sent. */
function fakeBridge(answers: Record<string, unknown>) {
  const calls: [string, unknown][] = [];
  const listeners = new Map<string, (payload: unknown) => void>();
  const bridge = new Proxy(
    {},
    {
      get: (_target, channel: string) =>
        channel === 'menu:command' || channel === 'jira:progress'
          ? (listener: (payload: unknown) => void) => {
              listeners.set(channel, listener);
              return () => listeners.delete(channel);
            }
          : async (request: unknown) => {
              calls.push([channel, request]);
              return answers[channel];
            },
    },
  ) as DesktopBridge;
  return { bridge, calls, listeners };
}

describe('the desktop API', () => {
  it('returns validated values and throws main errors with their code and message', async () => {
    const { bridge } = fakeBridge({
      'app:info': { ok: true, value: { version: '0.1.0', os: 'darwin' } },
      'file:open': { ok: false, error: { code: 'too-large', message: 'big.json is too large' } },
    });
    const api = createDesktopApi(bridge);
    await expect(api.call('app:info', {})).resolves.toEqual({ version: '0.1.0', os: 'darwin' });
    await expect(api.call('file:open', {})).rejects.toMatchObject({
      code: 'too-large',
      message: 'big.json is too large',
    });
  });

  it.each([
    ['an extra key', { ok: true, value: { version: '1', os: 'linux', path: '/x' } }],
    ['a wrong type', { ok: true, value: { version: 1, os: 'linux' } }],
    ['an unknown error code', { ok: false, error: { code: 'pwned', message: 'x' } }],
    ['no envelope', { version: '1', os: 'linux' }],
    ['nothing', undefined],
  ])('refuses an answer with %s as invalid-response', async (_name, answer) => {
    const api = createDesktopApi(fakeBridge({ 'app:info': answer }).bridge);
    const failure = await api.call('app:info', {}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DesktopError);
    expect((failure as DesktopError).code).toBe('invalid-response');
  });

  it('passes valid events on and drops malformed ones', () => {
    const { bridge, listeners } = fakeBridge({});
    const received: unknown[] = [];
    const stop = createDesktopApi(bridge).on('menu:command', (payload) => received.push(payload));
    listeners.get('menu:command')!({ command: 'save' });
    listeners.get('menu:command')!({ command: 'format-disk' });
    listeners.get('menu:command')!({ command: 'save', extra: true });
    expect(received).toEqual([{ command: 'save' }]);
    stop();
    expect(listeners.has('menu:command')).toBe(false);
  });

  it('finds the bridge only where the preload put it', () => {
    expect(findDesktopBridge({})).toBeNull();
    const bridge = {};
    expect(findDesktopBridge({ gatehouse: bridge })).toBe(bridge);
  });
});

describe('the desktop platform', () => {
  it('opens through main and keeps the opaque handle', async () => {
    const file = { name: 'shop.gatehouse.json', text: '{}', handle: HANDLE };
    const { bridge, calls } = fakeBridge({
      'file:open': { ok: true, value: { file } },
      'file:openRecent': { ok: true, value: { file } },
    });
    const platform = createDesktopPlatform(createDesktopApi(bridge));
    expect(platform.kind).toBe('desktop');
    await expect(platform.openModelFile()).resolves.toEqual(file);
    await expect(platform.openRecentFile!(HANDLE)).resolves.toEqual(file);
    expect(calls).toEqual([
      ['file:open', {}],
      ['file:openRecent', { id: HANDLE }],
    ]);
  });

  it('saves to the handle, with a safe suggested name and overwrite only when asked', async () => {
    const { bridge, calls } = fakeBridge({
      'file:save': { ok: true, value: { saved: { name: 'a.gatehouse.json', handle: HANDLE } } },
    });
    const platform = createDesktopPlatform(createDesktopApi(bridge));
    const saved = await platform.saveModelFile({
      suggestedName: '../Shop: v2.gatehouse.json',
      text: '{}',
      handle: HANDLE,
    });
    expect(saved).toEqual({ name: 'a.gatehouse.json', handle: HANDLE });
    expect(calls[0]).toEqual([
      'file:save',
      { handle: HANDLE, suggestedName: '_Shop_ v2.gatehouse.json', text: '{}', overwrite: false },
    ]);
  });

  it('turns main failures into platform errors the app already shows', async () => {
    const { bridge } = fakeBridge({
      'file:save': { ok: false, error: { code: 'changed-on-disk', message: 'a.json changed' } },
      'file:openRecent': { ok: false, error: { code: 'not-granted', message: 'choose it again' } },
      'file:export': { ok: true, value: { saved: false } },
    });
    const platform = createDesktopPlatform(createDesktopApi(bridge));
    const saving = await platform
      .saveModelFile({ suggestedName: 'a.json', text: '{}', handle: HANDLE })
      .catch((error: unknown) => error);
    expect(saving).toBeInstanceOf(PlatformError);
    expect(saving).toMatchObject({ code: 'changed-on-disk', message: 'a.json changed' });
    // A recent entry main no longer knows reads as a file that cannot be read.
    await expect(platform.openRecentFile!('h_0123456789abcdefABCD')).rejects.toMatchObject({
      code: 'unreadable',
      message: 'choose it again',
    });
    // A cancelled export dialog is reported as nothing written.
    await expect(
      platform.exportFile({ suggestedName: 'a.csv', mimeType: 'text/csv', content: 'x' }),
    ).resolves.toBe(false);
  });

  it('exports images as bytes and text as text', async () => {
    const { bridge, calls } = fakeBridge({ 'file:export': { ok: true, value: { saved: true } } });
    const platform = createDesktopPlatform(createDesktopApi(bridge));
    await platform.exportFile({
      suggestedName: 'd.png',
      mimeType: 'image/png',
      content: new Blob([new Uint8Array([137, 80, 78, 71])]),
    });
    await platform.exportFile({ suggestedName: 'a.csv', mimeType: 'text/csv', content: 'a,b\n' });
    const first = calls[0]![1] as { content: Uint8Array };
    expect([...first.content]).toEqual([137, 80, 78, 71]);
    expect(calls[1]).toEqual([
      'file:export',
      { suggestedName: 'a.csv', mimeType: 'text/csv', content: 'a,b\n' },
    ]);
    vi.restoreAllMocks();
  });
});
