/**
 * The security checklist of the window, asserted on what the real factory passes to a mocked
 * `BrowserWindow` and on the guards it installs (issue 5, "a checklist test").
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL, createMainWindow, type MainWindowDeps } from './createMainWindow';

type Listener = (...args: never[]) => void;

class FakeWindow {
  static created: FakeWindow[] = [];
  readonly options: BrowserWindowConstructorOptions;
  readonly listeners = new Map<string, Listener[]>();
  readonly contentsListeners = new Map<string, Listener[]>();
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  permissionRequest: ((c: unknown, p: string, cb: (granted: boolean) => void) => void) | null =
    null;
  permissionCheck: ((c: unknown, p: string) => boolean) | null = null;
  loaded: string[] = [];
  closed = 0;
  title = '';
  edited = false;
  maximized = false;
  readonly webContents = {
    on: (event: string, listener: Listener) => {
      this.contentsListeners.set(event, [...(this.contentsListeners.get(event) ?? []), listener]);
    },
    setWindowOpenHandler: (handler: (details: { url: string }) => { action: string }) => {
      this.openHandler = handler;
    },
    session: {
      setPermissionRequestHandler: (handler: FakeWindow['permissionRequest']) => {
        this.permissionRequest = handler;
      },
      setPermissionCheckHandler: (handler: FakeWindow['permissionCheck']) => {
        this.permissionCheck = handler;
      },
      setDevicePermissionHandler: vi.fn(),
    },
  };
  constructor(options: BrowserWindowConstructorOptions) {
    this.options = options;
    FakeWindow.created.push(this);
  }
  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  once(event: string, listener: Listener) {
    this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]) {
    for (const listener of this.listeners.get(event) ?? [])
      (listener as (...a: unknown[]) => void)(...args);
  }
  emitContents(event: string, ...args: unknown[]) {
    for (const listener of this.contentsListeners.get(event) ?? [])
      (listener as (...a: unknown[]) => void)(...args);
  }
  loadURL(url: string) {
    this.loaded.push(url);
    return Promise.resolve();
  }
  close() {
    this.closed += 1;
    const event = {
      defaultPrevented: false,
      preventDefault: () => (event.defaultPrevented = true),
    };
    this.emit('close', event);
    return event.defaultPrevented;
  }
  show = vi.fn();
  maximize = vi.fn(() => (this.maximized = true));
  isMaximized = () => this.maximized;
  isMinimized = () => false;
  getBounds = () => ({ x: 10, y: 20, width: 1000, height: 700 });
  getNormalBounds = () => ({ x: 10, y: 20, width: 1000, height: 700 });
  setTitle = (title: string) => (this.title = title);
  setDocumentEdited = (edited: boolean) => (this.edited = edited);
}

function setUp(overrides: Partial<MainWindowDeps> = {}) {
  FakeWindow.created = [];
  const offered: string[] = [];
  const savedStates: unknown[] = [];
  const sent: { window: unknown; command: unknown }[] = [];
  const cancelled: number[] = [];
  const deps: MainWindowDeps = {
    BrowserWindow: FakeWindow as unknown as MainWindowDeps['BrowserWindow'],
    preloadPath: '/app/dist/electron/preload.cjs',
    restoredState: { bounds: null, maximized: false },
    backgroundColor: '#1a1b1e',
    offerExternalLink: (url) => offered.push(url),
    saveWindowState: (state) => savedStates.push(state),
    askBeforeClosing: async () => 'cancel',
    sendCommand: (window, command) => sent.push({ window, command }),
    onCloseCancelled: () => cancelled.push(1),
    log: () => {},
    devTools: false,
    ...overrides,
  };
  const main = createMainWindow(deps);
  const fake = FakeWindow.created[0]!;
  return { main, fake, offered, savedStates, sent, cancelled };
}

describe('the window factory (security checklist)', () => {
  it('passes the hardened web preferences to BrowserWindow', () => {
    const { fake } = setUp();
    const preferences = fake.options.webPreferences!;
    expect(preferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      preload: '/app/dist/electron/preload.cjs',
    });
    expect(preferences.preload).toMatch(/\.cjs$/);
    expect(preferences).not.toHaveProperty('enableBlinkFeatures');
    // No developer tools in a packaged build; no spellchecker dictionary downloads.
    expect(preferences.devTools).toBe(false);
    expect(preferences.spellcheck).toBe(false);
    expect(fake.options.show).toBe(false);
  });

  it('loads the page from the privileged app:// origin, never file:// or http', () => {
    const { fake } = setUp();
    expect(fake.loaded).toEqual([APP_ENTRY_URL]);
    expect(APP_ENTRY_URL).toBe('app://gatehouse/index.html');
  });

  it('denies navigation away from the app and offers the link to the system browser instead', () => {
    const { fake, offered } = setUp();
    for (const event of ['will-navigate', 'will-redirect']) {
      const outside = { preventDefault: vi.fn(), url: '' };
      fake.emitContents(event, outside, 'https://evil.example/phish');
      expect(outside.preventDefault).toHaveBeenCalled();
      const inside = { preventDefault: vi.fn(), url: '' };
      fake.emitContents(event, inside, 'app://gatehouse/index.html');
      expect(inside.preventDefault).not.toHaveBeenCalled();
    }
    expect(offered).toEqual(['https://evil.example/phish', 'https://evil.example/phish']);
  });

  it('denies window.open and webviews', () => {
    const { fake, offered } = setUp();
    expect(fake.openHandler!({ url: 'https://owasp.org/' })).toEqual({ action: 'deny' });
    expect(fake.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(offered).toEqual(['https://owasp.org/', 'file:///etc/passwd']);
    const attach = { preventDefault: vi.fn() };
    fake.emitContents('will-attach-webview', attach);
    expect(attach.preventDefault).toHaveBeenCalled();
  });

  it('denies every permission request and check', () => {
    const { fake } = setUp();
    for (const permission of [
      'media',
      'notifications',
      'clipboard-read',
      'geolocation',
      'openExternal',
    ]) {
      const callback = vi.fn();
      fake.permissionRequest!(null, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(fake.permissionCheck!(null, permission)).toBe(false);
    }
    expect(fake.webContents.session.setDevicePermissionHandler).toHaveBeenCalled();
  });

  it('restores a remembered place and maximized state', () => {
    const { fake } = setUp({
      restoredState: { bounds: { x: 5, y: 6, width: 900, height: 600 }, maximized: true },
    });
    expect(fake.options).toMatchObject({ x: 5, y: 6, width: 900, height: 600 });
    // Maximizing a hidden window would show it before its first frame: only at ready-to-show.
    expect(fake.maximize).not.toHaveBeenCalled();
    fake.emit('ready-to-show');
    expect(fake.maximize).toHaveBeenCalled();
    expect(fake.show).toHaveBeenCalled();
  });
});

describe('closing a window', () => {
  it('closes at once without unsaved changes and remembers the place', () => {
    const { fake, savedStates } = setUp();
    expect(fake.close()).toBe(false);
    expect(savedStates).toEqual([
      { bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: false },
    ]);
  });

  it('asks before closing with unsaved changes; cancel keeps the window and calls off a quit', async () => {
    const ask = vi.fn(async () => 'cancel' as const);
    const { main, fake, cancelled } = setUp({ askBeforeClosing: ask });
    main.setDocumentState({ title: 'Web shop', dirty: true });
    expect(fake.title).toBe('Web shop — Gatehouse');
    expect(fake.edited).toBe(true);
    expect(fake.close()).toBe(true);
    await vi.waitFor(() => expect(ask).toHaveBeenCalledWith(fake, 'Web shop'));
    await vi.waitFor(() => expect(cancelled).toEqual([1]));
    expect(fake.closed).toBe(1);
  });

  it('still asks when remembering the window place fails', async () => {
    const ask = vi.fn(async () => 'cancel' as const);
    const { main, fake } = setUp({
      askBeforeClosing: ask,
      saveWindowState: () => {
        throw new Error('bounds outside the schema');
      },
    });
    main.setDocumentState({ title: 'A', dirty: true });
    expect(fake.close()).toBe(true);
    await vi.waitFor(() => expect(ask).toHaveBeenCalled());
  });

  it('discard closes; save asks the renderer to save and close', async () => {
    const discard = setUp({ askBeforeClosing: async () => 'discard' });
    discard.main.setDocumentState({ title: 'A', dirty: true });
    discard.fake.close();
    await vi.waitFor(() => expect(discard.fake.closed).toBe(2));

    const save = setUp({ askBeforeClosing: async () => 'save' });
    save.main.setDocumentState({ title: 'A', dirty: true });
    save.fake.close();
    await vi.waitFor(() =>
      expect(save.sent).toEqual([{ window: save.fake, command: { command: 'saveAndClose' } }]),
    );
    expect(save.fake.closed).toBe(1);
    // After the renderer saved, it asks main to close without asking again.
    save.main.closeWithoutAsking();
    expect(save.fake.closed).toBe(2);
  });
});

describe('menu commands to a window', () => {
  it('wait until the renderer listens, then arrive in order', () => {
    const { main, fake, sent } = setUp();
    main.send({ command: 'openRecent', recentId: 'r_0123456789abcdef' });
    main.send({ command: 'save' });
    expect(sent).toEqual([]);
    main.markReady();
    expect(sent).toEqual([
      { window: fake, command: { command: 'openRecent', recentId: 'r_0123456789abcdef' } },
      { window: fake, command: { command: 'save' } },
    ]);
    main.send({ command: 'undo' });
    expect(sent.at(-1)).toEqual({ window: fake, command: { command: 'undo' } });
  });
});
