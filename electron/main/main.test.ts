/**
 * The composition root with `electron` mocked: what must happen before `ready` (the privileged
 * scheme), what happens at `ready` (protocol handler, one IPC handler per channel, the menu, a
 * hardened window on app://), and the single-instance lock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS } from '../../shared/ipc/channelNames';

const electron = vi.hoisted(() => {
  const order: string[] = [];
  const state = {
    order,
    lock: true,
    ready: null as null | (() => void),
    userData: '',
    windows: [] as { options: Record<string, unknown>; loaded: string[] }[],
    ipc: new Map<string, unknown>(),
    appEvents: new Map<string, (...args: unknown[]) => void>(),
    menuTemplates: [] as unknown[],
    protocolHandlers: new Map<string, unknown>(),
  };
  return state;
});

vi.mock('electron', () => {
  class BrowserWindow {
    static getFocusedWindow = () => null;
    readonly record: { options: Record<string, unknown>; loaded: string[] };
    readonly webContents = {
      id: 7,
      on: () => {},
      once: () => {},
      setWindowOpenHandler: () => {},
      session: {
        setPermissionRequestHandler: () => {},
        setPermissionCheckHandler: () => {},
        setDevicePermissionHandler: () => {},
      },
    };
    constructor(options: Record<string, unknown>) {
      this.record = { options, loaded: [] };
      electron.windows.push(this.record);
    }
    on() {}
    once() {}
    maximize() {}
    loadURL(url: string) {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
  }
  return {
    app: {
      requestSingleInstanceLock: () => {
        electron.order.push('requestSingleInstanceLock');
        return electron.lock;
      },
      whenReady: () => {
        electron.order.push('whenReady');
        return new Promise<void>((resolve) => {
          electron.ready = resolve;
        });
      },
      on: (event: string, listener: (...args: unknown[]) => void) => {
        electron.appEvents.set(event, listener);
      },
      quit: () => electron.order.push('quit'),
      getPath: () => electron.userData,
      isReady: () => electron.ready === null,
      isPackaged: true,
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) =>
        electron.order.push(`registerSchemesAsPrivileged ${JSON.stringify(schemes)}`),
      handle: (scheme: string, handler: unknown) => {
        electron.order.push(`protocol.handle ${scheme}`);
        electron.protocolHandlers.set(scheme, handler);
      },
    },
    ipcMain: {
      handle: (channel: string, listener: unknown) => electron.ipc.set(channel, listener),
      removeHandler: (channel: string) => electron.ipc.delete(channel),
    },
    Menu: {
      buildFromTemplate: (template: unknown) => {
        electron.menuTemplates.push(template);
        return template;
      },
      setApplicationMenu: () => {},
    },
    nativeTheme: { themeSource: 'system', shouldUseDarkColors: false },
    net: { fetch: async () => new Response('{}') },
    safeStorage: {
      isEncryptionAvailable: () => false,
      encryptString: () => Buffer.from(''),
      decryptString: () => '',
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    shell: { openExternal: async () => {} },
    dialog: {},
    BrowserWindow,
  };
});

const userData = mkdtempSync(join(tmpdir(), 'gatehouse-main-'));
afterAll(() => rmSync(userData, { recursive: true, force: true }));

beforeEach(() => {
  vi.resetModules();
  electron.order.length = 0;
  electron.ready = null;
  electron.windows.length = 0;
  electron.ipc.clear();
  electron.appEvents.clear();
  electron.protocolHandlers.clear();
  electron.userData = userData;
});

describe('the main process', () => {
  it('registers app:// as privileged before waiting for ready, and nothing else before ready', async () => {
    electron.lock = true;
    await import('./main');
    const registration = electron.order.findIndex((entry) =>
      entry.startsWith('registerSchemesAsPrivileged'),
    );
    expect(registration).toBeGreaterThanOrEqual(0);
    expect(registration).toBeLessThan(electron.order.indexOf('whenReady'));
    expect(electron.order[registration]).toContain('"standard":true');
    expect(electron.order[registration]).toContain('"secure":true');
    // Before ready: no handler, no IPC, no window.
    expect(electron.protocolHandlers.size).toBe(0);
    expect(electron.ipc.size).toBe(0);
    expect(electron.windows).toHaveLength(0);
  });

  it('at ready serves app://, answers every channel and opens one hardened window on app://', async () => {
    electron.lock = true;
    await import('./main');
    const ready = electron.ready!;
    electron.ready = null;
    ready();
    await vi.waitFor(() => expect(electron.windows).toHaveLength(1));
    expect(electron.protocolHandlers.has('app')).toBe(true);
    expect([...electron.ipc.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    const [window] = electron.windows;
    expect(window!.loaded).toEqual(['app://gatehouse/index.html']);
    expect(window!.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(String((window!.options.webPreferences as { preload: string }).preload)).toMatch(
      /preload\.cjs$/,
    );
    // The protocol handler answers with the CSP (the built renderer may be absent here: 404).
    const handler = electron.protocolHandlers.get('app') as (request: Request) => Promise<Response>;
    const response = await handler(new Request('app://gatehouse/index.html'));
    expect(response.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
    // A packaged app has no developer tools in its menu.
    expect(JSON.stringify(electron.menuTemplates.at(-1))).not.toContain('toggleDevTools');
  });

  it('quits at once when another instance holds the lock', async () => {
    electron.lock = false;
    await import('./main');
    expect(electron.order).toContain('quit');
    expect(electron.order).not.toContain('whenReady');
  });
});
