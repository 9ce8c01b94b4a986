/**
 * Walks the IPC table against the real handler factories: every channel has exactly one
 * handler, and every channel refuses malformed requests before its handler runs.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN, INVOKE_CHANNELS } from '../../shared/ipc/channelNames';
import { DEFAULT_APP_SETTINGS } from '../../shared/ipc/settingsChannels';
import { createAppHandlers } from './appHandlers';
import { createFileService } from './files/fileService';
import { createHandlerTable } from './handlerTable';
import type { HandlerTable } from './ipc/handlerTypes';
import { handleInvoke, type InvokeEventLike } from './ipc/ipcServer';
import { createMemoryJiraConnectionStore } from './jira/connectionStore';
import { createJiraHandlers } from './jira/jiraHandlers';
import { createSecretStore } from './secrets/secretStore';
import { EphemeralPages } from './protocol/appProtocol';
import { createReportHandlers, type PdfRendererDeps } from './report/pdfRenderer';
import { createSettingsStore, nodeSettingsFs } from './settings/settingsFile';
import type { MainWindow } from './window/createMainWindow';

const userData = mkdtempSync(join(tmpdir(), 'gatehouse-table-'));
afterAll(() => rmSync(userData, { recursive: true, force: true }));

function realTable() {
  const settings = createSettingsStore({
    path: join(userData, 'settings.json'),
    fs: nodeSettingsFs,
    now: () => new Date(0),
    log: () => {},
  });
  const window = { setDocumentState: vi.fn(), closeWithoutAsking: vi.fn(), markReady: vi.fn() };
  const dialogs = { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() };
  const fetch = vi.fn();
  const createWindow = vi.fn(function () {
    throw new Error('no print window in this test');
  });
  const table = createHandlerTable({
    app: createAppHandlers({
      version: '0.1.0',
      os: 'linux',
      windowFor: (id) => (id === 1 ? (window as unknown as MainWindow) : undefined),
      settings,
      openExternal: vi.fn(async () => true),
      applyTheme: vi.fn(),
      onWindowClosedAfterSave: vi.fn(),
    }),
    files: createFileService({
      dialogs,
      userDataPath: userData,
      recentStore: { load: () => [], save: () => {} },
    }).handlers,
    report: createReportHandlers({
      BrowserWindow: createWindow as unknown as PdfRendererDeps['BrowserWindow'],
      pages: new EphemeralPages(),
    }),
    jira: createJiraHandlers({
      connections: createMemoryJiraConnectionStore(),
      secrets: createSecretStore({
        isEncryptionAvailable: () => true,
        encryptString: (text) => Buffer.from(text),
        decryptString: (bytes) => bytes.toString(),
      }),
      fetch,
    }),
  });
  return { table, window, dialogs, fetch, settings, createWindow };
}

const sender = {
  id: 1,
  mainFrame: { url: `${APP_ORIGIN}/index.html` },
  send: vi.fn(),
  isDestroyed: () => false,
};
const event: InvokeEventLike = { sender, senderFrame: sender.mainFrame };
const options = { origin: APP_ORIGIN, isAppWindow: () => true, logError: vi.fn() };

describe('the handler table', () => {
  it('has exactly one function per contract channel', () => {
    const { table } = realTable();
    expect(Object.keys(table).sort()).toEqual([...INVOKE_CHANNELS].sort());
    for (const channel of INVOKE_CHANNELS) expect(typeof table[channel]).toBe('function');
  });

  it.each(INVOKE_CHANNELS)(
    '%s refuses extra keys, wrong types and huge input with no side effect',
    async (channel) => {
      const { table, window, dialogs, fetch, createWindow } = realTable();
      for (const request of [
        { unexpected: true },
        null,
        'x'.repeat(1_000),
        [1, 2, 3],
        { handle: '/etc/passwd', id: '../../x', url: 42, patch: { theme: 'neon' } },
      ]) {
        const result = await handleInvoke(channel, table as HandlerTable, event, request, options);
        expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
      }
      expect(window.setDocumentState).not.toHaveBeenCalled();
      expect(dialogs.showOpenDialog).not.toHaveBeenCalled();
      expect(dialogs.showSaveDialog).not.toHaveBeenCalled();
      expect(fetch).not.toHaveBeenCalled();
      expect(createWindow).not.toHaveBeenCalled();
      expect(readdirSync(userData).filter((name) => name !== 'settings.json')).toEqual([]);
    },
  );
});

describe('the app and settings handlers', () => {
  it('answer valid requests', async () => {
    const { table, window, settings } = realTable();
    const call = (channel: (typeof INVOKE_CHANNELS)[number], request: unknown) =>
      handleInvoke(channel, table, event, request, options);
    expect(await call('app:info', {})).toEqual({
      ok: true,
      value: { version: '0.1.0', os: 'linux' },
    });
    expect(await call('app:setDocumentState', { title: 'Shop', dirty: true })).toEqual({
      ok: true,
      value: {},
    });
    expect(window.setDocumentState).toHaveBeenCalledWith({ title: 'Shop', dirty: true });
    expect(await call('app:openExternal', { url: 'https://owasp.org/' })).toEqual({
      ok: true,
      value: { opened: true },
    });
    expect(await call('settings:get', {})).toEqual({ ok: true, value: DEFAULT_APP_SETTINGS });
    expect(await call('settings:update', { patch: { theme: 'dark' } })).toEqual({
      ok: true,
      value: { ...DEFAULT_APP_SETTINGS, theme: 'dark' },
    });
    expect(settings.get().app.theme).toBe('dark');
    expect(await call('window:close', {})).toEqual({ ok: true, value: {} });
    expect(window.closeWithoutAsking).toHaveBeenCalled();
  });

  it('refuse a window the app does not know', async () => {
    const { table } = realTable();
    const stranger = { ...sender, id: 2 };
    const result = await handleInvoke(
      'window:close',
      table,
      { sender: stranger, senderFrame: stranger.mainFrame },
      {},
      options,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
  });
});
